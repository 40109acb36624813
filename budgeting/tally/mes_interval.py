"""Equal Shares over a whole interval of start budgets at once (a certificate).

The budget-increase completions need, for start budgets ``t = t_1, t_2, ...``, only
whether the loop goes on at ``t`` (the outcome fits in the budget and is not final).
:func:`loop_goes_on` proves that it does for *every* start budget in ``[lo, hi]``
with a few vectorised passes, without knowing the outcome at each ``t`` (it may change
inside the interval); when it cannot prove it, it says so and the caller looks closer.

The proof is an interval abstraction of the run. Two facts of Equal Shares make it
sound:

* ``rho_j(b)`` (the least price per unit of satisfaction at which the supporters of
  ``j`` holding ``b`` can pay ``j``) does not increase when any budget in ``b``
  increases, and affordability (``sum b >= cost``) is kept;
* a supporter's budget after paying, ``max(0, b_i - q k_i)``, does not decrease with
  ``b_i`` and does not increase with the price ``q``.

A node of the abstraction holds a set ``S`` of projects bought and two budget vectors
``L <= U`` such that every start budget ``t`` of the interval whose run reaches a state
with ``S`` bought has its budgets between ``L`` and ``U``. At the start ``S`` is the
set of free projects, ``L = lo``, ``U = hi``. In a state ``b`` with ``L <= b <= U``,
the winner ``w`` is affordable at ``b`` hence at ``U``, and
``rho_w(U) <= rho_w(b) <= rho_j(b) <= rho_j(L) = R`` for every ``j`` affordable at
``L``; so the winner is among ``C = {j affordable at U : rho_j(U) <= R*}`` where
``R*`` is the least ``rho_j(L)``, and the run can end there (nothing affordable) only
if nothing is affordable at ``L``. Buying ``j`` in ``C`` leads to the node
``S + {j}`` with ``L' = max(0, L - q_j(L) k)`` and ``U' = max(0, U - q_j(U) k)`` on
``j``'s supporters (``q_j(L)`` is infinite when ``j`` may be unaffordable at ``L``).
Nodes with the same set are joined (the least ``L``, the greatest ``U``): what a run
does next depends only on its budgets and on the projects left. Every ending is
checked; an ending or a bought set on which the loop would stop (or too many nodes)
makes the proof fail.

Floating point only ever makes the bounds wider: ``U`` is rounded up and ``L`` down
with a slack that dominates rounding, a price is an upper bound at ``L`` only once
``sum w min(L, q k) >= cost`` is checked with a relative margin (``MARGIN``, far above
the relative error ``n * 2**-53`` of a sum of ``n`` positive terms, ``3e-11`` for
300,000 supporters), and a lower bound at ``U`` only once ``sum w min(U, q k) < cost``
is checked with the same margin; otherwise the trivial bounds (an infinite price at
``L``, the last lower bound, at first the equal split ``cost / sum w k``, at ``U``)
are used. Near ties are followed both ways, except between projects whose price is
provably the same ratio of integers at every state of the node (every supporter holds
exactly nothing or more than it is asked): those are decided exactly, lowest price then
tie-breaking rank, as a single run decides them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from budgeting.tally.equal_shares import FloatArray, MesData
from budgeting.tally.profile import IntArray

#: relative margin of every floating-point check
MARGIN = 1e-9
#: slack that makes a budget update round the safe way (relative to the values)
SLACK = 1e-12
#: nodes held at once times groups (two budget vectors of 8 bytes each per node)
CELLS = 2_000_000


@dataclass
class _Node:
    low: FloatArray
    high: FloatArray
    lbq: FloatArray  # lower bounds on q_j at ``high`` (inf: unaffordable or bought)


def loop_goes_on(
    data: MesData,
    rank: IntArray,
    lo: Fraction,
    hi: Fraction,
    goes_on: Callable[[frozenset[int]], bool],
    cap: Fraction,
    max_nodes: int = 400,
) -> bool:
    """True only if for every start budget ``t`` in ``[lo, hi]`` Equal Shares selects a
    set on which ``goes_on`` is true. ``goes_on`` must be false on every set costing more
    than ``cap`` (a node whose bought set costs more than ``cap`` fails the proof at
    once, as every run through it ends with a superset)."""
    profile = data.profile
    costs = profile.costs
    ng = data.groups.num_groups
    cf = [float(c) for c in costs]
    sf = [float(s) for s in data.scale]
    sfa = np.array([s if s > 0 else 1.0 for s in sf])
    start = frozenset(data.free)
    lbq = np.full(profile.num_projects, np.inf)
    for j in data.candidates:
        lbq[j] = cf[j] / float(data.sup[j][3].sum()) * (1 - MARGIN)
    level: dict[frozenset[int], _Node] = {
        start: _Node(
            np.full(ng, np.nextafter(float(lo), -np.inf)),
            np.full(ng, np.nextafter(float(hi), np.inf)),
            lbq,
        )
    }
    spent: dict[frozenset[int], Fraction] = {start: sum((costs[j] for j in start), Fraction(0))}
    nodes = 0
    width = max(8, CELLS // max(1, ng))
    while level:
        following: dict[frozenset[int], _Node] = {}
        for bought, node in level.items():
            nodes += 1
            if nodes > max_nodes:
                return False
            can_end, children = _expand(data, node, cf, sf, sfa, rank)
            if can_end and not goes_on(bought):
                return False
            for j, child in children:
                key = bought | {j}
                if key not in spent:
                    spent[key] = spent[bought] + costs[j]
                if spent[key] > cap:
                    return False
                if key in following:
                    _join(following[key], child)
                elif len(following) >= width:
                    return False
                else:
                    following[key] = child
        level = following
    return True


def _join(into: _Node, other: _Node) -> None:
    np.minimum(into.low, other.low, out=into.low)
    np.maximum(into.high, other.high, out=into.high)
    np.minimum(into.lbq, other.lbq, out=into.lbq)


def _expand(
    data: MesData,
    node: _Node,
    cf: list[float],
    sf: list[float],
    sfa: FloatArray,
    rank: IntArray,
) -> tuple[bool, list[tuple[int, _Node]]]:
    """Whether a run may end in ``node``, and the nodes after each possible winner."""
    lbq = node.lbq
    rho_lb = lbq / sfa
    order = np.argsort(rho_lb, kind="stable")
    order = order[: int(np.isfinite(rho_lb).sum())].tolist()
    best = np.inf  # R*: the least rho at ``low`` of a project surely affordable there
    found: list[tuple[int, float, float]] = []  # (j, rho lower bound at high, q at low)
    for j in order:
        if lbq[j] / sf[j] > best * (1 + MARGIN):
            break
        q_high = _q_lower(data, j, node.high, cf[j], lbq[j])
        if q_high is None:
            lbq[j] = np.inf  # unaffordable at ``high``: in every later node too
            continue
        lbq[j] = q_high
        rho_high = q_high / sf[j]
        if rho_high > best * (1 + MARGIN):
            continue
        q_low = _q_upper(data, j, node.low, cf[j])
        best = min(best, q_low / sf[j] * (1 + MARGIN))
        found.append((j, rho_high, q_low))
    found = [f for f in found if f[1] <= best * (1 + MARGIN)]
    if len(found) > 1:
        found = _break_ties(data, node, found, rank)
    last = len(found) - 1
    children = [(j, _pay(data, node, j, q_low, i == last)) for i, (j, _, q_low) in enumerate(found)]
    return not np.isfinite(best), children


def _break_ties(
    data: MesData, node: _Node, found: list[tuple[int, float, float]], rank: IntArray
) -> list[tuple[int, float, float]]:
    """Drop the possible winners that an exact tie rules out.

    A project whose supporters each hold exactly nothing at ``high`` (so at every state
    of the node) or, at ``low``, more than what they are asked at the price
    ``cost / (scale * units of the others)`` (so at every state of the node) has that
    price at every state of the node, exactly. Among such projects only the least
    price, then the least tie-breaking rank, can win, and it beats every other such
    project at a higher price or an equal price and a higher rank.
    """
    exact: dict[int, Fraction] = {}
    for j, _, _ in found:
        price = _constant_price(data, node, j)
        if price is not None:
            exact[j] = price
    if len(exact) < 2:
        return found
    top = min(exact, key=lambda j: (exact[j], int(rank[j])))
    return [f for f in found if f[0] not in exact or f[0] == top or exact[f[0]] < exact[top]]


def _constant_price(data: MesData, node: _Node, j: int) -> Fraction | None:
    gs, ws, kf, _, ks = data.sup[j]
    holding = node.high[gs] > 0.0
    units = int(np.dot(ws[holding].astype(np.int64), ks[holding]))
    if units == 0:
        return None
    cost = data.profile.costs[j]
    q = float(cost) / units
    if not bool((node.low[gs][holding] >= q * kf[holding] * (1 + MARGIN)).all()):
        return None
    return cost / (data.scale[j] * units)


def _pay(data: MesData, node: _Node, j: int, q_low: float, reuse: bool) -> _Node:
    """The node after buying ``j`` (with ``reuse``, in the arrays of ``node``, which is
    not needed any more)."""
    gs, _, kf, _, _ = data.sup[j]
    low = node.low if reuse else node.low.copy()
    high = node.high if reuse else node.high.copy()
    lb = low[gs]
    if np.isfinite(q_low):
        asked = q_low * kf
        low[gs] = np.maximum(0.0, lb - asked - SLACK * (lb + asked))
    else:
        low[gs] = 0.0
    hb = high[gs]
    asked_h = node.lbq[j] * kf
    high[gs] = np.maximum(0.0, hb - asked_h + SLACK * (hb + asked_h))
    lbq = node.lbq if reuse else node.lbq.copy()
    lbq[j] = np.inf
    return _Node(low, high, lbq)


def _fixed_point(data: MesData, j: int, b: FloatArray, cost: float) -> tuple[float, float]:
    """The price per unit ``q`` with ``sum w min(b, q k) = cost`` (floating point; the
    caller checks it) and the relative change of ``q`` that moves ``sum w min(b, q k)``
    by ``2 MARGIN cost``: the supporters paying in full (not all they have) pay
    ``q * units`` together, and ``q (1 + d)`` asks them for ``d`` times that more.

    Supporters by ``b / k``: if the first ``p`` pay all they have and the others in
    full, ``q = (cost - paid by the first p) / (units of the others)``; the answer is
    the least ``p`` at which the next supporter can pay in full."""
    _, ws, kf, wk, _ = data.sup[j]
    ratio = b / kf
    order = np.argsort(ratio)
    ratio = ratio[order]
    paid = np.cumsum((ws * b)[order])
    units = np.cumsum(wk[order])
    k_total = units[-1]
    paid_before = paid - (ws * b)[order]
    rest = k_total - (units - wk[order])
    q_all = (cost - paid_before) / rest
    fits = q_all <= ratio
    p = int(np.argmax(fits))
    if not fits[p]:
        return np.inf, np.inf
    q = float(q_all[p])
    return q, 2 * MARGIN * cost / (q * float(rest[p]))


def _paid_at(data: MesData, j: int, b: FloatArray, q: float) -> float:
    _, ws, kf, _, _ = data.sup[j]
    return float(np.dot(ws, np.minimum(b, q * kf)))


def _q_lower(data: MesData, j: int, high: FloatArray, cost: float, known: float) -> float | None:
    """A lower bound on ``q_j`` at ``high`` (at least ``known``), None when ``j`` is
    surely unaffordable there."""
    gs, ws, _, _, _ = data.sup[j]
    b = high[gs]
    total = float(np.dot(ws, b))
    if total < cost * (1 - MARGIN):
        return None
    if total <= cost * (1 + MARGIN):
        return known
    q, d = _fixed_point(data, j, b, cost)
    if d < 0.5:
        q *= 1 - d
        if q > known and _paid_at(data, j, b, q) < cost * (1 - MARGIN):
            return q
    return known


def _q_upper(data: MesData, j: int, low: FloatArray, cost: float) -> float:
    """An upper bound on ``q_j`` at ``low``; infinite unless ``j`` is surely
    affordable there."""
    gs, ws, _, _, _ = data.sup[j]
    b = low[gs]
    total = float(np.dot(ws, b))
    if total < cost * (1 + MARGIN):
        return np.inf
    q, d = _fixed_point(data, j, b, cost)
    if d < 0.5:
        q *= 1 + d
        if _paid_at(data, j, b, q) >= cost * (1 + MARGIN):
            return q
    return np.inf
