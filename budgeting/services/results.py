"""Counting a budget's ballots with the round's rule, storing and publishing the result.

The tally engine (:mod:`budgeting.tally`) is pure; this module turns the database into a
:class:`~budgeting.tally.Profile`, applies what the engine does not know about
(incompatible proposals, anonymous paper counts), and writes ``Result`` and
``ResultLine`` rows with a plain-language reason for every proposal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.models import (
    Ballot,
    BallotChoice,
    BallotType,
    Budget,
    Channel,
    Incompatibility,
    Item,
    PaperBatch,
    PaperCount,
    Phase,
    Project,
    Result,
    ResultLine,
    Round,
    Rule,
    VoterRoll,
)
from budgeting.tally import Outcome, Profile, tally
from civic.accounts.models import User
from civic.errors import Conflict, DomainError
from civic.places.models import Area

#: Rules that only need how many ballots list each proposal, so anonymous paper counts
#: (per proposal, without the ballots they came from) can be added to them.
COUNT_RULES = ("greedy-cost", "greedy-card", "greedy-no-skip")

#: Cells of the turnout tables smaller than this are not shown.
SMALL_CELL = 5

#: Above this many ballots the official's "compute" runs in a background task.
BACKGROUND_BALLOTS = 5_000

VOTE_TYPE = {
    BallotType.APPROVAL: "approval",
    BallotType.KNAPSACK: "approval",
    BallotType.SINGLE: "choose-1",
    BallotType.CUMULATIVE: "cumulative",
    BallotType.RANKING: "ordinal",
}


# ----------------------------------------------------------------------------- profile
@dataclass
class BudgetProfile:
    """A budget's ballots as a tally profile, with the items behind the project ids."""

    profile: Profile
    items: list[Item]
    online_ballots: int
    paper_ballots: int
    paper_votes: dict[int, int] = field(default_factory=dict)

    def item_of(self, project_id: str) -> Item:
        return self.items[self.profile.index_of[project_id]]


def ballot_items(budget: Budget) -> list[Item]:
    """The proposals on a budget's ballot, in the order they were submitted."""
    return list(
        Item.objects.filter(budget=budget, on_ballot=True)
        .select_related("assessment")
        .order_by("pk")
    )


def exact_cost(item: Item) -> Fraction:
    cost = item.cost
    assert isinstance(cost, Decimal)
    return Fraction(cost)


def confirmed_paper_votes(budget: Budget) -> tuple[dict[int, int], int]:
    """Votes per item from confirmed paper batches, and the ballots in those boxes."""
    votes = dict(
        PaperCount.objects.filter(batch__budget=budget, batch__status=PaperBatch.Status.CONFIRMED)
        .values("item_id")
        .annotate(total=Sum("votes"))
        .values_list("item_id", "total")
    )
    boxes = (
        PaperBatch.objects.filter(budget=budget, status=PaperBatch.Status.CONFIRMED).aggregate(
            n=Sum("ballots")
        )["n"]
        or 0
    )
    return {k: int(v) for k, v in votes.items() if v}, int(boxes)


def budget_profile(
    budget: Budget,
    *,
    exclude: Iterable[int] = (),
    include_paper: bool = True,
    items: Sequence[Item] | None = None,
) -> BudgetProfile:
    """The profile of ``budget``: one voter per stored ballot (in the random order of the
    ballots' keys, which says nothing about when or by whom they were cast), then one
    single-proposal voter per confirmed paper vote when ``include_paper``.

    Items in ``exclude`` are left out of the profile and out of every ballot.
    """
    excluded = set(exclude)
    all_items = list(items) if items is not None else ballot_items(budget)
    kept = [item for item in all_items if item.pk not in excluded]
    index = {item.pk: j for j, item in enumerate(kept)}
    vote_type = VOTE_TYPE[BallotType(budget.ballot_type)]
    ballot_ids = list(
        Ballot.objects.filter(budget=budget).order_by("id").values_list("id", flat=True)
    )
    position = {bid: v for v, bid in enumerate(ballot_ids)}
    rows = (
        BallotChoice.objects.filter(ballot__budget=budget)
        .order_by("ballot_id", "rank", "pk")
        .values_list("ballot_id", "item_id", "points")
    )
    voters: list[int] = []
    projects: list[int] = []
    points: list[int] = []
    for ballot_id, item_id, pts in rows.iterator(chunk_size=20_000):
        j = index.get(item_id)
        if j is None:
            continue
        voters.append(position[ballot_id])
        projects.append(j)
        points.append(int(pts))
    n = len(ballot_ids)
    paper_votes: dict[int, int] = {}
    paper_ballots = 0
    if include_paper:
        paper_votes, paper_ballots = confirmed_paper_votes(budget)
        for item_id, count in paper_votes.items():
            j = index.get(item_id)
            if j is None:
                continue
            voters.extend(range(n, n + count))
            projects.extend([j] * count)
            points.extend([1] * count)
            n += count
    voter_arr = np.asarray(voters, dtype=np.int64)
    # rows are sorted by ballot already; paper voters come after, in order
    indptr = np.zeros(n + 1, dtype=np.int64)
    if len(voter_arr):
        np.cumsum(np.bincount(voter_arr, minlength=n), out=indptr[1:])
    profile = Profile(
        project_ids=tuple(str(item.pk) for item in kept),
        costs=tuple(exact_cost(item) for item in kept),
        budget=Fraction(budget.amount),
        vote_type=vote_type,
        indptr=indptr,
        indices=np.asarray(projects, dtype=np.int64),
        points=np.asarray(points, dtype=np.int64) if vote_type == "cumulative" else None,
        project_meta=tuple({"name": item.title} for item in kept),
    )
    return BudgetProfile(
        profile=profile,
        items=kept,
        online_ballots=len(ballot_ids),
        paper_ballots=paper_ballots,
        paper_votes=paper_votes,
    )


