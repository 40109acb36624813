"""Pabulib files: round-trips, checker-clean exports, line-precise and all-or-nothing imports."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from budgeting.models import Ballot, Budget, Incompatibility, Item, Result, Round
from budgeting.services.pabulib_io import (
    PabulibImportError,
    pabulib_check,
    pabulib_export,
    pabulib_import,
    profile_content,
)
from budgeting.services.results import result_compute, result_publish
from budgeting.tally import parse_file, parse_string
from civic.errors import DomainError
from tests.budgeting.results_fixtures import cast, closed_round, make_budget, make_items
from tests.factories import CityFixture

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "pabulib"

ROUND_TRIP = [
    "Netherlands_Assen_2024.pb",  # approval, Equal Shares with add1
    "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb",  # knapsack approval, greedy
    "Netherlands_Amsterdam_643.pb",  # choose-1
    "Worldwide_Mechanical_Turk_Utilities_8.pb",  # cumulative points
    "Worldwide_Mechanical_Turk_Ranking_value_8.pb",  # ordinal
]


def _import(city: CityFixture, text: str, area: str = "north") -> Round:
    return pabulib_import(
        actor=city.people["official"],
        organisation=city.organisation,
        area=city.areas[area],
        text=text,
    )


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_round_trip_keeps_the_election(city: CityFixture, name: str) -> None:
    original = parse_file(DATA / name)
    round_ = _import(city, (DATA / name).read_text(encoding="utf-8"))
    assert round_.imported and round_.phase == "results"
    budget = round_.budgets.get()
    assert budget.items.count() == original.num_projects
    assert Ballot.objects.filter(budget=budget).count() == original.num_voters
    exported = pabulib_export(budget=budget)
    assert profile_content(parse_string(exported)) == profile_content(original)
    again = _import(city, exported, area="south")
    assert profile_content(parse_string(pabulib_export(budget=again.budgets.get()))) == (
        profile_content(original)
    )


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_exports_pass_the_pabulib_checker(city: CityFixture, name: str) -> None:
    round_ = _import(city, (DATA / name).read_text(encoding="utf-8"))
    budget = round_.budgets.get()
    result_publish(actor=None, budget=budget)
    report = pabulib_check(pabulib_export(budget=budget))
    assert report.errors == {}, report.errors


def test_imported_equal_shares_round_reproduces_the_city(city: CityFixture) -> None:
    text = (DATA / "Netherlands_Assen_2024.pb").read_text(encoding="utf-8")
    city_selected = {
        pid
        for pid, meta in zip(
            parse_string(text).project_ids, parse_string(text).project_meta, strict=True
        )
        if meta.get("selected") == "1"
    }
    round_ = _import(city, text)
    assert round_.rule == "mes-cost" and round_.completion == "add1"
    result = Result.objects.get(budget__round=round_)
    ours = set(result.lines.filter(selected=True).values_list("item__external_id", flat=True))
    assert ours == city_selected


@pytest.mark.parametrize("ballot_type", ["approval", "knapsack", "single", "cumulative", "ranking"])
def test_native_round_exports_pass_the_checker(city: CityFixture, ballot_type: str) -> None:
    round_ = closed_round(city.organisation)
    budget = make_budget(
        round_, city.areas["north"], amount=400, ballot_type=ballot_type, max_items=3, rank_top=3
    )
    a, b, c, d = make_items(budget, [100, 200, 300, 50])
    if ballot_type == "cumulative":
        for points in ({a: 3, b: 2}, {c: 5}, {a: 1, d: 4}, {b: 5}):
            cast(budget, points)
    elif ballot_type == "single":
        for one in ([a], [b], [b], [c], [d]):
            cast(budget, one)
    else:
        for ballot in ([a, b], [b, c], [c, a], [a, d], [b, a]):
            cast(budget, ballot, ranked=ballot_type == "ranking")
    result_compute(actor=None, budget=budget)
    result_publish(actor=None, budget=budget)
    text = pabulib_export(budget=budget)
    report = pabulib_check(text)
    assert report.errors == {}, report.errors
    assert "rule;greedy" in text


def test_checker_catches_a_wrong_selection(city: CityFixture) -> None:
    """The check is real: a selection that does not follow the rule is an error."""
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["north"], amount=300)
    a, b = make_items(budget, [200, 200])
    cast(budget, [a])
    cast(budget, [a])
    cast(budget, [b])
    result = result_compute(actor=None, budget=budget)
    result_publish(actor=None, budget=budget)
    result.lines.filter(item=a).update(selected=False)
    result.lines.filter(item=b).update(selected=True)
    assert pabulib_check(pabulib_export(budget=budget)).errors


def test_incompatibilities_export_as_a_custom_rule(city: CityFixture) -> None:
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["north"], amount=400)
    a, b, c = make_items(budget, [200, 150, 150])
    Incompatibility.objects.create(first=a, second=b)
    for ballot in ([a, b], [a, b], [b, c]):
        cast(budget, ballot)
    result_compute(actor=None, budget=budget)
    result_publish(actor=None, budget=budget)
    text = pabulib_export(budget=budget)
    assert "rule;greedy-exclusive" in text
    assert pabulib_check(text).errors == {}


MALFORMED = [
    (
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n2;abc\n"
        "VOTES\nvoter_id;vote\n1;1\n",
        8,
        "cost",
    ),
    (
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n"
        "VOTES\nvoter_id;vote\n1;1\n2;7\n",
        11,
        "unknown project",
    ),
    (
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n"
        "VOTES\nvoter_id;vote\n1;1\n1;1\n",
        11,
        "duplicate",
    ),
    (
        "META\nkey;value\nbudget;100\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;50\n"
        "VOTES\nvoter_id;vote;points\n1;1;2\n2;1;0\n",
        11,
        "point",
    ),
    (
        "META\nkey;value\nbudget;12.345\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n"
        "VOTES\nvoter_id;vote\n1;1\n",
        3,
        "two decimals",
    ),
]


@pytest.mark.parametrize(("text", "line", "words"), MALFORMED)
def test_malformed_files_name_the_line_and_import_nothing(
    city: CityFixture, text: str, line: int, words: str
) -> None:
    before = (
        Round.objects.count(),
        Budget.objects.count(),
        Item.objects.count(),
        Ballot.objects.count(),
    )
    with pytest.raises(PabulibImportError) as error:
        _import(city, text)
    assert error.value.line == line
    assert f"Line {line}" in str(error.value.message)
    assert words in str(error.value.message)
    assert (
        Round.objects.count(),
        Budget.objects.count(),
        Item.objects.count(),
        Ballot.objects.count(),
    ) == before


def test_a_late_failure_rolls_back_everything(
    city: CityFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Items and ballots already written are undone when a later step fails."""
    from budgeting.services import pabulib_io

    def boom(**kwargs: object) -> None:
        raise RuntimeError("counting failed")

    monkeypatch.setattr(pabulib_io, "result_compute", boom)
    text = (DATA / "Netherlands_Assen_2024.pb").read_text(encoding="utf-8")
    with pytest.raises(RuntimeError):
        _import(city, text)
    assert not Round.objects.filter(imported=True).exists()
    assert not Item.objects.exists() and not Ballot.objects.exists()


