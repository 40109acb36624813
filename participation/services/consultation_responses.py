"""Responding: save unfinished answers, submit once, edit until close if allowed.

One response per person: the roll row (unique per consultation and person) is inserted
first; a parallel submission waits on that unique index and then finds the row, which
it locks (``select_for_update``) before it edits or is refused. Anonymous answers are
stored apart from the roll (see ``participation.models.consultations``).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.errors import Conflict, PermissionDenied
from civic.notifications.services.events import follow_add
from participation.models import (
    Consultation,
    ConsultationParticipation,
    ConsultationQuestion,
    ConsultationResponse,
    ConsultationResponseDraft,
    ConsultationStatus,
    ConsultationTextAnswer,
)
from participation.selectors.consultations import (
    age_band_of,
    audience_decision,
    verification_for,
)
from participation.services.consultation_validation import TEXT_KINDS, answers_clean

SUBJECT = "consultation"


def response_edit_key(*, consultation: Consultation, user: User) -> str:
    """HMAC(RESPONSE_KEY, consultation:person): finds an anonymous response again for
    its author only; without the key (kept out of the database) it links nobody."""
    message = f"consultation-response:{consultation.pk}:{user.pk}".encode()
    return hmac.new(settings.RESPONSE_KEY.encode(), message, hashlib.sha256).hexdigest()


def _check_open(consultation: Consultation, user: User) -> None:
    now = timezone.now()
    if consultation.status != ConsultationStatus.OPEN or (
        consultation.closes_at is not None and consultation.closes_at <= now
    ):
        raise Conflict(_("This consultation is not open for responses."), code="not_open")
    decision = audience_decision(user=user, consultation=consultation)
    if not decision.allowed:
        raise PermissionDenied(decision.reason, code=decision.code or "audience")


def _questions(consultation: Consultation) -> list[ConsultationQuestion]:
    return list(consultation.questions.order_by("position", "id"))


def _own_response(consultation: Consultation, user: User) -> ConsultationResponse | None:
    responses = ConsultationResponse.objects.select_for_update().filter(consultation=consultation)
    if consultation.anonymous:
        if not consultation.allow_edit:
            return None
        return responses.filter(
            edit_key=response_edit_key(consultation=consultation, user=user)
        ).first()
    return responses.filter(user=user).first()


def response_current(*, consultation: Consultation, user: User) -> tuple[dict[str, Any], str]:
    """What the person sees in the form: (answers, state) with state "new", "draft",
    "submitted" (editable) or "submitted_locked" (anonymous without edits: not shown)."""
    if ConsultationParticipation.objects.filter(consultation=consultation, user=user).exists():
        if consultation.anonymous and not consultation.allow_edit:
            return {}, "submitted_locked"
        if consultation.anonymous:
            found = ConsultationResponse.objects.filter(
                consultation=consultation,
                edit_key=response_edit_key(consultation=consultation, user=user),
            ).first()
        else:
            found = ConsultationResponse.objects.filter(
                consultation=consultation, user=user
            ).first()
        state = "submitted" if consultation.allow_edit else "submitted_locked"
        return (found.answers if found else {}), state
    draft = ConsultationResponseDraft.objects.filter(consultation=consultation, user=user).first()
    return (draft.answers, "draft") if draft else ({}, "new")


@transaction.atomic
def response_draft_save(
    *, user: User, consultation: Consultation, answers: Any
) -> ConsultationResponseDraft:
    """Keep unfinished answers to come back to (checked for type, not completeness)."""
    _check_open(consultation, user)
    if ConsultationParticipation.objects.filter(consultation=consultation, user=user).exists():
        raise Conflict(_("You have already responded."), code="already_responded")
    cleaned = answers_clean(questions=_questions(consultation), answers=answers, partial=True)
    draft, _created = ConsultationResponseDraft.objects.update_or_create(
        consultation=consultation, user=user, defaults={"answers": cleaned}
    )
    return draft


def _store_texts(response: ConsultationResponse, questions: list[ConsultationQuestion]) -> None:
    existing = {t.question_id: t for t in response.text_answers.all()}
    for q in questions:
        if q.kind not in TEXT_KINDS:
            continue
        text = response.answers.get(q.field_name, "")
        found = existing.get(q.pk)
        if not text:
            if found:
                found.delete()
        elif found is None:
            ConsultationTextAnswer.objects.create(response=response, question=q, text=text)
        elif found.text != text:
            # A changed text is new text: it is shown again until moderated again.
            found.text, found.hidden, found.hidden_reason = text, False, ""
            found.save(update_fields=["text", "hidden", "hidden_reason"])


def response_submit(
    *, user: User, consultation: Consultation, answers: Any
) -> ConsultationResponse:
    """Submit (or, where allowed, replace) the person's one response."""
    with transaction.atomic():
        current = Consultation.objects.get(pk=consultation.pk)
        _check_open(current, user)
        questions = _questions(current)
        cleaned = answers_clean(questions=questions, answers=answers)
        try:
            with transaction.atomic():
                ConsultationParticipation.objects.create(consultation=current, user=user)
            first = True
        except IntegrityError:
            first = False
            ConsultationParticipation.objects.select_for_update().get(
                consultation=current, user=user
            )
            if not current.allow_edit:
                raise Conflict(
                    _("You have already responded to this consultation."),
                    code="already_responded",
                ) from None
        # Re-read after the roll row is written: a close that committed meanwhile wins.
        if not Consultation.objects.filter(pk=current.pk, status=ConsultationStatus.OPEN).exists():
            raise Conflict(
                _("This consultation closed before your response arrived."), code="not_open"
            )
        verification = verification_for(user=user, organisation=current.organisation)
        area_id = verification.area_id if verification else None
        age_band = age_band_of(verification.birth_year if verification else None)
        response = None if first else _own_response(current, user)
        if response is None:
            response = ConsultationResponse(
                consultation=current, answers=cleaned, area_id=area_id, age_band=age_band
            )
            if current.anonymous:
                if current.allow_edit:
                    response.edit_key = response_edit_key(consultation=current, user=user)
            else:
                response.user = user
                response.submitted_at = timezone.now()
            response.save(force_insert=True)
        else:
            response.answers = cleaned
            response.area_id, response.age_band = area_id, age_band
            if not current.anonymous:
                response.submitted_at = timezone.now()
            response.save()
        _store_texts(response, questions)
        ConsultationResponseDraft.objects.filter(consultation=current, user=user).delete()
        follow_add(user=user, subject_type=SUBJECT, subject_id=current.pk, reason="respondent")
    return response
