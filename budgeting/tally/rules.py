"""One entry point for every rule: :func:`tally`."""

from __future__ import annotations

from fractions import Fraction

from budgeting.tally.completion import (
    COMPLETIONS,
    add1_official,
    add1_pabutools,
    compare_with_greedy,
    greedy_fill,
)
from budgeting.tally.equal_shares import MesData, Satisfaction, equal_shares
from budgeting.tally.greedy import Key, density_keys, greedy, score_keys
from budgeting.tally.outcome import Outcome
from budgeting.tally.phragmen import sequential_phragmen
from budgeting.tally.profile import IntArray, Profile
from budgeting.tally.tiebreak import TieBreak, tie_ranks
from budgeting.tally.welfare import max_welfare

RULES = (
    "greedy-cost",
    "greedy-card",
    "greedy-no-skip",
    "greedy-threshold",
    "mes-cost",
    "mes-card",
    "mes-additive",
    "phragmen",
    "max-welfare",
    "city",
)

#: pabulib META rules that ``city`` reproduces, and how.
CITY_RULES = {
    "greedy": ("greedy", "none"),
    "greedy-threshold": ("greedy", "none"),
    "greedy-no-skip": ("greedy-no-skip", "none"),
    "equalshares": ("mes", "none"),
    "equalshares-comparison": ("mes", "comparison"),
    "equalshares/add1": ("mes", "add1"),
    "equalshares/add1-comparison": ("mes", "add1-comparison"),
}


def threshold(profile: Profile) -> Fraction:
    """``min_project_score_threshold`` from META (0 when absent)."""
    raw = profile.meta.get("min_project_score_threshold", "").strip()
    return Fraction(raw.replace(",", ".")) * profile.points_scale if raw else Fraction(0)


def additive_keys(profile: Profile) -> list[Key]:
    """Total additive utility per unit of cost (greedy completion of ``mes-additive``)."""
    scores = profile.scores(profile.default_utility())
    keys: list[Key] = []
    for j, cost in enumerate(profile.costs):
        total = Fraction(int(scores[j]))
        keys.append((total / cost if cost > 0 else float("inf")) if total > 0 else Fraction(0))
    return keys


def tally(
    profile: Profile,
    rule: str,
    completion: str = "none",
    tie_break: TieBreak | None = None,
) -> Outcome:
    """Run ``rule`` (see :data:`RULES`) with an Equal Shares ``completion``.

    ``tie_break`` defaults to pabutools' ``lexico``; for ``city`` to the city
    conventions (file order for greedy, ``cost-votes`` for Equal Shares).
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; choose from {', '.join(RULES)}")
    if completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r}; choose from {', '.join(COMPLETIONS)}")
    if rule == "city":
        return _city(profile, tie_break)
    if not rule.startswith("mes-") and completion != "none":
        raise ValueError(f"completion {completion!r} applies to Equal Shares rules only")
    rank = tie_ranks(profile, tie_break or "lexico")
    if rule in ("greedy-cost", "greedy-card"):
        keys = density_keys(profile, "cost" if rule == "greedy-cost" else "card")
        return greedy(profile, keys, rank, score_name="density")
    if rule in ("greedy-no-skip", "greedy-threshold"):
        return _city_greedy(profile, rank, no_skip=rule == "greedy-no-skip")
    if rule == "phragmen":
        return sequential_phragmen(profile, rank)
    if rule == "max-welfare":
        return max_welfare(profile, profile.scores(profile.default_utility()), rank)
    satisfactions: dict[str, Satisfaction] = {
        "mes-cost": "cost",
        "mes-card": "card",
        "mes-additive": "additive",
    }
    return run_equal_shares(profile, satisfactions[rule], completion, tie_break or "lexico")


def run_equal_shares(
    profile: Profile,
    satisfaction: Satisfaction,
    completion: str,
    tie_break: TieBreak,
    comparison_tie_break: TieBreak | None = None,
) -> Outcome:
    rank = tie_ranks(profile, tie_break)
    data = MesData.build(profile, satisfaction)
    if profile.num_voters == 0:
        return Outcome(selected=[], cost=Fraction(0))
    if completion == "none":
        outcome = equal_shares(data, rank, profile.budget / profile.num_voters)
    elif completion in ("add1", "add1-greedy", "add1-comparison"):
        outcome = add1_official(data, rank)
    else:
        outcome = add1_pabutools(data, rank)
    if completion.endswith("-greedy"):
        if satisfaction == "cost" or satisfaction == "card":
            keys = density_keys(profile, satisfaction)
        else:
            keys = additive_keys(profile)
        outcome = greedy_fill(profile, outcome, keys, rank)
    if completion.endswith("comparison"):
        plain_rank = tie_ranks(profile, comparison_tie_break or tie_break)
        plain = greedy(profile, score_keys(profile.approvals), plain_rank, score_name="votes")
        outcome = compare_with_greedy(profile, outcome, plain)
    return outcome


def _city_greedy(profile: Profile, rank: IntArray, *, no_skip: bool) -> Outcome:
    scores = profile.scores(profile.city_utility())
    limit = threshold(profile)
    eligible = [Fraction(int(s)) >= limit for s in scores]
    return greedy(
        profile,
        score_keys(scores),
        rank,
        no_skip=no_skip,
        eligible=eligible,
        score_name="votes" if profile.is_approval else "score",
    )


def _city(profile: Profile, tie_break: TieBreak | None) -> Outcome:
    meta_rule = profile.meta.get("rule", "").strip()
    if meta_rule not in CITY_RULES:
        raise ValueError(f"the file's rule {meta_rule!r} is not one the engine reproduces")
    kind, completion = CITY_RULES[meta_rule]
    if kind == "mes":
        if not profile.is_approval:
            raise ValueError("Equal Shares city rules are defined for approval ballots")
        if completion == "comparison":
            return _city_comparison_without_add1(profile, tie_break)
        return run_equal_shares(
            profile, "cost", completion, tie_break or "cost-votes", tie_break or "file-order"
        )
    rank = tie_ranks(profile, tie_break or "file-order")
    return _city_greedy(profile, rank, no_skip=kind == "greedy-no-skip")


def _city_comparison_without_add1(profile: Profile, tie_break: TieBreak | None) -> Outcome:
    outcome = run_equal_shares(profile, "cost", "none", tie_break or "cost-votes")
    plain = greedy(
        profile,
        score_keys(profile.approvals),
        tie_ranks(profile, tie_break or "file-order"),
        score_name="votes",
    )
    return compare_with_greedy(profile, outcome, plain)