def test_area_must_belong_to_the_organisation(city: CityFixture) -> None:
    from civic.places.models import Area

    other = Area.objects.get(organisation=city.other_organisation)
    text = (DATA / "Netherlands_Assen_2024.pb").read_text(encoding="utf-8")
    with pytest.raises(DomainError) as error:
        pabulib_import(actor=None, organisation=city.organisation, area=other, text=text)
    assert getattr(error.value, "field", None) == "area"


def test_import_command(city: CityFixture) -> None:
    out = StringIO()
    call_command(
        "import_pb",
        str(DATA / "Netherlands_Amsterdam_643.pb"),
        organisation="town",
        area="north",
        publish=True,
        stdout=out,
    )
    assert "66 ballots" in out.getvalue()
    assert Result.objects.get(budget__round__imported=True).published_at is not None
    bad = DATA.parent / "missing.pb"
    with pytest.raises(CommandError):
        call_command("import_pb", str(bad), organisation="town", area="north")


def test_export_page_and_import_page(client, city: CityFixture) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    round_ = _import(city, (DATA / "Netherlands_Amsterdam_643.pb").read_text(encoding="utf-8"))
    budget = round_.budgets.get()
    response = client.get(f"/budgeting/results/{budget.pk}/export.pb")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"VOTES" in response.content
    client.force_login(city.people["official"])
    page = client.get("/budgeting/pabulib/import/")
    assert page.status_code == 200
    bad = SimpleUploadedFile("bad.pb", MALFORMED[1][0].encode())
    response = client.post(
        "/budgeting/pabulib/import/",
        {
            "organisation": city.organisation.pk,
            "area": city.areas["south"].pk,
            "file": bad,
        },
    )
    assert response.status_code == 200
    assert "line 11" in response.content.decode().lower()
    assert Round.objects.filter(imported=True).count() == 1
    good = SimpleUploadedFile("good.pb", (DATA / "Netherlands_Amsterdam_643.pb").read_bytes())
    response = client.post(
        "/budgeting/pabulib/import/",
        {
            "organisation": city.organisation.pk,
            "area": city.areas["south"].pk,
            "file": good,
        },
    )
    assert response.status_code == 302
    assert Round.objects.filter(imported=True).count() == 2
    client.force_login(city.people["resident"])
    assert client.get("/budgeting/pabulib/import/").status_code == 403
