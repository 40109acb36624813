"""Open data: each dataset's CSV and JSON parse back to what the database holds; drafts,
hidden content and people never appear; ballots only after voting closed, and the pabulib
file re-imports to the same election."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgeting.models import Assessment, Feasibility, Item, ItemStatus, Phase, Project, ResultLine
from budgeting.services.implementation import milestone_add
from budgeting.services.pabulib_io import pabulib_export, pabulib_import, profile_content
from budgeting.services.results import result_compute, result_publish
from budgeting.tally import parse_string
from civic.accounts.services.verification import verification_in_person
from civic.opendata.datasets import DATASETS
from civic.opendata.formats import csv_unescape
from participation.models import ContentStatus, Statement, StatementReply, StatementVote
from participation.services.consultation_responses import response_submit
from participation.services.consultations import consultation_close
from participation.services.dialogues import vote_cast
from participation.services.moderation import content_hide
from tests.budgeting.factories import build_round
from tests.budgeting.results_fixtures import cast, closed_round, make_budget, make_items
from tests.factories import CityFixture, make_user
from tests.participation.consultations.helpers import first_question, make_consultation
from tests.participation.dialogues.helpers import make_dialogue, seed, voters

pytestmark = pytest.mark.django_db


def _csv(client: Any, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/csv")
    assert 'rel="license"' in response["Link"]
    text = b"".join(response.streaming_content).decode()
    return [
        {k: csv_unescape(v) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))
    ]


def _json(client: Any, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, url
    data = json.loads(b"".join(response.streaming_content))
    assert data["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert [f["name"] for f in data["dictionary"]] == [
        f.name for f in DATASETS[data["dataset"]].fields
    ]
    return data


def _typed(dataset: str, row: dict[str, str]) -> dict[str, Any]:
    """A CSV row read back with the types of the data dictionary (as JSON has them)."""
    types = {f.name: f.type for f in DATASETS[dataset].fields}
    out: dict[str, Any] = {}
    for name, text in row.items():
        kind = types[name]
        if text == "" and kind != "string":
            out[name] = None
        elif kind == "integer":
            out[name] = int(text)
        elif kind == "boolean":
            assert text in ("true", "false")
            out[name] = text == "true"
        else:
            out[name] = text
    return out


def _both(client: Any, dataset: str, org: str, process: str) -> list[dict[str, Any]]:
    """The CSV and the JSON of one file hold the same records; returns them."""
    rows = _csv(client, f"/open-data/{dataset}/{org}/{process}.csv")
    data = _json(client, f"/open-data/{dataset}/{org}/{process}.json")
    assert [_typed(dataset, r) for r in rows] == data["records"]
    return data["records"]


# ------------------------------------------------------------------ consultations
@pytest.fixture
def closed_consultation(city: CityFixture) -> Any:
    consultation = make_consultation(city, title="Riverside park")
    question = first_question(consultation)
    for index in range(7):
        person = make_user()
        verification_in_person(
            actor=city.people["official"],
            user=person,
            organisation=city.organisation,
            area=city.areas["north-1"],
            birth_year=1980,
        )
        answer = "o1" if index < 5 else "o2"
        response_submit(
            user=person, consultation=consultation, answers={question.field_name: answer}
        )
    return consultation_close(actor=city.people["official"], consultation=consultation)


def test_consultation_results_reimport(
    client: Any, city: CityFixture, closed_consultation: Any
) -> None:
    records = _both(client, "consultation-results", "town", str(closed_consultation.pk))
    assert {"section": "respondents", "question": "", "item": "", "group": "", "count": 7,
            "percent": None, "value": None} in records  # fmt: skip
    yes = next(r for r in records if r["section"] == "result" and r["item"] == "Yes")
    assert yes["count"] == 5 and Decimal(yes["percent"]) == Decimal("71.4")
    no = next(r for r in records if r["section"] == "result" and r["item"] == "No")
    assert no["count"] == 2
    # Breakdown cells under five people are empty.
    for record in records:
        if record["section"].startswith("breakdown") and record["count"] is not None:
            assert record["count"] >= 5
    data = _json(client, f"/open-data/consultation-results/town/{closed_consultation.pk}.json")
    assert data["results"]["respondents"] == 7  # the consultation export's own structure


def test_open_and_draft_consultations_are_not_published(client: Any, city: CityFixture) -> None:
    live = make_consultation(city, title="Still open", results_visibility="live")
    draft = make_consultation(city, title="Draft", open_now=False)
    for consultation in (live, draft):
        assert (
            client.get(f"/open-data/consultation-results/town/{consultation.pk}.csv").status_code
            == 404
        )
    titles = [p.title for p in DATASETS["consultation-results"].processes()]
    assert "Still open" not in titles and "Draft" not in titles
    # The wrong organisation in the address is a 404 too.
    consultation = make_consultation(city, title="Closed")
    consultation_close(actor=city.people["official"], consultation=consultation)
    assert (
        client.get(f"/open-data/consultation-results/elsewhere/{consultation.pk}.csv").status_code
        == 404
    )
    assert (
        client.get(f"/open-data/consultation-results/town/{consultation.pk}.csv").status_code == 200
    )


# ------------------------------------------------------------------ dialogues
def test_dialogue_statements_with_aggregate_votes(client: Any, city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    first, second, hidden = seed(city, dialogue, "=More trees", "Fewer cars", "Spam")
    people = voters(4)
    for person, value in zip(people, [1, 1, -1, 0], strict=True):
        vote_cast(user=person, statement=first, value=value)
    vote_cast(user=people[0], statement=second, value=-1)
    for body in ("Yes", "Also yes"):  # replies must not multiply the vote counts
        StatementReply.objects.create(statement=first, stance="for", body=body)
    content_hide(actor=city.people["moderator"], target=hidden, public_reason="Spam")
    Statement.objects.create(dialogue=dialogue, text="Waiting", status=ContentStatus.PENDING)
    records = _both(client, "dialogue-statements", "town", str(dialogue.pk))
    assert [r["text"] for r in records] == ["=More trees", "Fewer cars"]
    by_text = {r["text"]: r for r in records}
    assert (by_text["=More trees"]["agree"], by_text["=More trees"]["disagree"]) == (2, 1)
    assert (by_text["=More trees"]["pass"], by_text["=More trees"]["votes"]) == (1, 4)
    assert by_text["Fewer cars"]["disagree"] == 1
    for record in records:
        assert Statement.objects.get(pk=record["statement_id"]).text == record["text"]
    # The CSV escapes the formula; nothing names a person.
    raw = b"".join(
        client.get(f"/open-data/dialogue-statements/town/{dialogue.pk}.csv").streaming_content
    )
    assert b"'=More trees" in raw
    for participant in dialogue.participants.all():
        assert participant.pseudonym.encode() not in raw
    assert StatementVote.objects.count() == 5


def test_draft_dialogues_are_not_published(client: Any, city: CityFixture) -> None:
    dialogue = make_dialogue(city, phase="draft")
    assert client.get(f"/open-data/dialogue-statements/town/{dialogue.pk}.json").status_code == 404
    assert client.get("/open-data/dialogue-statements/town/abc.json").status_code == 404


# ------------------------------------------------------------------ budgeting
@pytest.fixture
def counted(city: CityFixture) -> Any:
    """A closed round: two budgets, ballots, published results, a project with milestones."""
    round_ = closed_round(city.organisation, slug="pb-2025")
    north = make_budget(round_, city.areas["north"], amount=400, max_items=3)
    a, b, c = make_items(north, [100, 200, 300])
    for ballot in ([a, b], [b, c], [a, c], [a], [b, a]):
        cast(north, ballot)
    Assessment.objects.create(
        item=a, feasibility=Feasibility.FEASIBLE, cost_estimate=Decimal("110"),
        reason="Checked.", notes="INTERNAL NOTE",
    )  # fmt: skip
    Item.objects.create(
        round=round_, budget=north, title="Withdrawn idea", description="x",
        estimated_cost=Decimal(5), status=ItemStatus.WITHDRAWN, author=city.people["resident"],
    )  # fmt: skip
    result_compute(actor=None, budget=north)
    result_publish(actor=None, budget=north)
    project = Project.objects.get(item=a)
    milestone_add(actor=None, project=project, date=dt.date(2026, 3, 1), title="Works begin")
    milestone_add(actor=None, project=project, date=dt.date(2026, 5, 2), title="Half done")
    Project.objects.filter(pk=project.pk).update(status="in_progress", progress=50)
    return round_


def test_budget_items_reimport(client: Any, city: CityFixture, counted: Any) -> None:
    records = _both(client, "budget-items", "town", "pb-2025")
    items = {i.pk: i for i in Item.objects.filter(round=counted).select_related("assessment")}
    assert "Withdrawn idea" not in [r["title"] for r in records]
    assert len(records) == 3
    for record in records:
        item = items[record["item_id"]]
        assert record["title"] == item.title
        assert Decimal(record["estimated_cost"]) == item.estimated_cost
        assert Decimal(record["cost"]) == item.cost
    first = next(r for r in records if r["title"] == "Proposal 1")
    assert first["feasibility"] == "feasible" and first["assessed_cost"] == "110.00"
    assert first["assessment_reason"] == "Checked."
    raw = b"".join(client.get("/open-data/budget-items/town/pb-2025.csv").streaming_content)
    assert b"INTERNAL NOTE" not in raw
    assert city.people["resident"].email.encode() not in raw


def test_pb_results_reimport(client: Any, counted: Any) -> None:
    records = _both(client, "pb-results", "town", "pb-2025")
    lines = {
        line.item_id: line for line in ResultLine.objects.filter(result__budget__round=counted)
    }
    assert len(records) == len(lines) == 3
    for record in records:
        line = lines[record["item_id"]]
        assert (record["votes"], record["selected"]) == (line.votes, line.selected)
        assert Decimal(record["cost"]) == line.cost
        assert record["ballots_counted"] == 5
    assert [r["selected"] for r in records].count(True) >= 1


def test_unpublished_results_are_not_open_data(client: Any, city: CityFixture) -> None:
    round_ = closed_round(city.organisation, slug="pending")
    budget = make_budget(round_, city.areas["north"], amount=400)
    (a,) = make_items(budget, [100])
    cast(budget, [a])
    result_compute(actor=None, budget=budget)
    assert client.get("/open-data/pb-results/town/pending.csv").status_code == 404
    # Its ballots are public (voting closed), as on the results pages.
    assert client.get("/open-data/ballots/town/pending/north.pb").status_code == 200


def test_implementation_and_milestones(client: Any, counted: Any) -> None:
    projects = _both(client, "implementation", "town", "pb-2025")
    stored = {p.pk: p for p in Project.objects.filter(item__round=counted)}
    assert len(projects) == len(stored)
    built = next(r for r in projects if r["title"] == "Proposal 1")
    assert (built["status"], built["progress"], built["milestones"]) == ("in_progress", 50, 2)
    assert built["last_milestone"] == "2026-05-02"
    milestones = _both(client, "milestones", "town", "pb-2025")
    assert [(m["date"], m["title"]) for m in milestones] == [
        ("2026-03-01", "Works begin"),
        ("2026-05-02", "Half done"),
    ]


def test_ballots_round_trip_through_the_importer(
    client: Any, city: CityFixture, counted: Any
) -> None:
    response = client.get("/open-data/ballots/town/pb-2025/north.pb")
    assert response.status_code == 200
    text = response.content.decode()
    again = pabulib_import(
        actor=None, organisation=city.organisation, area=city.areas["south"], text=text
    )
    reexported = pabulib_export(budget=again.budgets.get())
    assert profile_content(parse_string(text)) == profile_content(parse_string(reexported))
    assert again.budgets.get().ballots.count() == 5


def test_ballots_only_after_voting_closed(client: Any, city: CityFixture) -> None:
    fixture = build_round(city, phase=Phase.VOTING, slug="voting-now")
    assert client.get("/open-data/ballots/town/voting-now/north.pb").status_code == 404
    assert "voting-now" not in [p.slug for p in DATASETS["ballots"].processes()]
    # Its proposals are public (the round is), drafts are not.
    assert client.get("/open-data/budget-items/town/voting-now.csv").status_code == 200
    build_round(city, phase=Phase.DRAFT, slug="draft-round")
    assert client.get("/open-data/budget-items/town/draft-round.csv").status_code == 404
    assert "draft-round" not in [p.slug for p in DATASETS["budget-items"].processes()]
    del fixture


# ------------------------------------------------------------------ streaming, queries
def test_csv_streams_with_constant_queries(client: Any, city: CityFixture) -> None:
    dialogue = make_dialogue(city)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/open-data/dialogue-statements/town/{dialogue.pk}.csv")
            assert not getattr(response, "is_rendered", False)
            b"".join(response.streaming_content)
        return len(ctx)

    seed(city, dialogue, "One", "Two")
    few = queries()
    seed(city, dialogue, *[f"Statement {n}" for n in range(30)])
    assert queries() == few

    round_ = closed_round(city.organisation, slug="many")
    budget = make_budget(round_, city.areas["north"], amount=400)
    make_items(budget, [10, 20])

    def item_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            b"".join(client.get("/open-data/budget-items/town/many.csv").streaming_content)
        return len(ctx)

    few = item_queries()
    make_items(budget, list(range(1, 40)))
    assert item_queries() == few


def test_unknown_dataset_and_format(client: Any) -> None:
    assert client.get("/open-data/nothing/").status_code == 404
    assert client.get("/open-data/nothing/town/x.csv").status_code == 404
    assert client.get("/open-data/ballots/town/x.csv").status_code == 404
