"""Run pabutools 1.2.3 (the reference) on one of our profiles."""

from __future__ import annotations

from typing import Any

from pabutools.election import (
    Additive_Borda_Sat,
    Additive_Cardinal_Sat,
    Cardinality_Sat,
    Cost_Sat,
)
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import (
    greedy_utilitarian_welfare,
    max_additive_utilitarian_welfare,
    method_of_equal_shares,
    sequential_phragmen,
)

from budgeting.tally import Profile, write_string

META = {
    "description": "t",
    "country": "c",
    "unit": "u",
    "instance": "i",
    "date_begin": "1",
    "date_end": "2",
}


def load(profile: Profile) -> tuple[Any, Any]:
    return parse_pabulib_from_string(write_string(profile, [], meta=META))


def additive_sat(profile: Profile) -> Any:
    if profile.vote_type == "ordinal":
        return Additive_Borda_Sat
    if profile.vote_type in ("cumulative", "scoring"):
        return Additive_Cardinal_Sat
    return Cardinality_Sat


def reference(profile: Profile, rule: str) -> list[str]:
    """Selected project ids (in pabutools' order) for ``rule[+add1-pabutools]``."""
    instance, prof = load(profile)
    base, _, completion = rule.partition("+")
    sats = {"cost": Cost_Sat, "card": Cardinality_Sat}
    if base.startswith("greedy-"):
        out = greedy_utilitarian_welfare(instance, prof, sat_class=sats[base[7:]])
    elif base.startswith("mes-"):
        kind = base[4:]
        out = method_of_equal_shares(
            instance,
            prof,
            sat_class=sats.get(kind) or additive_sat(profile),
            voter_budget_increment=1 if completion == "add1-pabutools" else None,
        )
    elif base == "phragmen":
        out = sequential_phragmen(instance, prof)
    else:
        raise ValueError(rule)
    return [p.name for p in out]


def reference_welfare(profile: Profile) -> int:
    instance, prof = load(profile)
    sat = additive_sat(profile)
    out = max_additive_utilitarian_welfare(instance, prof, sat_class=sat)
    return int(prof.as_sat_profile(sat).total_satisfaction(out))
