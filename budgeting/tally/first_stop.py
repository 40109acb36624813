"""The first start budget at which a budget-increase loop stops, without running them all.

A completion by budget increase runs Equal Shares at start budgets ``budget_at(k)`` for
``k = first, first + 1, ...`` and stops at the first selection that ``stops`` accepts.
:func:`first_stop` finds that ``k`` as the stepwise loop would, running far fewer
start budgets, in several threads at once (the compiled runs release the GIL).
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from fractions import Fraction

from budgeting.tally.equal_shares import MesData, equal_shares
from budgeting.tally.mes_runs import (
    Prefixes,
    Run,
    Settle,
    certified_rounds,
    run_at,
    same_between,
    selections,
    settled_between,
)
from budgeting.tally.profile import IntArray

#: the longest stride of start budgets looked at at once
STRIDE = 4096
#: start budgets run one by one are run this many at a time
CHUNK = 32
#: the first stride, and the stride tried again after units run one by one
PROBE = 8
#: threads that look at start budgets at once (each run is compiled code without the GIL)
THREADS = max(1, min(4, os.cpu_count() or 1))
#: the runs of one search keep what each group of voters paid in their first rounds
#: paid in full (see :class:`.mes_runs.Prefixes`): this many numbers at most (32 MB)
PREFIX_MEMORY = 1 << 22
#: a stride of at least this many units is cut into twice ``THREADS`` parts, looked at
#: in parallel
SPLIT = 64

Point = tuple[int, Run]  # a start budget's k and its run
Stop = tuple[int, frozenset[int]]  # a start budget's k and its selection


def first_stop(
    data: MesData,
    rank: IntArray,
    budget_at: Callable[[int], Fraction],
    first: int,
    stops: Callable[[frozenset[int]], bool],
    settle: Settle | None = None,
) -> tuple[int, frozenset[int], int]:
    """The least ``k >= first`` at which the loop stops (``stops`` is true on the
    selection at ``budget_at(k)``), that selection, and how many runs it took.

    Start budgets are gone through in strides (``PROBE`` units at first, twice as many
    after a stride that needed runs for at most half of its units, up to ``STRIDE``).
    Both ends of a stride are run; when their records certify that every start budget
    between them selects what they select (:func:`.mes_runs.same_between`), the stride
    is done, otherwise its middle is run, told which first rounds the ends certify, and
    each half is looked at in turn (a wide stride is first cut into parts, looked at in
    parallel). Where a stride needed more runs, the selection changes every few units:
    the next units are run one by one, without records (cheaper), ``CHUNK`` of them and
    twice as many each time this happens again in a row, and a stride of ``PROBE``
    units is tried again. Every start budget is either run or certified, so the first
    stop is the stepwise loop's.

    With ``settle`` (the caller's promise that a selection of that kind never stops:
    ``within`` the budget leaving some candidate out, or leaving ``room`` within the
    budget for a candidate left out), a stride is also done when its ends certify that
    every selection in it is of that kind (:func:`.mes_runs.settled_between`), though
    they may differ."""
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        pool_or_none = pool if THREADS > 1 else None
        search = _Search(data, rank, budget_at, stops, pool_or_none, settle)
        k, chosen = search.from_(first)
        return k, chosen, search.work


class _Search:
    def __init__(
        self,
        data: MesData,
        rank: IntArray,
        budget_at: Callable[[int], Fraction],
        stops: Callable[[frozenset[int]], bool],
        pool: Executor | None,
        settle: Settle | None = None,
    ) -> None:
        self.data = data
        self.rank = rank
        self.budget_at = budget_at
        self.stops = stops
        self.pool = pool
        self.settle = settle
        self.cap = data.profile.budget
        self.work = 0
        self._lock = threading.Lock()
        # the least k known to stop: parts wholly above it are not looked at further
        self._known_stop: float = math.inf
        self.prefixes = Prefixes(max(4, min(64, PREFIX_MEMORY // max(data.groups.num_groups, 1))))

    def from_(self, first: int) -> Stop:
        run_low, chosen = self.run(first, None)
        if self.stops(chosen):
            return first, chosen
        k, stride, plain = first, PROBE, CHUNK
        while True:
            before = self.work
            run_high, chosen = self.run(k + stride, None)
            stop = self.split((k, run_low), (k + stride, run_high, chosen))
            if stop is not None:
                return stop
            k, run_low = k + stride, run_high
            if self.work - before <= stride // 2:
                stride, plain = min(2 * stride, STRIDE), CHUNK
                continue
            # the selection changes every few units here: the next units are run one by
            # one (plain runs), more of them each time strides keep failing, a chunk at a
            # time (the first stop ends the search: no run far beyond it)
            for _ in range(plain // CHUNK):
                stop = self.straight(k, k + CHUNK + 1)
                if stop is not None:
                    return stop
                k += CHUNK
            run_low, _ = self.run(k, None)
            stride, plain = PROBE, 2 * plain

    def run(
        self, k: int, above: Run | None, forced: int = 0, below: Run | None = None
    ) -> tuple[Run, frozenset[int]]:
        with self._lock:
            self.work += 1
        per_voter = self.budget_at(k)
        found = run_at(
            self.data,
            self.rank,
            per_voter,
            self.cap,
            above,
            forced,
            below,
            self.settle,
            self.prefixes,
        )
        if found.certain:
            return found, frozenset(found.order)
        return found, alone(self.data, self.rank, per_voter)

    def split(self, low: Point, high: tuple[int, Run, frozenset[int]]) -> Stop | None:
        """The first stop in ``(low, high]``: a wide stride whose ends do not certify it
        is cut into parts (their ends run from the top down, each serving the next as
        bounds), looked at in parallel; the first part with a stop has the first stop."""
        k_low, run_low = low
        k_high = high[0]
        parts = min(2 * THREADS, k_high - k_low)  # no two parts end at the same k
        if self.pool is None or k_high - k_low < max(SPLIT, 2) or self.done(run_low, high[1]):
            return self.scan(low, high)
        ends = [high]
        for i in range(parts - 1, 0, -1):
            k_cut = k_low + (k_high - k_low) * i // parts
            run_cut, chosen_cut = self.run(k_cut, ends[-1][1])
            ends.append((k_cut, run_cut, chosen_cut))
        ends.reverse()
        starts = [low] + [(k, run) for k, run, _ in ends[:-1]]
        pending = [self.pool.submit(self.scan, a, b) for a, b in zip(starts, ends, strict=True)]
        for part in pending:
            stop = part.result()
            if stop is not None:
                return stop
        return None

    def scan(
        self, low: Point, high: tuple[int, Run, frozenset[int]], known: int = 0
    ) -> Stop | None:
        """The first stop in ``(low, high]``; the first ``known`` rounds go the same way
        at every start budget in it."""
        k_low, run_low = low
        k_high, run_high, _ = high
        if k_low >= self._known_stop:
            return None  # a part below has a stop: this one cannot have the first
        if k_high - k_low > 1 and not self.done(run_low, run_high, known):
            known = certified_rounds(run_low, run_high, known)
            k_mid = (k_low + k_high) // 2
            run_mid, chosen_mid = self.run(k_mid, run_high, known, run_low)
            return self.scan(low, (k_mid, run_mid, chosen_mid), known) or self.scan(
                (k_mid, run_mid), high, known
            )
        return self.last(high)

    def done(self, low: Run, high: Run, known: int = 0) -> bool:
        """True when no start budget strictly between ``low``'s and ``high``'s stops."""
        if same_between(low, high, known):
            return True
        return self.settle is not None and settled_between(low, high, known)

    def last(self, high: tuple[int, Run, frozenset[int]]) -> Stop | None:
        if not self.stops(high[2]):
            return None
        with self._lock:
            self._known_stop = min(self._known_stop, high[0])
        return high[0], high[2]

    def straight(self, k_low: int, k_high: int) -> Stop | None:
        """The first stop strictly between ``k_low`` and ``k_high``, each start budget
        run (plain runs: no record), in consecutive pieces, one per thread."""
        ks = range(k_low + 1, k_high)
        budgets = [self.budget_at(k) for k in ks]
        if not budgets:
            return None
        size = -(-len(budgets) // THREADS)
        pieces = [budgets[i : i + size] for i in range(0, len(budgets), size)]
        if self.pool is None:
            found = [self.selected(piece) for piece in pieces]
        else:
            found = list(self.pool.map(self.selected, pieces))
        chosen_all = [chosen for piece in found for chosen in piece]
        for k, chosen in zip(ks, chosen_all, strict=True):
            with self._lock:
                self.work += 1
            if self.stops(chosen):
                return k, chosen
        return None

    def selected(self, budgets: Sequence[Fraction]) -> list[frozenset[int]]:
        found = selections(self.data, self.rank, budgets, cap=self.cap)
        return [
            alone(self.data, self.rank, per_voter) if chosen is None else chosen
            for per_voter, chosen in zip(budgets, found, strict=True)
        ]


def alone(data: MesData, rank: IntArray, per_voter: Fraction) -> frozenset[int]:
    """The selection at one start budget (compiled; exact arithmetic where uncertain)."""
    found = selections(data, rank, [per_voter])[0]
    if found is not None:
        return found
    outcome = equal_shares(data, rank, per_voter, explain=False)
    return frozenset(data.profile.index_of[p] for p in outcome.selected)
