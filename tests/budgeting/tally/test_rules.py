"""Hand-made cases (ties, exactly exhausted budgets), city reproduction and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from budgeting.tally import Profile, parse_file, tally

from .conftest import DATA, instance_files, instance_name

ROOT = Path(__file__).resolve().parents[3]


def test_lexico_ties_compare_ids_as_strings() -> None:
    # three identical projects: pabutools takes "10" before "2" before "9"
    p = Profile.from_ballots(["9", "2", "10"], [5, 5, 5], 10, [["9", "2", "10"]] * 3)
    assert tally(p, "greedy-cost").selected == ["10", "2"]
    assert tally(p, "mes-cost").selected == ["10", "2"]
    assert tally(p, "greedy-cost", tie_break="file-order").selected == ["9", "2"]


def test_cost_votes_tie_break_prefers_cheaper_then_more_approved() -> None:
    # equal rho for all three under cost satisfaction (everyone approves everything)
    p = Profile.from_ballots(["a", "b", "c"], [30, 20, 20], 40, [["a", "b", "c"]] * 4)
    assert tally(p, "mes-cost", tie_break="cost-votes").selected == ["b", "c"]
    assert tally(p, "mes-cost").selected[0] == "a"


def test_budget_exactly_exhausted_by_equal_shares() -> None:
    # 3 voters with 10 each; x costs exactly the 20 its two supporters hold
    p = Profile.from_ballots(["x", "y"], [20, 10], 30, [["x"], ["x"], ["y"]])
    out = tally(p, "mes-cost")
    assert out.selected == ["y", "x"] or out.selected == ["x", "y"]
    assert out.cost == 30
    # one unit more and x is unaffordable
    q = Profile.from_ballots(
        ["x", "y"], [Fraction(20) + Fraction(1, 10**12), 10], 30, [["x"], ["x"], ["y"]]
    )
    assert tally(q, "mes-cost").selected == ["y"]


def test_budget_exactly_exhausted_by_greedy() -> None:
    p = Profile.from_ballots(["a", "b", "c"], [60, 40, 1], 100, [["a", "b", "c"], ["a", "b"]])
    assert tally(p, "greedy-cost").selected == ["a", "b"]
    assert tally(p, "greedy-no-skip").selected == ["a", "b"]


def test_greedy_no_skip_stops_and_threshold_filters() -> None:
    p = Profile.from_ballots(
        ["a", "b", "c"], [50, 80, 10], 100, [["a", "b", "c"], ["a", "b"], ["a"]]
    )
    assert tally(p, "greedy-cost").selected == ["a", "c"]
    no_skip = tally(p, "greedy-no-skip")
    assert no_skip.selected == ["a"]
    assert no_skip.steps[-1].reason.startswith("the count stopped")
    p.meta["min_project_score_threshold"] = "2"
    assert tally(p, "greedy-threshold").selected == ["a"]


def test_equal_shares_explains_who_paid() -> None:
    p = Profile.from_ballots(["x", "y"], [30, 30], 40, [["x"], ["x", "y"], ["x", "y"], ["y"]])
    out = tally(p, "mes-card")
    step = next(s for s in out.steps if s.action == "selected")
    assert step.data["full_payers"] + step.data["capped_payers"] == 3
    assert float(step.data["price"]) == pytest.approx(10.0)


def test_official_add1_differs_from_pabutools_increment() -> None:
    p = parse_file(DATA / "Poland_Wieliczka_2023_Green_Budget.pb.gz")
    official = set(tally(p, "mes-cost", "add1", tie_break="cost-votes").selected)
    research = set(tally(p, "mes-cost", "add1-pabutools", tie_break="cost-votes").selected)
    assert official != research


def _selected_column(profile: Profile) -> set[str]:
    return {
        pid
        for pid, pm in zip(profile.project_ids, profile.project_meta, strict=True)
        if pm.get("selected", "0").strip() == "1"
    }


EXCEPTIONS = json.loads((DATA / "city_rule_exceptions.json").read_text())
CITY = [p for p in instance_files() if instance_name(p) not in EXCEPTIONS]


@pytest.mark.parametrize("path", CITY, ids=[instance_name(p) for p in CITY])
def test_city_rule_reproduces_the_selection(path: Path) -> None:
    profile = parse_file(path)
    assert "selected" in profile.project_meta[0]
    assert set(tally(profile, "city").selected) == _selected_column(profile)


def test_exceptions_are_real_exceptions() -> None:
    names = {instance_name(p) for p in instance_files()}
    for name in EXCEPTIONS:
        if name.startswith("_"):
            continue
        assert name in names
        profile = parse_file(next(p for p in instance_files() if instance_name(p) == name))
        no_column = "selected" not in profile.project_meta[0]
        assert no_column or profile.meta.get("rule") == "unknown"


def test_cli_json() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "budgeting.tally",
            str(DATA / "Poland_Swiecie_2023.pb"),
            "--rule",
            "city",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert set(result["selected"]) == _selected_column(parse_file(DATA / "Poland_Swiecie_2023.pb"))
    assert result["seconds"] > 0


def test_cli_reports_parse_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pb"
    bad.write_text(
        "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
        "a;1\nVOTES\nvoter_id;vote\n1;zz\n"
    )
    out = subprocess.run(
        [sys.executable, "-m", "budgeting.tally", str(bad), "--rule", "greedy-cost"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "line 10" in out.stderr
