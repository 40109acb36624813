"""The questionnaire builder. Once anyone has responded, only wording may change
(recorded as a revision); kinds, options, bounds, conditions and order stay."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.errors import Conflict, DomainError, ValidationFailed
from participation.models import (
    Consultation,
    ConsultationParticipation,
    ConsultationQuestion,
    ConsultationQuestionRevision,
    ConsultationStatus,
    QuestionKind,
)
from participation.services.consultation_validation import (
    CHOICE_KINDS,
    question_config_clean,
    structure_of,
)


def _lock(consultation: Consultation) -> Consultation:
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status in (ConsultationStatus.CLOSED, ConsultationStatus.ANSWERED):
        raise Conflict(_("The questionnaire of a closed consultation cannot change."))
    return locked


def _responded(consultation: Consultation) -> bool:
    return ConsultationParticipation.objects.filter(consultation=consultation).exists()


def _check_condition(
    consultation: Consultation,
    position: int,
    condition_question: ConsultationQuestion | None,
    values: list[str],
) -> None:
    if condition_question is None:
        if values:
            raise DomainError(
                _("Choose the question the condition is on."), field="condition_question"
            )
        return
    if condition_question.consultation_id != consultation.pk:
        raise DomainError(_("Choose a question of this consultation."), field="condition_question")
    if condition_question.kind not in CHOICE_KINDS:
        raise DomainError(
            _("A condition can only be on a single or multiple choice question."),
            field="condition_question",
        )
    if condition_question.position >= position:
        raise DomainError(
            _("A condition can only be on an earlier question."), field="condition_question"
        )
    keys = {o["key"] for o in condition_question.config.get("options", [])}
    if not values or any(v not in keys for v in values):
        raise DomainError(
            _("Choose the answers of that question that show this one."), field="condition_values"
        )


@transaction.atomic
def question_add(
    *,
    actor: User,
    consultation: Consultation,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    config: dict[str, Any] | None = None,
    condition_question: ConsultationQuestion | None = None,
    condition_values: list[str] | None = None,
    position: int | None = None,
) -> ConsultationQuestion:
    locked = _lock(consultation)
    if _responded(locked):
        raise Conflict(_("People have responded: questions can no longer be added."))
    if kind not in QuestionKind.values:
        raise DomainError(_("Choose a kind of question."), field="kind")
    if not text.strip():
        raise DomainError(_("Write the question."), field="text")
    cleaned = question_config_clean(kind=kind, config=config or {})
    last = locked.questions.aggregate(m=Max("position"))["m"] or 0
    if position is None or position > last:
        position = last + 1
    elif position < 1:
        raise DomainError(_("Positions start at 1."), field="position")
    else:
        # Make room: move later questions down, from the end so positions stay unique.
        for later in locked.questions.filter(position__gte=position).order_by("-position"):
            later.position += 1
            later.save(update_fields=["position"])
    values = list(condition_values or [])
    _check_condition(locked, position, condition_question, values)
    return ConsultationQuestion.objects.create(
        consultation=locked,
        position=position,
        kind=kind,
        text=text.strip(),
        help_text=help_text.strip(),
        required=required,
        config=cleaned,
        condition_question=condition_question,
        condition_values=values,
    )


def _wording(question: ConsultationQuestion) -> dict[str, Any]:
    return {
        "text": question.text,
        "help_text": question.help_text,
        "options": [o["label"] for o in question.config.get("options", [])],
        "rows": [o["label"] for o in question.config.get("rows", [])],
        "min_label": question.config.get("min_label", ""),
        "max_label": question.config.get("max_label", ""),
    }


@transaction.atomic
def question_update(
    *, actor: User, question: ConsultationQuestion, **changes: Any
) -> ConsultationQuestion:
    """Change a question. After the first response, only wording changes pass, and each
    is recorded (before/after) as a revision."""
    allowed = {
        "text",
        "help_text",
        "required",
        "config",
        "condition_question",
        "condition_values",
        "kind",
    }
    if set(changes) - allowed:
        raise TypeError(f"unknown fields: {sorted(set(changes) - allowed)}")
    consultation = _lock(question.consultation)
    current = ConsultationQuestion.objects.select_for_update().get(pk=question.pk)
    before_structure, before_wording = structure_of(current), _wording(current)
    if "text" in changes:
        if not str(changes["text"]).strip():
            raise DomainError(_("Write the question."), field="text")
        current.text = str(changes["text"]).strip()
    if "help_text" in changes:
        current.help_text = str(changes["help_text"]).strip()
    if "required" in changes:
        current.required = bool(changes["required"])
    if "kind" in changes:
        current.kind = changes["kind"]
    if "config" in changes or "kind" in changes:
        current.config = question_config_clean(
            kind=current.kind, config=changes.get("config", current.config)
        )
    if "condition_question" in changes or "condition_values" in changes:
        current.condition_question = changes.get("condition_question", current.condition_question)
        current.condition_values = list(changes.get("condition_values", current.condition_values))
        _check_condition(
            consultation, current.position, current.condition_question, current.condition_values
        )
    if _responded(consultation):
        if structure_of(current) != before_structure:
            raise ValidationFailed(
                _("People have responded: only the wording of a question can change."),
                errors={
                    "config": [_("Keep the kind, options, bounds and conditions as they are.")]
                },
            )
        after_wording = _wording(current)
        if after_wording != before_wording:
            ConsultationQuestionRevision.objects.create(
                question=current, changed_by=actor, before=before_wording, after=after_wording
            )
    current.save()
    return current


@transaction.atomic
def question_remove(*, actor: User, question: ConsultationQuestion) -> None:
    consultation = _lock(question.consultation)
    if _responded(consultation):
        raise Conflict(_("People have responded: questions can no longer be removed."))
    if question.dependants.exists():
        raise Conflict(_("Another question's condition depends on this one; change that first."))
    position = question.position
    question.delete()
    for later in consultation.questions.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
