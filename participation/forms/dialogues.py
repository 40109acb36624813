"""Page forms of dialogues and meetings: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.places.models import Area, Organisation
from participation.forms.consultations import DateTimeLocal
from participation.forms.process_fields import areas_field, languages_field, sdg_goals_field
from participation.models import (
    Dialogue,
    DialoguePhase,
    IdentityMode,
    MeetingMode,
    ModerationMode,
    ReportReason,
    ResponseOutcome,
    Stance,
    Statement,
    VoteChoice,
)


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


# --- Organisers: dialogue and meeting editors, facilitator tools ---------------------------


class DialogueForm(forms.Form):
    """Open or edit a dialogue. Parses input only: ``dialogue_create``/``dialogue_update``
    check it (the same checks as the API)."""

    question = forms.CharField(label=_("Question"), max_length=300)
    framing = forms.CharField(
        label=_("Framing text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the dialogue is about, what is already decided, what happens next."),
    )
    areas = areas_field()
    sdg_goals = sdg_goals_field()
    languages = languages_field()
    identity_mode = forms.ChoiceField(
        label=_("Who may take part"), choices=IdentityMode.choices, widget=forms.RadioSelect
    )
    moderation_mode = forms.ChoiceField(
        label=_("Moderation"), choices=ModerationMode.choices, widget=forms.RadioSelect
    )
    statement_max_length = forms.IntegerField(
        label=_("Statement length limit (characters)"), initial=140
    )
    participants_may_add = forms.BooleanField(
        label=_("Participants may add statements"), required=False, initial=True
    )
    auto_hide_reports = forms.IntegerField(
        label=_("Hide a statement for review after this many reports"), initial=3
    )
    seed_starts_at = forms.DateTimeField(
        label=_("Seeding starts"), required=False, widget=DateTimeLocal()
    )
    opens_at = forms.DateTimeField(label=_("Voting opens"), required=False, widget=DateTimeLocal())
    responds_at = forms.DateTimeField(
        label=_("Voting closes, official responses begin"), required=False, widget=DateTimeLocal()
    )
    closes_at = forms.DateTimeField(label=_("Closes"), required=False, widget=DateTimeLocal())

    FIELDS = (
        "question", "framing", "areas", "sdg_goals", "languages", "identity_mode",
        "moderation_mode", "statement_max_length", "participants_may_add", "auto_hide_reports",
        "seed_starts_at", "opens_at", "responds_at", "closes_at",
    )  # fmt: skip

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])
        self.fields["areas"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            organisation_id__in=scope
        ).order_by("path")


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    mode = forms.ChoiceField(
        label=_("Format"), choices=MeetingMode.choices, widget=forms.RadioSelect
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("Address and room (in person and hybrid meetings)."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown to registered people only (online and hybrid meetings)."),
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeLocal())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeLocal())
    capacity = forms.IntegerField(
        label=_("Places"), required=False, min_value=1, help_text=_("Empty for no limit.")
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("Whole city")
    )
    dialogue = forms.ModelChoiceField(
        label=_("Dialogue"),
        queryset=Dialogue.objects.none(),
        required=False,
        empty_label=_("None (a standalone meeting)"),
    )

    FIELDS = (
        "title", "description", "mode", "place", "online_url", "starts_at", "ends_at",
        "capacity", "area", "dialogue",
    )  # fmt: skip

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            organisation_id__in=scope
        ).order_by("path")
        self.fields["dialogue"].queryset = (  # type: ignore[attr-defined]
            Dialogue.objects.filter(organisation_id__in=scope)
            .exclude(phase=DialoguePhase.CLOSED)
            .order_by("-id")
        )


class StatementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"#{obj.pk} {obj.text}"


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300, required=False)
    statement = StatementChoice(
        label=_("Statement discussed"),
        queryset=Statement.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args: Any, statements: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if statements is not None:
            self.fields["statement"].queryset = statements  # type: ignore[attr-defined]


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=3, max_num=30, absolute_max=40)


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"),
        max_length=300,
        help_text=_("Registered people receive this reason."),
    )


class RoomStatementForm(forms.Form):
    text = forms.CharField(
        label=_("Statement raised in the room"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HandCountForm(forms.Form):
    statement = StatementChoice(label=_("Statement"), queryset=Statement.objects.none())
    agree = forms.IntegerField(label=_("Hands for agree"), min_value=0, initial=0)
    disagree = forms.IntegerField(label=_("Hands for disagree"), min_value=0, initial=0)
    passed = forms.IntegerField(label=_("Hands for pass / unsure"), min_value=0, initial=0)

    def __init__(self, *args: Any, statements: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if statements is not None:
            self.fields["statement"].queryset = statements  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    attendance = forms.IntegerField(label=_("People attending"), min_value=0)


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 12}))


class AmendmentWindowForm(forms.Form):
    until = forms.DateTimeField(label=_("Amendments may be proposed until"), widget=DateTimeLocal())


class AmendmentForm(forms.Form):
    body = forms.CharField(
        label=_("Your proposed amendment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
