"""Equal Shares at many start budgets, in compiled loops (the budget-increase completions).

A completion by budget increase needs the outcome at start budgets ``t_1, t_2, ...``.
Each run is the floating-point mode of :func:`~budgeting.tally.equal_shares.equal_shares`
with the same certified decisions, written as plain loops in Cython
(``_mes_kernel.pyx``; NumPy calls on short arrays cost more in overhead than in
arithmetic, and most supporter lists are short):

* affordability and the least rho are certified with the relative margin ``TOL``;
* near ties are decided exactly when every nearly tied price is a ratio of integers
  (every supporter holds exactly nothing or clearly more than its share): the price is
  ``num_j / units_j`` with integer ``num_j`` (1 for cost satisfaction, the cost on a
  common denominator otherwise), compared by cross-multiplication in 64-bit integers,
  which :func:`_build` checks cannot overflow;
* any other decision inside the margin makes the run *uncertain* (``None``), and the
  caller redoes it with :func:`~budgeting.tally.equal_shares.equal_shares`, whose
  exact mode takes over.

Sums run in sequence rather than pairwise; their relative error stays below
``n * 2**-53`` (3e-11 for 300,000 supporters), far inside ``TOL``.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np
import numpy.typing as npt

from budgeting.tally import _mes_kernel
from budgeting.tally.equal_shares import FloatArray, MesData
from budgeting.tally.profile import IntArray

Int32Array = npt.NDArray[np.int32]

KernelArrays = tuple[
    FloatArray,
    IntArray,
    Int32Array,
    FloatArray,
    IntArray,
    FloatArray,
    FloatArray,
    FloatArray,
    FloatArray,
    FloatArray,
    IntArray,
    IntArray,
    IntArray,
    IntArray,
    bool,
    FloatArray,
    IntArray,
    bool,
]


@dataclass(frozen=True)
class KernelData:
    """The arrays a compiled run reads (one set per profile, satisfaction and ranks)."""

    weight: FloatArray
    sup_ptr: IntArray
    sup_group: Int32Array  # (a group count fits: halves what the runs read)
    sup_k: FloatArray  # utility of each (project, group) entry
    sup_units: IntArray  # weight * k of each entry, exact
    sup_w: FloatArray  # weight of each entry's group
    sup_wk: FloatArray  # weight * k of each entry
    cost: FloatArray
    scale: FloatArray
    k_total: FloatArray
    candidate: IntArray  # what Equal Shares may buy (a cost, supporters)
    free: IntArray  # free projects with supporters, in tie-breaking order
    rank: IntArray
    tie_num: IntArray
    int_ties: bool
    w_sum: FloatArray  # weight of each project's supporters
    by_cost: IntArray  # what Equal Shares may buy, dearest first
    unit: bool  # every utility is 1 (approval ballots)

    def arrays(self) -> KernelArrays:
        """The fields in the order the kernel's functions take them."""
        return (
            self.weight,
            self.sup_ptr,
            self.sup_group,
            self.sup_k,
            self.sup_units,
            self.sup_w,
            self.sup_wk,
            self.cost,
            self.scale,
            self.k_total,
            self.candidate,
            self.free,
            self.rank,
            self.tie_num,
            self.int_ties,
            self.w_sum,
            self.by_cost,
            self.unit,
        )


#: what a settled run promises of every run below it that shares its first rounds
#: (see :func:`settled_between`): ``within`` the cap, leaving some candidate out; or
#: leaving ``room`` within the cap for a candidate it left out
Settle = Literal["within", "room"]

#: prices within this relative distance above each round's least are computed exactly
#: (not only bounded) in a recorded run, so that certificates hold over wider strides
WINDOW = 1e-2

#: a settling run follows what each project's supporters hold with a matrix of
#: projects by projects; above these sizes it makes do with weaker bounds
CO_PROJECTS = 4000
CO_WORK = 50_000_000

