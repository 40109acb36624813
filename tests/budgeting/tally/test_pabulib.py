"""The pabulib parser (line-precise errors) and writer (accepted by pabulib-checker)."""

from __future__ import annotations

import contextlib
import gzip
import io
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from budgeting.tally import PabulibError, Profile, parse_file, parse_string, tally, write_string

from .conftest import DATA, instance_files

SMALL = """META
key;value
description;test
country;Nowhere
unit;Town
instance;2024
num_projects;3
num_votes;3
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;votes;name
1;60;2;Park
2;50;2;"Bench; blue"
10;40.5;1;Tree
VOTES
voter_id;vote;age
a;1,2;30
b;1,10;41
c;2;22
"""


def test_parse_small_file() -> None:
    profile = parse_string(SMALL)
    assert profile.project_ids == ("1", "2", "10")
    assert profile.costs == (Fraction(60), Fraction(50), Fraction(81, 2))
    assert profile.budget == 100
    assert profile.num_voters == 3
    assert profile.voter_ids == ("a", "b", "c")
    assert profile.approvals.tolist() == [2, 2, 1]
    assert profile.project_meta[1]["name"] == "Bench; blue"
    assert profile.meta["rule"] == "greedy"


def test_header_order_does_not_matter() -> None:
    text = (
        SMALL.replace("project_id;cost;votes;name", "name;votes;cost;project_id")
        .replace("1;60;2;Park", "Park;2;60;1")
        .replace('2;50;2;"Bench; blue"', '"Bench; blue";2;50;2')
        .replace("10;40.5;1;Tree", "Tree;1;40.5;10")
        .replace("voter_id;vote;age", "age;vote;voter_id")
        .replace("a;1,2;30", "30;1,2;a")
        .replace("b;1,10;41", "41;1,10;b")
        .replace("c;2;22", "22;2;c")
    )
    assert (
        tally(parse_string(text), "greedy-cost").selected
        == tally(parse_string(SMALL), "greedy-cost").selected
    )


@pytest.mark.parametrize(
    ("broken", "line", "message"),
    [
        (SMALL.replace("b;1,10;41", "b;1,11;41"), 20, "unknown project '11'"),
        (SMALL.replace("b;1,10;41", "b;1,010;41"), 20, "unknown project '010'"),
        (SMALL.replace("b;1,10;41", "b;1,100;41"), 20, "unknown project '100'"),
        (SMALL.replace("b;1,10;41", "b;1,,10;41"), 20, "unknown project ''"),
        (
            SMALL.replace('1;60;2;Park\n2;50;2;"Bench; blue"\n10;40.5;1;Tree\n', ""),
            16,
            "unknown project '1'",
        ),
        (SMALL.replace("10;40.5;1;Tree", "10;lots;1;Tree"), 16, "cost is not a number"),
        (SMALL.replace("c;2;22", "c;2"), 21, "2 fields, header has 3"),
        (SMALL.replace("c;2;22", "a;2;22"), 21, "duplicate voter_id"),
        (SMALL.replace("10;40.5;1;Tree", "1;40.5;1;Tree"), 16, "duplicate project_id"),
        (SMALL.replace("vote_type;approval", "vote_type;magic"), 10, "vote_type"),
        (SMALL.replace("budget;100", "budget;x"), 9, "budget is not a number"),
        (SMALL.replace("a;1,2;30", "a;1,2,1;30"), 19, "appears twice"),
        (SMALL.replace("VOTES\n", "VOTE\n"), 0, "missing VOTES section"),
    ],
)
def test_errors_carry_line_numbers(broken: str, line: int, message: str) -> None:
    with pytest.raises(PabulibError) as info:
        parse_string(broken)
    assert info.value.line == line
    assert message in info.value.message


def test_points_must_match_votes() -> None:
    text = """META
key;value
budget;10
vote_type;cumulative
PROJECTS
project_id;cost
x;5
y;5
VOTES
voter_id;vote;points
1;x,y;3,2
2;x,y;3
"""
    with pytest.raises(PabulibError) as info:
        parse_string(text)
    assert info.value.line == 12
    assert parse_string(text.replace("2;x,y;3\n", "2;x,y;1.5,0.5\n")).points_scale == 2


def test_gzip_and_plain_files_parse_alike(tmp_path: Path) -> None:
    plain = tmp_path / "small.pb"
    plain.write_text(SMALL, encoding="utf-8")
    packed = tmp_path / "small.pb.gz"
    packed.write_bytes(gzip.compress(SMALL.encode()))
    a, b = parse_file(plain), parse_file(packed)
    assert a.project_ids == b.project_ids and np.array_equal(a.indices, b.indices)


def _checker_errors(text: str) -> dict[str, object]:
    from pabulib.checker import Checker

    with contextlib.redirect_stdout(io.StringIO()):
        result = Checker().process_files([text])
    entries = [v for k, v in result.items() if isinstance(v, dict) and "results" in v]
    assert len(entries) == 1
    return dict(entries[0]["results"].get("errors", {}))