# ------------------------------------------------------------------------------- rules
def rule_settings(round_: Round) -> tuple[str, str, str]:
    """(rule, completion, tie-break) the engine runs for a round."""
    rule = round_.rule
    if rule.startswith("mes-"):
        return rule, (round_.completion or "none"), "cost-votes"
    return rule, "none", "file-order"


def rule_label(rule: str) -> str:
    return str(dict(Rule.choices).get(rule, rule))


def _json_safe(value: Any) -> Any:
    """JSON as PostgreSQL stores it: no NaN or Infinity (a rule's "no limit" becomes null)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def rule_explanation(rule: str, completion: str = "none") -> str:
    """What a rule does, in words a resident understands."""
    texts = {
        "greedy-cost": _(
            "Proposals are taken from the most votes to the fewest. Each one is funded if its "
            "cost still fits in what is left of the budget; one that does not fit is passed "
            "over and the count goes on with the next."
        ),
        "greedy-card": _(
            "Proposals are taken by votes per unit of cost, so cheaper proposals with many "
            "votes come first. Each one is funded if its cost still fits in what is left."
        ),
        "greedy-no-skip": _(
            "Proposals are taken from the most votes to the fewest and funded while they fit; "
            "the count stops at the first proposal that does not fit."
        ),
        "mes-cost": _(
            "Method of Equal Shares: the budget is split equally among the voters. A proposal "
            "is funded when its supporters can pay for it together from their shares; among "
            "those, the one that asks the least of each supporter comes first. Groups of "
            "voters thus decide over a part of the budget in proportion to their size."
        ),
        "mes-card": _(
            "Method of Equal Shares counting each funded proposal once per supporter: the "
            "budget is split equally among the voters, and a proposal is funded when its "
            "supporters can pay for it from their shares."
        ),
        "mes-additive": _(
            "Method of Equal Shares with points or rankings: the budget is split equally among "
            "the voters, and a proposal is funded when its supporters can pay for it from "
            "their shares, paying in proportion to how much they like it."
        ),
        "phragmen": _(
            "Sequential Phragmén: supporters of funded proposals share their cost as a load; "
            "each step funds the proposal that keeps the heaviest load on any voter lowest."
        ),
        "max-welfare": _(
            "The set of proposals that fits in the budget and has the most votes in total, "
            "computed exactly."
        ),
    }
    text = texts.get(rule, rule)
    if rule.startswith("mes-") and completion.startswith("add1"):
        text += " " + _(
            "Equal Shares often leaves money unspent, so the count is repeated with a slightly "
            "larger share per voter as long as the result still fits in the real budget."
        )
        if completion.endswith("greedy"):
            text += " " + _("What is still left is then filled by votes.")
        if completion.endswith("comparison"):
            text += " " + _(
                "Finally the result is compared with a count by most votes; the count by most "
                "votes is kept only if more voters prefer it."
            )
    return text


# ------------------------------------------------------------------------------- count
@dataclass
class Counting:
    """Everything a stored result is made of (also used by previews and tests)."""

    rule: str
    completion: str
    data: BudgetProfile
    outcome: Outcome
    selected: list[Item]
    dropped: dict[int, tuple[Item, Item, str]]  # dropped item -> (it, partner, reason)


def incompatible_pairs(items: Sequence[Item]) -> dict[frozenset[int], str]:
    ids = [item.pk for item in items]
    return {
        frozenset((first, second)): reason
        for first, second, reason in Incompatibility.objects.filter(
            first_id__in=ids, second_id__in=ids
        ).values_list("first_id", "second_id", "reason")
    }


def budget_count(budget: Budget) -> Counting:
    """Run the round's rule on ``budget``; incompatible proposals are handled by dropping
    the later of two and counting again without it (its money may then go elsewhere)."""
    round_ = budget.round
    rule, completion, tie_break = rule_settings(round_)
    paper_votes, _boxes = confirmed_paper_votes(budget)
    if paper_votes and rule not in COUNT_RULES:
        raise DomainError(
            _(
                "This budget has confirmed paper ballot counts, which give only the number of "
                "votes per proposal. The round's rule (%(rule)s) needs each ballot, so it "
                "cannot be computed with them. Use a rule that counts votes (most votes first, "
                "votes per cost, or most votes without skipping)."
            )
            % {"rule": rule_label(rule)},
            code="paper_counts_need_count_rule",
        )
    items = ballot_items(budget)
    pairs = incompatible_pairs(items)
    dropped: dict[int, tuple[Item, Item, str]] = {}
    by_id = {item.pk: item for item in items}
    while True:
        data = budget_profile(budget, exclude=dropped.keys(), items=items)
        outcome = tally(data.profile, rule, completion, tie_break=tie_break)  # type: ignore[arg-type]
        kept: list[Item] = []
        conflict: tuple[Item, Item, str] | None = None
        for pid in outcome.selected:
            item = by_id[int(pid)]
            for other in kept:
                reason = pairs.get(frozenset((item.pk, other.pk)))
                if reason is not None:
                    conflict = (item, other, reason)
                    break
            if conflict:
                break
            kept.append(item)
        if conflict is None:
            return Counting(rule, completion, data, outcome, kept, dropped)
        dropped[conflict[0].pk] = conflict


def _money(value: Fraction | Decimal | int | float) -> str:
    return (
        f"{Decimal(float(value)).quantize(Decimal('0.01')):,}"
        if not isinstance(value, Decimal)
        else f"{value.quantize(Decimal('0.01')):,}"
    )


def _num(value: Any) -> Any:
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _reasons(count: Counting, currency: str) -> tuple[dict[int, str], list[dict[str, Any]]]:
    """A plain-language reason per item, and the steps for the results page."""
    profile = count.data.profile
    budget = profile.budget
    reasons: dict[int, str] = {}
    steps: list[dict[str, Any]] = []
    spent = Fraction(0)
    chosen = {item.pk for item in count.selected}
    mes = count.rule.startswith("mes-")
    number = 0
    for step in count.outcome.steps:
        item = count.data.item_of(step.project)
        cost = profile.costs[profile.index_of[step.project]]
        left = budget - spent
        entry: dict[str, Any] = {
            "item_id": item.pk,
            "title": item.title,
            "action": step.action,
            **{k: _num(v) for k, v in step.data.items()},
        }
        money = {"cost": _money(cost), "left": _money(left), "currency": currency}
        if step.action == "selected" and item.pk in chosen:
            number += 1
            spent += cost
            entry["number"] = number
            if mes and "price" in step.data:
                payers = int(step.data.get("full_payers", 0)) + int(
                    step.data.get("capped_payers", 0)
                )
                reasons[item.pk] = _(
                    "Funded at step %(n)s: its %(payers)s supporters could pay its cost "
                    "together from their equal shares; each paid at most %(price)s %(currency)s."
                ) % {
                    "n": number,
                    "payers": payers,
                    "price": _money(step.data["price"]),
                    "currency": currency,
                }
            elif mes:
                reasons[item.pk] = _(
                    "Funded at step %(n)s, when what was left of the budget was shared out "
                    "after the equal shares."
                ) % {"n": number}
            else:
                reasons[item.pk] = _(
                    "Funded at step %(n)s: it costs %(cost)s %(currency)s and %(left)s "
                    "%(currency)s were still available."
                ) % {"n": number, **money}
        elif step.action == "skipped" and item.pk not in chosen:
            text = step.reason
            if "stopped" in text or "count stops" in text:
                reasons[item.pk] = _(
                    "Not funded: the count stopped at an earlier proposal that did not fit."
                )
            elif "threshold" in text:
                reasons[item.pk] = _("Not funded: it had fewer votes than the threshold.")
            elif "no supporter" in text:
                reasons[item.pk] = _("Not funded: nobody voted for it.")
            elif "cannot pay" in text:
                reasons[item.pk] = (
                    _(
                        "Not funded: its supporters did not have enough left of their equal shares "
                        "to pay its cost of %(cost)s %(currency)s."
                    )
                    % money
                )
            else:
                reasons[item.pk] = (
                    _(
                        "Not funded: it costs %(cost)s %(currency)s but only %(left)s %(currency)s "
                        "were left when its turn came."
                    )
                    % money
                )
        steps.append(entry)
    for item_pk, (_item, partner, why) in count.dropped.items():
        text = _(
            "Not funded: it cannot be built together with “%(other)s”, which was funded first."
        ) % {"other": partner.title}
        if why:
            text += " " + _("Reason: %(reason)s") % {"reason": why}
        reasons[item_pk] = text
    for item in count.data.items:
        if item.pk not in reasons:
            reasons[item.pk] = (
                _("Funded.") if item.pk in chosen else _("Not funded: the budget ran out.")
            )
    return reasons, steps


# ----------------------------------------------------------------------------- turnout
def _suppress(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Hide counts from 1 to 4; when only one cell would be hidden, hide the next smallest
    too, so that it cannot be worked out from the total."""
    small = [c for c in cells if 0 < c["voters"] < SMALL_CELL]
    if len(small) == 1:
        others = sorted((c for c in cells if c["voters"] >= SMALL_CELL), key=lambda c: c["voters"])
        if others:
            small.append(others[0])
    hidden = {id(c) for c in small}
    out = []
    for cell in cells:
        if id(cell) in hidden:
            out.append({**cell, "voters": None, "share": None, "suppressed": True})
        else:
            out.append({**cell, "suppressed": False})
    return out