_BUILT: weakref.WeakKeyDictionary[MesData, dict[bytes, KernelData]] = weakref.WeakKeyDictionary()
_CO: weakref.WeakKeyDictionary[MesData, FloatArray] = weakref.WeakKeyDictionary()
_NO_CO = np.empty((0, 0), dtype=np.float64)
_NO_PAID = np.empty(0, dtype=np.float64)


def kernel_data(data: MesData, rank: IntArray) -> KernelData:
    per_rank = _BUILT.setdefault(data, {})
    key = rank.tobytes()
    if key not in per_rank:
        per_rank[key] = _build(data, rank)
    return per_rank[key]


def co_support(data: MesData, k: KernelData) -> FloatArray:
    """``co[a, c]``: what the voters supporting both ``a`` and ``c`` weigh for ``a``
    (weight times utility), empty when too large to build (see ``_mes_kernel._follow``)."""
    if data not in _CO:
        groups = data.groups
        lengths = np.diff(groups.row_ptr)
        work = int(np.dot(lengths, lengths))
        if data.profile.num_projects > CO_PROJECTS or work > CO_WORK:
            _CO[data] = _NO_CO
        else:
            _CO[data] = _mes_kernel.co_support(
                k.sup_ptr,
                k.sup_group,
                k.sup_wk,
                np.ascontiguousarray(groups.row_ptr, dtype=np.int64),
                np.ascontiguousarray(groups.row_project, dtype=np.int64),
            )
    return _CO[data]


def _build(data: MesData, rank: IntArray) -> KernelData:
    profile = data.profile
    groups = data.groups
    m = profile.num_projects
    # the exact price of a tie, cost / (scale * units), is num / units
    if all(s == c for s, c in zip(data.scale, profile.costs, strict=True)):
        nums = [1] * m
    else:
        den = math.lcm(*(c.denominator for c in profile.costs)) if m else 1
        nums = [int(c * den) for c in profile.costs]
    int_ties = max(nums, default=0) * max(max(data.total_k, default=0), 1) < 2**62
    return KernelData(
        weight=groups.weight.astype(np.float64),
        sup_ptr=np.ascontiguousarray(groups.sup_ptr, dtype=np.int64),
        sup_group=np.ascontiguousarray(groups.sup_group, dtype=np.int32),
        sup_k=groups.sup_util.astype(np.float64),
        sup_units=np.ascontiguousarray(
            groups.weight[groups.sup_group] * groups.sup_util, dtype=np.int64
        ),
        sup_w=groups.weight[groups.sup_group].astype(np.float64),
        sup_wk=(groups.weight[groups.sup_group] * groups.sup_util).astype(np.float64),
        cost=np.array([float(c) for c in profile.costs], dtype=np.float64),
        scale=np.array([float(s) for s in data.scale], dtype=np.float64),
        k_total=np.array([float(data.sup[j][3].sum()) for j in range(m)], dtype=np.float64),
        candidate=np.array(data.candidates, dtype=np.int64),
        free=np.array(sorted(data.free, key=lambda j: int(rank[j])), dtype=np.int64),
        rank=np.ascontiguousarray(rank, dtype=np.int64),
        tie_num=np.array(nums if int_ties else [0] * m, dtype=np.int64),
        int_ties=bool(int_ties),
        w_sum=np.array([float(data.sup[j][1].sum()) for j in range(m)], dtype=np.float64),
        by_cost=np.array(sorted(data.candidates, key=lambda j: -profile.costs[j]), dtype=np.int64),
        unit=bool(np.all(groups.sup_util == 1)),
    )


