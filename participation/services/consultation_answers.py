"""The official answer: the response document and "you said, we did" entries."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.audit.services import audit_record
from civic.errors import Conflict, DomainError, ValidationFailed
from civic.notifications.services.events import event_record
from participation.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationAnswerItem,
    ConsultationParagraph,
    ConsultationParagraphComment,
    ConsultationQuestion,
    ConsultationStatus,
)
from participation.services.consultation_text import markdown_render
from participation.services.consultations import SUBJECT, consultation_url


def _closed(consultation: Consultation) -> Consultation:
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status not in (ConsultationStatus.CLOSED, ConsultationStatus.ANSWERED):
        raise Conflict(_("The official answer comes after the consultation closes."))
    return locked


@transaction.atomic
def answer_save(*, actor: User, consultation: Consultation, body: str) -> ConsultationAnswer:
    locked = _closed(consultation)
    if not body.strip():
        raise DomainError(_("Write the response document."), field="body")
    answer, _created = ConsultationAnswer.objects.update_or_create(
        consultation=locked, defaults={"body": body, "body_html": markdown_render(body)}
    )
    return answer


def _check_links(
    consultation: Consultation,
    question: ConsultationQuestion | None,
    paragraph: ConsultationParagraph | None,
    comment: ConsultationParagraphComment | None,
) -> None:
    errors: dict[str, list[str]] = {}
    if question is not None and question.consultation_id != consultation.pk:
        errors["question"] = [_("Choose a question of this consultation.")]
    if paragraph is not None and paragraph.version.consultation_id != consultation.pk:
        errors["paragraph"] = [_("Choose a paragraph of this consultation's text.")]
    if comment is not None and comment.paragraph.version.consultation_id != consultation.pk:
        errors["comment"] = [_("Choose a comment made in this consultation.")]
    if errors:
        raise ValidationFailed(_("Some links are not valid."), errors=errors)


@transaction.atomic
def answer_item_add(
    *,
    actor: User,
    consultation: Consultation,
    you_said: str,
    we_did: str,
    outcome: str,
    reason: str,
    question: ConsultationQuestion | None = None,
    paragraph: ConsultationParagraph | None = None,
    comment: ConsultationParagraphComment | None = None,
) -> ConsultationAnswerItem:
    locked = _closed(consultation)
    errors: dict[str, list[str]] = {}
    for name, value in (("you_said", you_said), ("we_did", we_did), ("reason", reason)):
        if not value.strip():
            errors[name] = [_("This field is required.")]
    if outcome not in ConsultationAnswerItem.Outcome.values:
        errors["outcome"] = [_("Choose adopted, partly adopted or not adopted.")]
    if errors:
        raise ValidationFailed(_("Some fields are not valid."), errors=errors)
    _check_links(locked, question, paragraph, comment)
    position = (locked.answer_items.aggregate(m=Max("position"))["m"] or 0) + 1
    return ConsultationAnswerItem.objects.create(
        consultation=locked,
        position=position,
        you_said=you_said.strip(),
        we_did=we_did.strip(),
        outcome=outcome,
        reason=reason.strip(),
        question=question,
        paragraph=paragraph,
        comment=comment,
    )


@transaction.atomic
def answer_item_remove(*, actor: User, item: ConsultationAnswerItem) -> None:
    _closed(item.consultation)
    item.delete()


@transaction.atomic
def consultation_answer_publish(*, actor: User, consultation: Consultation) -> Consultation:
    """Closed -> answered: the document and its entries go public; followers hear."""
    locked = _closed(consultation)
    answer = ConsultationAnswer.objects.filter(consultation=locked).first()
    if answer is None or not answer.body.strip():
        raise DomainError(_("Write the response document first."), field="body")
    if not locked.answer_items.exists():
        raise DomainError(
            _("Add at least one 'you said, we did' entry first."), field="items", code="no_items"
        )
    now = timezone.now()
    if answer.published_at is None:
        answer.published_at, answer.published_by = now, actor
        answer.save(update_fields=["published_at", "published_by"])
    if locked.status == ConsultationStatus.CLOSED:
        locked.status, locked.answered_at = ConsultationStatus.ANSWERED, now
        locked.save(update_fields=["status", "answered_at", "updated_at"])
        audit_record(
            actor=actor,
            organisation=locked.organisation,
            action="consultation.answered",
            subject_type=SUBJECT,
            subject_id=locked.pk,
            before={"status": ConsultationStatus.CLOSED},
            after={"status": locked.status, "entries": locked.answer_items.count()},
        )
        event_record(
            kind="consultation.answered",
            organisation=locked.organisation,
            subject_type=SUBJECT,
            subject_id=locked.pk,
            title=_("The city answered: %(title)s") % {"title": locked.title},
            url=consultation_url(locked),
            actor=actor,
            area_ids=list(locked.areas.values_list("pk", flat=True)),
            dedupe_key=f"consultation.answered:{locked.pk}",
        )
    return locked