def budget_turnout(budget: Budget) -> dict[str, Any]:
    """Voters by area and by channel from the voter roll (never from the ballots)."""
    roll = VoterRoll.objects.filter(budget=budget)
    total = roll.count()
    by_channel_raw = dict(
        roll.values("channel").annotate(n=Count("id")).values_list("channel", "n")
    )

    channels: list[dict[str, Any]] = [
        {"key": key, "label": str(label), "voters": int(by_channel_raw.get(key, 0))}
        for key, label in Channel.choices
    ]
    by_area_raw = dict(
        roll.values("area_id_snapshot").annotate(n=Count("id")).values_list("area_id_snapshot", "n")
    )
    areas = {a.pk: a for a in Area.objects.filter(pk__in=[k for k in by_area_raw if k])}
    area_cells = []
    for area_id, n in sorted(by_area_raw.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
        area = areas.get(area_id) if area_id else None
        share = (
            round(100 * n / area.population, 2) if area is not None and area.population else None
        )
        area_cells.append(
            {
                "area_id": area_id,
                "label": area.name if area else str(_("Area not recorded")),
                "voters": int(n),
                "share": share,
            }
        )
    for cell in channels:
        cell["share"] = round(100 * cell["voters"] / total, 1) if total else None
    return {
        "voters": total,
        "voters_suppressed": 0 < total < SMALL_CELL,
        "by_channel": _suppress(channels),
        "by_area": _suppress(area_cells),
        "small_cell": SMALL_CELL,
    }


# --------------------------------------------------------------------------- services
def voting_closed(round_: Round) -> bool:
    from budgeting.models import PHASE_ORDER

    if round_.imported:
        return True
    if PHASE_ORDER.index(round_.phase) > PHASE_ORDER.index(Phase.VOTING):
        return True
    return round_.phase == Phase.VOTING and timezone.now() >= round_.voting_close


@transaction.atomic
def result_compute(*, actor: User | None, budget: Budget) -> Result:
    """Count ``budget`` and store its (unpublished) result; run again to recount."""
    budget = Budget.objects.select_for_update().select_related("round", "area").get(pk=budget.pk)
    round_ = budget.round
    if not voting_closed(round_):
        raise Conflict(_("Results can be computed once voting has closed."), code="voting_open")
    existing = Result.objects.filter(budget=budget).first()
    if existing is not None and existing.published_at is not None:
        raise Conflict(
            _("The result is published and cannot be counted again."), code="result_published"
        )
    count = budget_count(budget)
    reasons, steps = _reasons(count, round_.currency)
    profile = count.data.profile
    votes = profile.approvals
    scores = profile.scores(profile.city_utility())
    spent = sum((exact_cost(item) for item in count.selected), Fraction(0))
    amount = Fraction(budget.amount)
    explanation: dict[str, Any] = {
        "rule": count.rule,
        "rule_label": rule_label(count.rule),
        "completion": count.completion,
        "text": rule_explanation(count.rule, count.completion),
        "steps": steps,
        "details": {k: _num(v) for k, v in count.outcome.details.items()},
        "dropped": [
            {
                "item_id": pk,
                "title": it.title,
                "partner_id": partner.pk,
                "partner_title": partner.title,
                "reason": why,
            }
            for pk, (it, partner, why) in count.dropped.items()
        ],
        "online_ballots": count.data.online_ballots,
        "paper_ballots": count.data.paper_ballots,
        "paper_votes": sum(count.data.paper_votes.values()),
        "budget": _num(amount),
        "unspent": _num(amount - spent),
    }
    result, _created = Result.objects.update_or_create(
        budget=budget,
        defaults={
            "rule": count.rule,
            "completion": count.completion if count.rule.startswith("mes-") else "",
            "ballots_counted": count.data.online_ballots + count.data.paper_ballots,
            "spent": Decimal(spent.numerator) / Decimal(spent.denominator),
            "explanation": _json_safe(explanation),
            "turnout": budget_turnout(budget),
            "computed_at": timezone.now(),
            "published_at": None,
        },
    )
    result.lines.all().delete()
    position = {item.pk: k for k, item in enumerate(count.selected, start=1)}
    lines = []
    all_items = ballot_items(budget)
    index = profile.index_of
    for item in all_items:
        j = index.get(str(item.pk))
        lines.append(
            ResultLine(
                result=result,
                item=item,
                votes=int(votes[j]) if j is not None else 0,
                score=Decimal(int(scores[j])) / profile.points_scale if j is not None else 0,
                cost=Decimal(exact_cost(item).numerator) / exact_cost(item).denominator,
                selected=item.pk in position,
                position=position.get(item.pk),
                reason=reasons.get(item.pk, "")[:300],
            )
        )
    ResultLine.objects.bulk_create(lines)
    return result


@transaction.atomic
def result_publish(*, actor: User | None, budget: Budget) -> Result:
    """Publish a computed result: winners become implementation projects and followers of
    the round hear about it."""
    from civic.notifications.services.events import event_record

    result = (
        Result.objects.select_for_update()
        .select_related("budget__round__organisation")
        .filter(budget=budget)
        .first()
    )
    if result is None:
        raise Conflict(_("Compute the result before publishing it."), code="not_computed")
    if result.published_at is not None:
        return result
    result.published_at = timezone.now()
    result.save(update_fields=["published_at"])
    winners = list(result.lines.filter(selected=True).select_related("item"))
    from budgeting.services.implementation import project_followers_ensure

    for line in winners:
        project, _created = Project.objects.get_or_create(item=line.item)
        project_followers_ensure(project)
    round_ = result.budget.round
    from civic.audit.services import audit_record

    audit_record(
        actor=actor,
        organisation=round_.organisation,
        action="result.published",
        subject_type="budget",
        subject_id=result.budget_id,
        process_type="round",
        process_id=round_.pk,
        after={"budget": result.budget.name, "funded": sorted(w.item_id for w in winners)},
    )
    event_record(
        kind="round.results_published",
        organisation=round_.organisation,
        subject_type="round",
        subject_id=round_.pk,
        title=_("Results of %(budget)s: %(count)s proposals funded")
        % {"budget": result.budget.name, "count": len(winners)},
        url=reverse("budgeting-results:budget", args=[result.budget_id]),
        actor=actor,
        area_ids=[result.budget.area_id],
        payload={"budget_id": result.budget_id, "winners": [w.item_id for w in winners]},
        dedupe_key=f"round.results_published:{result.budget_id}",
    )
    return result


def result_compute_later(*, actor: User | None, budget: Budget) -> bool:
    """Compute now for small budgets; queue a task (after commit) for large ones.
    Returns True when it was queued."""
    if Ballot.objects.filter(budget=budget).count() < BACKGROUND_BALLOTS:
        result_compute(actor=actor, budget=budget)
        return False
    from budgeting.tasks_results import result_compute_task

    actor_id = actor.pk if actor else None
    transaction.on_commit(lambda: result_compute_task.delay(budget.pk, actor_id))
    return True
