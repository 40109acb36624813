"""Draft texts: publish versions, comment and rate paragraphs, moderate comments."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.audit.services import audit_record
from civic.errors import Conflict, DomainError, PermissionDenied
from civic.notifications.services.events import follow_add
from participation.models import (
    Consultation,
    ConsultationDraftVersion,
    ConsultationParagraph,
    ConsultationParagraphComment,
    ConsultationParagraphRating,
    ConsultationStatus,
    ConsultationTextAnswer,
)
from participation.selectors.consultations import audience_decision
from participation.services.consultation_text import draft_split, markdown_render

COMMENT_MAX = 4000


@transaction.atomic
def draft_version_publish(
    *, actor: User, consultation: Consultation, title: str, source: str, change_note: str = ""
) -> ConsultationDraftVersion:
    """A new version of the draft text; earlier versions and their comments stay."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status in (ConsultationStatus.CLOSED, ConsultationStatus.ANSWERED):
        raise Conflict(_("The draft text of a closed consultation cannot change."))
    paragraphs = draft_split(source)
    if not title.strip():
        raise DomainError(_("Give the text a title."), field="title")
    if not paragraphs:
        raise DomainError(_("The text has no paragraphs."), field="source")
    number = (locked.draft_versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = ConsultationDraftVersion.objects.create(
        consultation=locked,
        number=number,
        title=title.strip()[:200],
        change_note=change_note.strip()[:500],
        source=source,
        published_by=actor,
    )
    ConsultationParagraph.objects.bulk_create(
        [
            ConsultationParagraph(
                version=version,
                position=index,
                section=p.section,
                text=p.text,
                text_html=markdown_render(p.text),
            )
            for index, p in enumerate(paragraphs, start=1)
        ]
    )
    if locked.status != ConsultationStatus.DRAFT:
        audit_record(
            actor=actor,
            organisation=locked.organisation,
            action="consultation.version_published",
            subject_type="consultation",
            subject_id=locked.pk,
            after={"version": number, "title": version.title},
            reason=version.change_note,
        )
    return version


def _check_can_contribute(user: User, paragraph: ConsultationParagraph) -> Consultation:
    consultation = Consultation.objects.select_related("organisation").get(
        pk=paragraph.version.consultation_id
    )
    if consultation.status != ConsultationStatus.OPEN:
        raise Conflict(_("Comments and ratings are taken while the consultation is open."))
    latest = consultation.draft_versions.aggregate(m=Max("number"))["m"]
    if paragraph.version.number != latest:
        raise Conflict(_("Comment on the latest version of the text."), code="old_version")
    decision = audience_decision(user=user, consultation=consultation)
    if not decision.allowed:
        raise PermissionDenied(decision.reason, code=decision.code or "audience")
    return consultation


@transaction.atomic
def paragraph_comment_add(
    *, user: User, paragraph: ConsultationParagraph, body: str
) -> ConsultationParagraphComment:
    consultation = _check_can_contribute(user, paragraph)
    text = body.strip()
    if not text:
        raise DomainError(_("Write a comment."), field="body")
    if len(text) > COMMENT_MAX:
        raise DomainError(
            _("Write at most %(count)s characters.") % {"count": COMMENT_MAX}, field="body"
        )
    comment = ConsultationParagraphComment.objects.create(
        paragraph=paragraph, author=user, body=text
    )
    follow_add(user=user, subject_type="consultation", subject_id=consultation.pk, reason="author")
    return comment


@transaction.atomic
def paragraph_rate(
    *, user: User, paragraph: ConsultationParagraph, value: int
) -> ConsultationParagraphRating:
    _check_can_contribute(user, paragraph)
    if value not in ConsultationParagraphRating.Value.values:
        raise DomainError(_("Choose agree, unsure or disagree."), field="value")
    rating, _created = ConsultationParagraphRating.objects.update_or_create(
        paragraph=paragraph, user=user, defaults={"value": value}
    )
    return rating


@transaction.atomic
def comment_moderate(
    *, actor: User, comment: ConsultationParagraphComment, hidden: bool, reason: str = ""
) -> ConsultationParagraphComment:
    if hidden and not reason.strip():
        raise DomainError(_("Say why the comment is hidden."), field="reason")
    was_hidden = comment.hidden
    comment.hidden, comment.hidden_reason, comment.moderated_by = hidden, reason.strip(), actor
    comment.save(update_fields=["hidden", "hidden_reason", "moderated_by"])
    consultation = comment.paragraph.version.consultation
    audit_record(
        actor=actor,
        organisation=consultation.organisation,
        action="consultation.comment_moderated",
        subject_type="consultation_comment",
        subject_id=comment.pk,
        process_type="consultation",
        process_id=consultation.pk,
        before={"hidden": was_hidden},
        after={"hidden": hidden},
        reason=comment.hidden_reason,
    )
    return comment


@transaction.atomic
def text_answer_moderate(
    *, actor: User, text_answer: ConsultationTextAnswer, hidden: bool, reason: str = ""
) -> ConsultationTextAnswer:
    if hidden and not reason.strip():
        raise DomainError(_("Say why the answer is hidden."), field="reason")
    text_answer.hidden, text_answer.hidden_reason = hidden, reason.strip()
    text_answer.moderated_by = actor
    text_answer.save(update_fields=["hidden", "hidden_reason", "moderated_by"])
    question = text_answer.question
    audit_record(
        actor=actor,
        organisation=question.consultation.organisation,
        action="consultation.text_answer_moderated",
        subject_type="consultation_question",
        subject_id=question.pk,
        process_type="consultation",
        process_id=question.consultation_id,
        after={"hidden": hidden, "text_answer": str(text_answer.pk)},
        reason=text_answer.hidden_reason,
    )
    return text_answer
