"""Event kinds: dotted names with a human label and a default channel.

Feature apps register theirs in ``AppConfig.ready()``::

    from civic.notifications.kinds import Channel, kind_register

    kind_register("consultation.opened", _("A consultation opens"), Channel.EMAIL)

Every person may override the default per kind on their preferences page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a person hears about one kind of event. Every channel but OFF includes the feed."""

    IN_APP = "in_app", _("On the site only")
    EMAIL = "email", _("Email at once")
    DAILY = "daily", _("Daily email digest")
    WEEKLY = "weekly", _("Weekly email digest")
    OFF = "off", _("Off")


@dataclass(frozen=True)
class Kind:
    kind: str
    label: str | Promise
    default_channel: Channel


_kinds: dict[str, Kind] = {}

# The notifications app's own kind: an announcement to an area (also used by the demo).
ANNOUNCEMENT = "notifications.announcement"


def kind_register(kind: str, label: str | Promise, default_channel: str = Channel.IN_APP) -> Kind:
    """Declare an event kind (idempotent: registering the same kind again replaces it)."""
    if not kind or "." not in kind or len(kind) > 80:
        raise ValueError(f"event kinds are dotted names of at most 80 characters: {kind!r}")
    registered = Kind(kind=kind, label=label, default_channel=Channel(default_channel))
    _kinds[kind] = registered
    return registered


def kind_get(kind: str) -> Kind:
    try:
        return _kinds[kind]
    except KeyError:
        raise LookupError(f"event kind {kind!r} is not registered (use kind_register)") from None


def kind_default_channel(kind: str) -> Channel:
    """The default channel; an unknown kind (its feature was removed) stays on the site."""
    found = _kinds.get(kind)
    return found.default_channel if found else Channel.IN_APP


def kind_label(kind: str) -> str:
    found = _kinds.get(kind)
    return str(found.label) if found else kind


def kinds() -> list[Kind]:
    """Every registered kind, in a stable order."""
    return sorted(_kinds.values(), key=lambda k: k.kind)
