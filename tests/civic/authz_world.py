"""The objects the authorization matrix is checked against, built once per test module.

One city (tests/factories.py ``build_city``) with people in every role, plus a resident of
another area of the same city, and for each kind of object one in every state that decides
who may see or change it: consultations, dialogues and budgeting rounds as drafts, open and
closed; results computed but not yet published; and drafts of another organisation, which
must never show anywhere.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from budgeting.models import Item, PaperBatch, Phase, Project, Round
from budgeting.services.results import result_compute, result_publish
from civic.accounts.models import User
from civic.accounts.services.verification import verification_in_person
from civic.notifications.kinds import Channel
from civic.notifications.models.delivery import Device, Notification
from civic.notifications.services.events import event_record
from civic.places.services.census import census_import
from civic.sdg.models import LocalTarget
from participation.models import (
    Audience,
    Consultation,
    ConsultationParagraph,
    Dialogue,
    DialoguePhase,
    Meeting,
    Statement,
    StatementReply,
)
from participation.services.consultation_drafts import draft_version_publish
from participation.services.consultations import consultation_close, consultation_create
from participation.services.dialogues import reply_add
from participation.services.meetings import meeting_create
from tests.budgeting.factories import build_round, round_dates
from tests.budgeting.results_fixtures import cast, closed_round, make_budget, make_items
from tests.factories import CityFixture, build_city, make_user
from tests.participation.consultations.helpers import make_consultation
from tests.participation.dialogues.helpers import make_dialogue, seed

# Column order of the table: every role the matrix checks.
ROLES: tuple[str, ...] = (
    "anonymous",
    "unverified",
    "signed_in",
    "resident",
    "resident_other_area",
    "official",
    "official_other",
    "moderator",
    "assessor",
    "org_admin",
    "superuser",
)

# Draft titles of the other organisation: they must never appear in anything this city shows.
SECRET = "Zanzibar-secret"


@dataclass
class World:
    city: CityFixture
    people: dict[str, User]
    consultations: dict[str, Consultation]
    paragraphs: dict[str, ConsultationParagraph]
    dialogues: dict[str, Dialogue]
    statements: dict[str, Statement]
    replies: dict[str, StatementReply]
    rounds: dict[str, Round]
    items: dict[str, Item]
    budgets: dict[str, int]
    projects: dict[str, Project]
    meeting: Meeting
    census_id: int
    notification_id: int
    device_id: int
    area_id: int
    paper_batch_id: int
    local_target_id: int
    other: dict[str, Any] = field(default_factory=dict)


def _paragraph(consultation: Consultation, actor: User) -> ConsultationParagraph:
    version = draft_version_publish(
        actor=actor,
        consultation=consultation,
        title="Draft plan",
        source="The park gets more trees.\n\nThe lake gets a path.",
    )
    paragraph = ConsultationParagraph.objects.filter(version=version).order_by("pk").first()
    assert paragraph is not None
    return paragraph


def _dialogue_with_content(
    city: CityFixture, phase: str, question: str, organisation_city: CityFixture | None = None
) -> tuple[Dialogue, Statement, StatementReply | None]:
    dialogue = make_dialogue(city, phase=DialoguePhase.OPEN, question=question)
    (statement,) = seed(city, dialogue, f"{question}: more trees along the lake.")
    # Written by someone outside the matrix's roles: nobody's own data export holds it.
    reply = reply_add(user=make_user(), statement=statement, body="Yes, please.", stance="for")
    Dialogue.objects.filter(pk=dialogue.pk).update(phase=phase)
    dialogue.refresh_from_db()
    return dialogue, statement, reply


def build_world() -> World:
    city = build_city()
    official = city.people["official"]
    people = {name: user for name, user in city.people.items() if name in ROLES}
    other_area = make_user()
    verification_in_person(
        actor=official,
        user=other_area,
        organisation=city.organisation,
        area=city.areas["south"],
        birth_year=1975,
    )
    people["resident_other_area"] = other_area

    # Consultations: a draft, one open to residents of the north district only, a closed one.
    consultations = {
        "draft": make_consultation(city, open_now=False, title="Draft plan consultation"),
        "open": make_consultation(
            city,
            title="North park consultation",
            audience=Audience.AREA_RESIDENTS,
            audience_areas=[city.areas["north"]],
        ),
        "closed": make_consultation(city, title="Closed consultation"),
    }
    paragraphs = {state: _paragraph(c, official) for state, c in consultations.items()}
    consultations["closed"] = consultation_close(
        actor=official, consultation=consultations["closed"]
    )

    dialogues: dict[str, Dialogue] = {}
    statements: dict[str, Statement] = {}
    replies: dict[str, StatementReply] = {}
    for state, phase in (
        ("draft", DialoguePhase.DRAFT),
        ("open", DialoguePhase.OPEN),
        ("closed", DialoguePhase.CLOSED),
    ):
        dialogue, statement, reply = _dialogue_with_content(city, phase, f"Dialogue {state}")
        dialogues[state], statements[state] = dialogue, statement
        assert reply is not None
        replies[state] = reply

    # Rounds: one in preparation (draft), one open for votes, one with results.
    rounds: dict[str, Round] = {}
    items: dict[str, Item] = {}
    budgets: dict[str, int] = {}
    draft = build_round(city, phase=Phase.DRAFT, slug="pb-draft")
    rounds["draft"], items["draft"], budgets["draft"] = (
        draft.round,
        draft.north_items[0],
        draft.north_budget.pk,
    )
    voting = build_round(city, phase=Phase.VOTING, slug="pb-voting")
    rounds["open"], items["open"], budgets["open"] = (
        voting.round,
        voting.north_items[0],
        voting.north_budget.pk,
    )
    done = closed_round(city.organisation, slug="pb-closed")
    published = make_budget(done, city.areas["north"], amount=300)
    unpublished = make_budget(done, city.areas["south"], amount=300)
    (won,) = make_items(published, [100], author=city.people["resident"])
    (pending,) = make_items(unpublished, [100], author=city.people["resident"])
    cast(published, [won])
    cast(unpublished, [pending])
    result_compute(actor=None, budget=published)
    result_publish(actor=official, budget=published)
    result_compute(actor=None, budget=unpublished)
    rounds["closed"], items["closed"] = done, won
    budgets["closed"], budgets["unpublished"] = published.pk, unpublished.pk
    projects = {"closed": Project.objects.get(item=won)}
    batch = PaperBatch.objects.create(
        budget_id=budgets["open"], label="Box 1", ballots=3, entered_by=official
    )

    start = timezone.now() + timedelta(days=3)
    meeting = meeting_create(
        actor=official,
        organisation=city.organisation,
        title="Park walk",
        mode="in_person",
        place="Library",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=20,
    )
    census = census_import(
        actor=official,
        organisation=city.organisation,
        file=io.BytesIO(b"identifier,birth_year,area\nA-1,1980,north\n"),
        filename="census.csv",
    )
    event = event_record(
        kind="consultation.opened",
        organisation=city.organisation,
        subject_type="consultation",
        subject_id=consultations["open"].pk,
        title="Opened",
        url=f"/consultations/{consultations['open'].pk}/",
    )
    notification = Notification.objects.create(
        event=event, user=city.people["resident"], channel=Channel.values[0]
    )

    device = Device.objects.create(
        user=city.people["resident"], platform=Device.Platform.values[0], token="resident-phone"
    )

    local_target = LocalTarget.objects.create(
        organisation=city.organisation, goal=11, code="11.2-T1", title="Safe walking routes"
    )

    # The other organisation's drafts (the leak checks look for SECRET everywhere).
    other_org = city.other_organisation
    other_official = city.people["official_other"]
    other_consultation = consultation_create(
        actor=other_official, organisation=other_org, title=f"{SECRET} consultation"
    )
    other_dialogue = Dialogue.objects.create(
        organisation=other_org, question=f"{SECRET} dialogue", phase=DialoguePhase.DRAFT
    )
    other_round = Round.objects.create(
        organisation=other_org,
        title=f"{SECRET} round",
        slug="zanzibar-draft",
        total_budget=Decimal("1000"),
        phase=Phase.DRAFT,
        **round_dates(timezone.now(), Phase.PROPOSALS),
    )
    from civic.places.models import Area

    other_area_obj = Area.objects.filter(organisation=other_org).first()
    assert other_area_obj is not None
    other_budget = make_budget(other_round, other_area_obj, amount=100)
    other_item = Item.objects.create(
        round=other_round,
        budget=other_budget,
        title=f"{SECRET} item",
        description="A proposal in preparation.",
        estimated_cost=Decimal(50),
    )
    # Every draft carries goal 11, so filtering by goal would find it if a filter leaked.
    Consultation.objects.filter(pk__in=[other_consultation.pk, consultations["draft"].pk]).update(
        sdg_goals=[11]
    )
    Dialogue.objects.filter(pk__in=[other_dialogue.pk, dialogues["draft"].pk]).update(
        sdg_goals=[11]
    )
    Item.objects.filter(pk__in=[other_item.pk, items["draft"].pk]).update(sdg_goals=[11])
    other = {
        "consultation": other_consultation,
        "dialogue": other_dialogue,
        "round": other_round,
        "item": other_item,
        "budget": other_budget,
    }

    return World(
        city=city,
        people=people,
        consultations=consultations,
        paragraphs=paragraphs,
        dialogues=dialogues,
        statements=statements,
        replies=replies,
        rounds=rounds,
        items=items,
        budgets=budgets,
        projects=projects,
        meeting=meeting,
        census_id=census.pk,
        notification_id=notification.pk,
        device_id=device.pk,
        area_id=city.areas["north"].pk,
        paper_batch_id=batch.pk,
        local_target_id=local_target.pk,
        other=other,
    )
