"""Organisers' and facilitators' meeting pages: create, edit and cancel a meeting; in the
room record statements raised, hand counts and attendance, and take the minutes through
draft -> amendment window -> final. Residents registered for the meeting propose
amendments here too.

Forms parse input; the services in ``participation.services.meetings`` decide (the same
ones the API calls), and their errors appear next to the fields they concern.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms.utils import ErrorList
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civic.errors import DomainError
from civic.forms import form_add_domain_error
from civic.http import acting_user
from civic.places.models import Organisation
from participation.forms.dialogues import (
    AgendaFormSet,
    AmendmentForm,
    AmendmentWindowForm,
    AttendanceForm,
    CancelMeetingForm,
    HandCountForm,
    MeetingForm,
    MinutesForm,
    RoomStatementForm,
)
from participation.models import (
    ContentStatus,
    Dialogue,
    Meeting,
    MeetingStatus,
    Statement,
)
from participation.selectors.dialogues import organisations_where
from participation.services import meetings as service


def _meeting(request: HttpRequest, pk: int, permission: str) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("organisation", "dialogue", "area"), pk=pk
    )
    if not request.user.has_perm(permission, meeting):
        raise PermissionDenied
    return meeting


def _statements(dialogue_id: Any) -> QuerySet[Statement]:
    if not str(dialogue_id or "").isdigit():
        return Statement.objects.none()
    return Statement.objects.filter(
        dialogue_id=int(dialogue_id), status=ContentStatus.PUBLISHED
    ).order_by("id")


def _agenda(formset: Any) -> list[tuple[str, Statement | None]]:
    items: list[tuple[str, Statement | None]] = []
    for form in formset.forms:
        title = (form.cleaned_data.get("title") or "").strip()
        statement = form.cleaned_data.get("statement")
        if title or statement is not None:
            items.append((title, statement))
    return items


def _editor(
    request: HttpRequest,
    organisation: Organisation,
    meeting: Meeting | None,
    initial: dict[str, Any],
    agenda_initial: list[dict[str, Any]],
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, organisation=organisation, initial=initial)
    dialogue_id: Any = data.get("dialogue") if data is not None else initial.get("dialogue")
    if isinstance(dialogue_id, Dialogue):
        dialogue_id = dialogue_id.pk
    statements = _statements(dialogue_id)
    agenda = AgendaFormSet(
        data,
        prefix="agenda",
        initial=agenda_initial,
        form_kwargs={"statements": statements},
    )
    if data is not None and form.is_valid() and agenda.is_valid():
        fields = {name: form.cleaned_data[name] for name in MeetingForm.FIELDS}
        actor = acting_user(request)
        try:
            if meeting is None:
                meeting = service.meeting_create(
                    actor=actor, organisation=organisation, agenda=_agenda(agenda), **fields
                )
                messages.success(request, _("The meeting is published."))
            else:
                service.meeting_update(
                    actor=actor, meeting=meeting, agenda=_agenda(agenda), **fields
                )
                messages.success(request, _("The meeting is saved."))
        except DomainError as error:
            agenda_errors = (getattr(error, "errors", None) or {}).get("agenda")
            if agenda_errors:
                agenda._non_form_errors = ErrorList(  # type: ignore[attr-defined]
                    [*agenda.non_form_errors(), *agenda_errors], error_class="nonform"
                )
            else:
                form_add_domain_error(form, error)
        else:
            return redirect("meeting-detail", pk=meeting.pk)
    return render(
        request,
        "participation/meetings/form.html",
        {"form": form, "agenda": agenda, "organisation": organisation, "meeting": meeting},
    )


@login_required
def meeting_new_choose(request: HttpRequest) -> HttpResponse:
    organisations = organisations_where(user=request.user, permission="participation.add_meeting")
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1:
        target = reverse("meeting-new", args=[organisations[0].slug])
        dialogue = request.GET.get("dialogue", "")
        return redirect(target + (f"?dialogue={dialogue}" if dialogue.isdigit() else ""))
    return render(
        request,
        "participation/meetings/choose_organisation.html",
        {"organisations": organisations},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("participation.add_meeting", organisation):
        raise PermissionDenied
    initial: dict[str, Any] = {"mode": "in_person"}
    dialogue = request.GET.get("dialogue", "")
    if dialogue.isdigit():
        initial["dialogue"] = int(dialogue)
    return _editor(request, organisation, None, initial, [])


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "participation.change_meeting")
    if meeting.status == MeetingStatus.CANCELLED:
        messages.error(request, _("A cancelled meeting cannot be changed."))
        return redirect("meeting-detail", pk=meeting.pk)
    initial = {name: getattr(meeting, name) for name in MeetingForm.FIELDS}
    agenda_initial = [
        {"title": item.title, "statement": item.statement_id} for item in meeting.agenda.all()
    ]
    return _editor(request, meeting.organisation, meeting, initial, agenda_initial)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "participation.change_meeting")
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.meeting_cancel(
                actor=acting_user(request), meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The meeting is cancelled; registered people are told."))
            return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "participation/meetings/cancel.html", {"form": form, "meeting": meeting})


# --- the facilitator's page ------------------------------------------------------------

STEPS = ("session", "statement", "hands", "attendance", "minutes", "amendments", "final")


@login_required
@require_http_methods(["GET", "POST"])
def facilitate(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "participation.facilitate_meeting")
    statements = _statements(meeting.dialogue_id)
    forms: dict[str, Any] = {
        "statement": RoomStatementForm(),
        "hands": HandCountForm(statements=statements),
        "attendance": AttendanceForm(initial={"attendance": meeting.attendance_count}),
        "minutes": MinutesForm(initial={"text": meeting.minutes}),
        "amendments": AmendmentWindowForm(),
        "final": MinutesForm(initial={"text": meeting.minutes}, prefix="final"),
    }
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in STEPS:
            raise Http404
        done = _facilitate_step(request, meeting, step, forms, statements)
        if done is not None:
            messages.success(request, done)
            return redirect(f"{request.path}#{step}")
        meeting.refresh_from_db()
    return render(
        request,
        "participation/meetings/facilitate.html",
        {
            "meeting": meeting,
            "forms": forms,
            "hand_counts": meeting.hand_counts.select_related("statement").order_by("statement_id"),
            "raised": meeting.statements_raised.order_by("id"),
            "amendments": meeting.amendments.order_by("id"),
        },
    )


def _facilitate_step(
    request: HttpRequest,
    meeting: Meeting,
    step: str,
    forms: dict[str, Any],
    statements: QuerySet[Statement],
) -> str | None:
    """Run one step; returns the success message, or None when a form shows errors."""
    actor = acting_user(request)
    if step == "session":
        try:
            if request.POST.get("open"):
                service.session_open(actor=actor, meeting=meeting)
                return _("Voting in the room is open.")
            service.session_close(actor=actor, meeting=meeting)
            return _("Voting in the room is closed.")
        except DomainError as error:
            messages.error(request, str(error.message))
            return None
    form: Any = {
        "statement": lambda: RoomStatementForm(request.POST),
        "hands": lambda: HandCountForm(request.POST, statements=statements),
        "attendance": lambda: AttendanceForm(request.POST),
        "minutes": lambda: MinutesForm(request.POST),
        "amendments": lambda: AmendmentWindowForm(request.POST),
        "final": lambda: MinutesForm(request.POST, prefix="final"),
    }[step]()
    forms[step] = form
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        if step == "statement":
            service.room_statement_record(actor=actor, meeting=meeting, text=data["text"])
            return _("The statement is added to the dialogue.")
        if step == "hands":
            service.hand_count_record(actor=actor, meeting=meeting, **data)
            return _("The hand count is recorded.")
        if step == "attendance":
            service.attendance_record(actor=actor, meeting=meeting, count=data["attendance"])
            return _("Attendance is recorded.")
        if step == "minutes":
            service.minutes_save(actor=actor, meeting=meeting, text=data["text"])
            return _("The minutes are saved.")
        if step == "amendments":
            service.minutes_open_amendments(actor=actor, meeting=meeting, until=data["until"])
            return _("Registered people may now propose amendments.")
        service.minutes_finalise(actor=actor, meeting=meeting, text=data["text"])
        return _("The minutes are final.")
    except DomainError as error:
        form_add_domain_error(form, error)
        return None


@login_required
@require_POST
def amendment_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AmendmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the amendment."))
    else:
        try:
            service.amendment_add(
                user=acting_user(request), meeting=meeting, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your amendment is sent to the facilitator."))
    return redirect("meeting-detail", pk=meeting.pk)