def selections(
    data: MesData,
    rank: IntArray,
    per_voters: Sequence[Fraction],
    cap: Fraction | None = None,
) -> list[frozenset[int] | None]:
    """The set of projects (indices) Equal Shares selects at each start budget, or None
    where the run is uncertain and must be redone exactly.

    With ``cap``, a run may stop once what it bought costs more than ``cap`` (its set
    is then the part bought so far, already over ``cap``); the check is in floating
    point with a margin far above its rounding, so a run stops only when truly over."""
    k = kernel_data(data, rank)
    t = np.array([float(x) for x in per_voters], dtype=np.float64)
    cap_f = float(cap) * (1 + 1e-9) if cap is not None else np.inf
    chosen, counts = _mes_kernel.runs(t, cap_f, *k.arrays())
    out: list[frozenset[int] | None] = []
    for row, count in zip(chosen, counts.tolist(), strict=True):
        out.append(None if count == _mes_kernel.UNCERTAIN else frozenset(row[:count].tolist()))
    return out


@dataclass
class Run:
    """One run at a start budget with its record (see :func:`run_at`)."""

    order: tuple[int, ...]  # projects in selection order (free ones first)
    certain: bool
    bounds: FloatArray  # per round, a lower bound on every price (inf: not available)
    won: IntArray  # per round, the project bought
    rich: IntArray  # per round, 1 if every supporter paid its share in full
    rounds: int
    capped: bool  # stopped once over the cap
    settled: int  # rounds after which it is settled (-1: not settled, or not asked)
    inside: frozenset[int]  # the set *X* of a settled run (see :func:`settled_between`)


