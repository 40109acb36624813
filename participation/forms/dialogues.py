"""Page forms of dialogues and meetings: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.models import ReportReason, ResponseOutcome, Stance, VoteChoice


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One short, clear statement others can agree or disagree with."),
    )

    def __init__(self, *args: object, max_length: int = 140, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["text"].widget.attrs["maxlength"] = str(max_length)
        self.fields["text"].help_text = _(
            "One short, clear statement others can agree or disagree with (at most %(n)d "
            "characters)."
        ) % {"n": max_length}


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("Your vote"), choices=VoteChoice.choices, coerce=int, widget=forms.RadioSelect
    )
    important = forms.BooleanField(label=_("This is important to me"), required=False)


class ReplyForm(forms.Form):
    stance = forms.ChoiceField(label=_("Your position"), choices=Stance.choices)
    body = forms.CharField(
        label=_("Your reply"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you reporting this?"), choices=ReportReason.choices)
    note = forms.CharField(label=_("Anything to add (optional)"), max_length=500, required=False)


class ModerationForm(forms.Form):
    public_reason = forms.CharField(
        label=_("Public reason"),
        max_length=300,
        required=False,
        help_text=_("Shown in the public moderation log."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A 'text' column, optionally a 'meta' column (yes/no); UTF-8."),
    )


class SeedForm(forms.Form):
    text = forms.CharField(label=_("Statement"), max_length=1000)
    is_meta = forms.BooleanField(label=_("About the dialogue itself (meta)"), required=False)


class ResponseForm(forms.Form):
    statement = forms.IntegerField(required=False, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ResponseOutcome.choices)
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Required when the outcome is 'to be studied'."),
    )


class SessionCodeForm(forms.Form):
    code = forms.CharField(label=_("Session code"), max_length=12)