def _export(profile: Profile, rule: str) -> str:
    selected = tally(profile, "city").selected if rule != "unknown" else []
    return write_string(
        profile,
        selected,
        meta={
            "description": "export test",
            "country": "Poland",
            "unit": "Town",
            "instance": "2024",
            "rule": rule,
            "date_begin": "01.05.2024",
            "date_end": "15.05.2024",
        },
    )


@pytest.mark.parametrize(
    "name",
    [
        "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb",
        "Poland_Czestochowa_2020_Grabowka.pb",
        "US_Stanford_Dataset_PB_Chicago_47th_Ward_2021_vote_rankings.pb",
    ],
)
def test_export_passes_pabulib_checker(name: str) -> None:
    profile = parse_file(DATA / name)
    rule = profile.meta.get("rule", "unknown")
    text = _export(profile, rule if rule != "unknown" else "unknown")
    assert _checker_errors(text) == {}
    again = parse_string(text)
    assert again.project_ids == profile.project_ids
    assert again.costs == profile.costs
    assert np.array_equal(again.indices, profile.indices)
    assert again.voter_ids == tuple(str(v + 1) for v in range(profile.num_voters))  # anonymised
    if rule != "unknown":
        assert tally(again, "city").selected == tally(profile, "city").selected


def test_every_test_instance_parses() -> None:
    files = instance_files()
    assert len(files) >= 30
    for path in files:
        profile = parse_file(path)
        assert profile.num_voters == int(profile.meta["num_votes"])
        assert profile.num_projects == int(profile.meta["num_projects"])
        votes = [int(pm["votes"]) for pm in profile.project_meta if "votes" in pm]
        if votes:
            assert profile.approvals.tolist() == votes


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("rule", ["equalshares/add1", "equalshares/add1-comparison", "greedy"])
def test_random_exports_follow_their_rule_for_the_checker(seed: int, rule: str) -> None:
    rng = np.random.default_rng(seed)
    m = int(rng.integers(3, 8))
    ids = [f"p{j}" for j in range(m)]
    costs = [int(c) for c in rng.integers(1, 40, size=m) * 10]
    ballots = []
    for _ in range(int(rng.integers(5, 25))):
        size = int(rng.integers(1, m + 1))
        ballots.append([ids[j] for j in sorted(rng.choice(m, size=size, replace=False).tolist())])
    profile = Profile.from_ballots(ids, costs, int(sum(costs) * 0.6), ballots)
    profile.meta["rule"] = rule
    text = _export(profile, rule)
    assert _checker_errors(text) == {}


def test_writer_refuses_incomplete_meta() -> None:
    profile = parse_string(SMALL)
    with pytest.raises(ValueError, match="date_begin"):
        write_string(profile, [])


def _same_profile(a: Profile, b: Profile) -> None:
    assert (a.project_ids, a.costs, a.budget, a.vote_type) == (
        b.project_ids,
        b.costs,
        b.budget,
        b.vote_type,
    )
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert (a.points is None) == (b.points is None)
    if a.points is not None and b.points is not None:
        assert np.array_equal(a.points, b.points) and a.points_scale == b.points_scale
    assert a.voter_ids == b.voter_ids
    assert a.meta == b.meta and a.project_meta == b.project_meta


def test_bulk_parser_equals_line_parser_on_every_instance() -> None:
    from budgeting.tally.pabulib import _decode, _parse_fast, _parse_text

    for path in instance_files():
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        fast = _parse_fast(data)
        assert fast is not None, f"{path.name} fell back to the line parser"
        _same_profile(fast, _parse_text(_decode(data)))


CUMULATIVE = """META
key;value
budget;10
vote_type;cumulative
PROJECTS
project_id;cost;name
x;5;"X; the first"
y;5;Y
VOTES
voter_id;vote;points;age
1;x,y;3,2;30
2;y;1;
3;x;4;50
"""


@pytest.mark.parametrize(
    "variant",
    [
        SMALL,
        SMALL.replace("\n", "\r\n"),
        SMALL.replace("a;1,2;30", "a;1, 2;30"),
        SMALL.replace("c;2;22", "c;;22"),
        SMALL.replace("c;2;22", "c;none;22"),
        SMALL.replace("a;1,2;30", 'a;"1,2";30'),
        SMALL + "\n\n",
        # project ids that are numbers but not all plainly written, or not numbers
        SMALL.replace("10;40.5;1;Tree", "010;40.5;1;Tree").replace("1,10", "1,010"),
        SMALL.replace("10;40.5;1;Tree", "x;40.5;1;Tree").replace("1,10", "1,x"),
        SMALL.replace("10;40.5;1;Tree", "0;40.5;1;Tree").replace("1,10", "0,1"),
        CUMULATIVE,
        CUMULATIVE.replace("3;x;4;50", "3;x;4.5;50"),
        CUMULATIVE.replace("2;y;1;", "2;;;"),
    ],
)
def test_bulk_parser_agrees_with_the_line_parser(variant: str) -> None:
    from budgeting.tally.pabulib import _parse_text

    _same_profile(parse_string(variant), _parse_text(variant))
