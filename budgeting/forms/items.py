"""Forms for proposals, assessment and the desk."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from budgeting.models import Budget, Round

SDG_CHOICES = [(n, _("Goal %(n)s") % {"n": n}) for n in range(1, 18)]


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000
    )
    budget = forms.ModelChoiceField(
        label=_("Budget"), queryset=Budget.objects.none(), empty_label=None
    )
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost"), min_value=0, max_digits=14, decimal_places=2
    )
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"), required=False, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"), required=False, max_digits=9, decimal_places=6
    )
    sdg_goals = forms.TypedMultipleChoiceField(
        label=_("Sustainable Development Goals (optional)"),
        choices=SDG_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, round: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = round.budgets.select_related("area")  # type: ignore[attr-defined]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Image (JPEG, PNG, WebP) or PDF, up to 5 MB"))
    title = forms.CharField(label=_("Description of the file"), max_length=160, required=False)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssessmentForm(forms.Form):
    feasibility = forms.ChoiceField(
        label=_("Feasibility"),
        widget=forms.RadioSelect,
        choices=[("feasible", _("Feasible")), ("unfeasible", _("Not feasible"))],
    )
    reason = forms.CharField(
        label=_("Reason (the author and the public read this)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cost_estimate = forms.DecimalField(
        label=_("Assessed cost"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    notes = forms.CharField(
        label=_("Internal notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BallotDecisionForm(forms.Form):
    on_ballot = forms.TypedChoiceField(
        label=_("Ballot"),
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Put on the ballot")), ("no", _("Leave off the ballot"))],
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class DeskVoterForm(forms.Form):
    email = forms.EmailField(label=_("Resident's email address"))