class Prefixes:
    """What each group paid in the first rounds of runs, by the projects those rounds
    bought, where every supporter paid the equal split (what it paid is then the same
    at every start budget); shared by the runs of one search, in threads."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._paid: dict[tuple[int, ...], FloatArray] = {}
        self._lock = threading.Lock()

    def longest(self, bought: tuple[int, ...]) -> tuple[int, FloatArray]:
        """The most first rounds of ``bought`` known, and what was paid in them."""
        with self._lock:
            for length in range(len(bought), 0, -1):
                paid = self._paid.get(bought[:length])
                if paid is not None:
                    return length, paid
        return 0, _NO_PAID

    def keep(self, bought: tuple[int, ...], paid: FloatArray) -> None:
        with self._lock:
            if len(self._paid) >= self.size:
                del self._paid[next(iter(self._paid))]  # the oldest
            self._paid[bought] = paid


def run_at(
    data: MesData,
    rank: IntArray,
    per_voter: Fraction,
    cap: Fraction,
    above: Run | None,
    forced: int = 0,
    below: Run | None = None,
    settle: Settle | None = None,
    prefixes: Prefixes | None = None,
) -> Run:
    """One run at ``per_voter`` with its record; ``above`` is a run at a start budget at
    least as large, whose bounds serve while both bought the same projects, and whose
    first ``forced`` rounds are certified to go the same way here (see
    :func:`certified_rounds`): only their winners' prices are computed, and not even
    those where ``below`` (a run at a start budget at most as large, with the same
    first rounds) had every supporter pay its share in full. An uncertain run has
    ``certain`` false and no order: the caller runs it exactly. With ``settle``, the
    run also finds when it is *settled* in that sense (see :func:`settled_between`).
    With ``prefixes``, the first forced rounds in which ``below`` had every supporter
    pay in full are not paid again where ``prefixes`` knows what they cost each group,
    and are remembered there otherwise."""
    k = kernel_data(data, rank)
    m = len(k.cost)
    if above is None or not above.certain:
        forced = 0
    prev_bounds, prev_won, prev_rounds = _record_of(above, m)
    rich_below = below.rich if below is not None and below.certain else np.zeros(m + 1, np.int64)
    # the first forced rounds in which everyone paid in full
    in_full = int(np.argmin(np.append(rich_below[:forced], 0)))
    bought = tuple(prev_won[:in_full].tolist())
    skip, paid = prefixes.longest(bought) if prefixes is not None and in_full else (0, _NO_PAID)
    snap_at = in_full if prefixes is not None and in_full > skip else -1
    snap = np.empty(len(k.weight) if snap_at >= 0 else 0, dtype=np.float64)
    chosen, count, bounds, won, rich, rounds, settled, inside = _mes_kernel.run_one(
        float(per_voter),
        float(cap) * (1 + 1e-9),
        *k.arrays(),
        prev_bounds,
        prev_won,
        prev_rounds,
        forced,
        rich_below,
        1 + WINDOW,
        # sums of costs in floating point: a hair below the cap keeps the test one-sided
        float(cap) * (1 - 1e-12) if settle else -1.0,
        settle == "room",
        co_support(data, k) if settle else _NO_CO,
        paid,
        skip,
        snap,
        snap_at,
    )
    certain = count != _mes_kernel.UNCERTAIN
    if prefixes is not None and certain and 0 < snap_at <= rounds:  # taken
        prefixes.keep(bought, snap)
    order = tuple(chosen.tolist()) if certain else ()
    capped = certain and float(k.cost[chosen].sum()) > float(cap) * (1 + 1e-9)
    if not certain or settled < 0:
        return Run(order, certain, bounds, won, rich, rounds, capped, -1, frozenset())
    kept = frozenset(np.flatnonzero(inside).tolist())
    return Run(order, certain, bounds, won, rich, rounds, capped, settled, kept)


def _record_of(run: Run | None, m: int) -> tuple[FloatArray, IntArray, int]:
    if run is None or not run.certain:
        return np.empty((m + 1, max(m, 1))), np.empty(m + 1, dtype=np.int64), 0
    return run.bounds, run.won, run.rounds


def certified_rounds(low: Run, high: Run, known: int = 0) -> int:
    """How many first rounds go the same way at every start budget between ``low``'s
    and ``high``'s (a certificate from the two records; the first ``known`` rounds are
    known to, from an interval holding this one).

    For a start budget ``t`` between them, by induction over the rounds: with the same
    projects bought so far, every budget at ``t`` lies between the two runs' (paying
    keeps budgets in order), so the price of ``low``'s winner ``w`` at ``t`` is at most
    its price in ``low`` and every other price at ``t`` at least its bound in ``high``.
    If ``high`` bought ``w`` too and each bound is above ``w``'s price (with the margin
    ``TOL`` on both sides, far above rounding), ``w`` wins at ``t`` too."""
    if not (low.certain and high.certain):
        return known
    rounds = min(low.rounds, high.rounds)
    return int(_mes_kernel.certified(low.bounds, low.won, high.bounds, high.won, known, rounds))


def same_between(low: Run, high: Run, known: int = 0) -> bool:
    """True only if every start budget between ``low``'s and ``high``'s buys the same
    projects in the same order as both: every round certified
    (:func:`certified_rounds`), and where ``high`` found nothing left affordable,
    neither does any smaller start budget."""
    if not (low.certain and high.certain) or low.order != high.order:
        return False
    if low.rounds != high.rounds or low.capped != high.capped:
        return False
    if certified_rounds(low, high, known) < low.rounds:
        return False
    return low.capped or bool(np.isinf(high.bounds[low.rounds]).all())


def settled_between(low: Run, high: Run, known: int = 0) -> bool:
    """True only if every start budget between ``low``'s and ``high``'s selects
    projects that cost at most the cap together and leave some candidate out (for
    ``room``: leave out one that fits within the cap with them).

    ``high`` is settled after its first ``r`` rounds: what they bought and every
    project its supporters could still pay for (the set *X*) cost at most the cap,
    and some candidate is outside *X* (for ``room``: the cheapest one outside fits
    within the cap with *X*). Where those rounds go the same way at every start
    budget in between (:func:`certified_rounds`), budgets there after them are at
    most ``high``'s, so nothing outside *X* is ever bought there: each selection lies
    within *X*, whatever its later rounds do."""
    if not high.certain or high.settled < 0:
        return False
    return certified_rounds(low, high, known) >= high.settled
