from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from civic.sdg.goals import sdg_goals


class LocalTargetForm(forms.Form):
    """Parses a local target; the service validates and saves it."""

    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int, choices=())
    global_target = forms.CharField(
        label=_("Global target"),
        max_length=5,
        required=False,
        help_text=_("The UN target it localises, e.g. 11.2 (optional)."),
    )
    code = forms.CharField(
        label=_("Code"), max_length=20, help_text=_("Your own reference, e.g. 11.2-T1.")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    indicator = forms.CharField(label=_("Indicator"), max_length=300, required=False)
    target_year = forms.IntegerField(
        label=_("Target year"), required=False, min_value=2000, max_value=2100
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language()
        goal_field = self.fields["goal"]
        assert isinstance(goal_field, forms.TypedChoiceField)
        goal_field.choices = [
            (goal.number, f"{goal.number}. {goal.short(language)}") for goal in sdg_goals()
        ]
