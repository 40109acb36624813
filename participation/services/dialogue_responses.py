"""Official responses to a dialogue: to a statement, to an opinion group, or to a topic.

A dialogue cannot close until every common-ground statement and each published group's
top 3 representative statements (in the latest opinion map) have a response. Everyone who
voted on a statement hears of its response.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.audit.services import audit_record
from civic.errors import Conflict, DomainError
from civic.notifications.services.events import event_record
from participation.models import (
    Dialogue,
    DialoguePhase,
    OfficialResponse,
    ResponseOutcome,
    Statement,
    StatementVote,
)
from participation.services.dialogues import dialogue_url

TOP_REPRESENTATIVE = 3


def statements_needing_response(*, dialogue: Dialogue) -> list[int]:
    """Common ground plus each shown group's top 3 representative statements, in order."""
    from participation.selectors.dialogues import snapshot_latest

    snapshot = snapshot_latest(dialogue=dialogue)
    if snapshot is None:
        return []
    data = snapshot.data
    wanted: list[int] = [int(pk) for pk in data.get("common_ground", [])]
    if data.get("publication", {}).get("status") == "groups":
        for group in data.get("groups", []):
            if group.get("hidden"):
                continue
            for pick in group.get("representative", [])[:TOP_REPRESENTATIVE]:
                wanted.append(int(pick["statement_id"]))
    return list(dict.fromkeys(wanted))


def responses_missing(*, dialogue: Dialogue) -> list[int]:
    wanted = statements_needing_response(dialogue=dialogue)
    answered = set(
        OfficialResponse.objects.filter(dialogue=dialogue, statement_id__in=wanted).values_list(
            "statement_id", flat=True
        )
    )
    return [pk for pk in wanted if pk not in answered]


@transaction.atomic
def response_publish(
    *,
    actor: User,
    dialogue: Dialogue,
    outcome: str,
    rationale: str,
    statement: Statement | None = None,
    group_label: int | None = None,
    topic: str = "",
    due_date: date | None = None,
) -> OfficialResponse:
    """Publish (or revise) a response; voters on the statement are notified."""
    if dialogue.phase in (DialoguePhase.DRAFT, DialoguePhase.CLOSED):
        raise Conflict(_("Responses are given while the dialogue runs."))
    if outcome not in ResponseOutcome.values:
        raise DomainError(_("Choose an outcome."), field="outcome")
    rationale = str(rationale or "").strip()
    if not rationale:
        raise DomainError(_("Explain the decision."), field="rationale")
    topic = str(topic or "").strip()
    if statement is None and group_label is None and not topic:
        raise DomainError(_("Respond to a statement, a group or a topic."), field="statement")
    if statement is not None and statement.dialogue_id != dialogue.pk:
        raise DomainError(_("Choose a statement of this dialogue."), field="statement")
    if outcome == ResponseOutcome.STUDY and due_date is None:
        raise DomainError(_("Say by when the study will be done."), field="due_date")
    fields = {
        "outcome": outcome,
        "rationale": rationale,
        "group_label": group_label,
        "topic": topic,
        "due_date": due_date,
        "author": actor,
    }
    if statement is not None:
        response, _created = OfficialResponse.objects.update_or_create(
            dialogue=dialogue, statement=statement, defaults=fields
        )
    else:
        response = OfficialResponse.objects.create(dialogue=dialogue, **fields)
    audit_record(
        actor=actor,
        organisation=dialogue.organisation,
        action="dialogue.response_published",
        subject_type="official_response",
        subject_id=response.pk,
        process_type="dialogue",
        process_id=dialogue.pk,
        after={
            "outcome": outcome,
            "statement": statement.pk if statement is not None else None,
            "group_label": group_label,
            "topic": topic,
            "due_date": due_date,
        },
        reason=rationale,
    )
    recipients: list[int] = []
    if statement is not None:
        recipients = list(
            StatementVote.objects.filter(statement=statement, participant__user__isnull=False)
            .values_list("participant__user_id", flat=True)
            .distinct()
        )
    event_record(
        kind="response.published",
        organisation=dialogue.organisation,
        subject_type="dialogue",
        subject_id=dialogue.pk,
        title=statement.text if statement is not None else (topic or dialogue.question),
        url=f"{dialogue_url(dialogue)}#responses",
        actor=actor,
        recipient_ids=recipients,
        payload={"response": response.pk, "outcome": outcome},
    )
    return response
