"""Meeting pages: details with registration, the calendar file, voting in the room."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civic.errors import DomainError
from civic.http import acting_user
from participation.forms.dialogues import AmendmentForm, SessionCodeForm, VoteForm
from participation.models import Meeting, MeetingRegistration, RegistrationStatus
from participation.selectors.dialogues import next_statement, participant_of
from participation.services.meetings import (
    meeting_ics,
    registration_add,
    registration_cancel,
    room_vote,
    session_find,
)


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("organisation", "dialogue", "area").prefetch_related(
            "agenda__statement"
        ),
        pk=pk,
    )


def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    mine = (
        MeetingRegistration.objects.filter(meeting=meeting, user=request.user).first()
        if request.user.is_authenticated
        else None
    )
    counts = {
        status: MeetingRegistration.objects.filter(meeting=meeting, status=status).count()
        for status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)
    }
    return render(
        request,
        "participation/meetings/detail.html",
        {
            "meeting": meeting,
            "mine": mine,
            "registered": counts[RegistrationStatus.REGISTERED],
            "waiting": counts[RegistrationStatus.WAITING],
            "can_register": request.user.has_perm("participation.register_meeting", meeting),
            "hand_counts": meeting.hand_counts.select_related("statement").order_by("statement_id"),
            "raised": meeting.statements_raised.filter(status="published").order_by("id"),
            "can_change": request.user.has_perm("participation.change_meeting", meeting),
            "can_facilitate": request.user.has_perm("participation.facilitate_meeting", meeting),
            "amendment_form": AmendmentForm() if mine is not None else None,
        },
    )


@login_required
@require_POST
def meeting_register(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    user = acting_user(request)
    if not user.has_perm("participation.register_meeting", meeting):
        messages.error(request, _("Confirm your email address to register."))
        return redirect("meeting-detail", pk=meeting.pk)
    try:
        if request.POST.get("cancel"):
            registration_cancel(user=user, meeting=meeting)
            messages.success(request, _("Your registration is cancelled."))
        else:
            registration = registration_add(user=user, meeting=meeting)
            if registration.status == RegistrationStatus.WAITING:
                messages.success(
                    request,
                    _(
                        "The meeting is full: you are on the waiting list. We will tell you "
                        "if a place frees up."
                    ),
                )
            else:
                messages.success(request, _("You are registered."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("meeting-detail", pk=meeting.pk)


def meeting_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    site = getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/")
    body = meeting_ics(meeting=meeting, site_url=site, domain=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def room(request: HttpRequest) -> HttpResponse:
    """Voting in the room: enter the session code, then vote one statement at a time."""
    code = (request.POST.get("code") or request.GET.get("code") or "").strip().upper()
    form = SessionCodeForm(initial={"code": code})
    if not code:
        return render(request, "participation/meetings/room.html", {"form": form})
    try:
        meeting = session_find(code=code)
    except DomainError as error:
        form = SessionCodeForm({"code": code})
        form.is_valid()
        form.add_error("code", str(error.message))
        return render(request, "participation/meetings/room.html", {"form": form})
    assert meeting.dialogue is not None  # session_find guarantees it
    user = acting_user(request)
    if request.method == "POST" and request.POST.get("statement"):
        vote_form = VoteForm(request.POST)
        statement = get_object_or_404(meeting.dialogue.statements, pk=request.POST.get("statement"))
        if vote_form.is_valid():
            try:
                room_vote(
                    user=user,
                    code=code,
                    statement=statement,
                    value=vote_form.cleaned_data["value"],
                    important=vote_form.cleaned_data["important"],
                )
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("Your vote is recorded."))
        return redirect(f"{request.path}?code={code}")
    participant = participant_of(dialogue=meeting.dialogue, user=user)
    return render(
        request,
        "participation/meetings/room.html",
        {
            "form": form,
            "meeting": meeting,
            "code": code,
            "next": next_statement(dialogue=meeting.dialogue, participant=participant),
            "vote_form": VoteForm(),
        },
    )
