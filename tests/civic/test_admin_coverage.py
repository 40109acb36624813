"""Staff can reach every model in the admin, directly or inline."""

from __future__ import annotations


def test_every_model_is_in_the_admin_directly_or_inline() -> None:
    from django.apps import apps
    from django.contrib import admin

    shown: set[type] = set(admin.site._registry)
    for model_admin in admin.site._registry.values():
        shown |= {inline.model for inline in model_admin.inlines}
    # Internal bookkeeping with nothing for staff to fix, and dialogue votes, which stay
    # out of the admin so that nobody browses how a person voted.
    internal = {"supportquota", "statementvote"}
    missing = [
        f"{model._meta.app_label}.{model._meta.model_name}"
        for label in ("accounts", "places", "notifications", "participation", "budgeting")
        for model in apps.get_app_config(label).get_models()
        if model not in shown and model._meta.model_name not in internal
    ]
    assert missing == []
