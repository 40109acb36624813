"""Equal Shares for many start budgets at once (the budget-increase completions).

A completion by budget increase needs the outcome at start budgets ``t_1, t_2, ...``
(one per currency unit per voter). Runs at nearby budgets make the same first choices,
so they are computed together: one row of budgets per start budget, and every round
evaluates a project for all rows with one NumPy operation. Rows whose winners differ
part ways (a tree of row sets, each following its own winners), so the work is shared
exactly as far as the runs agree.

Exactness is as in :func:`~budgeting.tally.equal_shares.equal_shares`: each row's
decisions (affordability, the least rho) are made in floating point with a relative
margin ``TOL``; near ties are decided exactly when every tied price is a ratio of
integers (:func:`~budgeting.tally.equal_shares._tie_price`); a row with any other
decision inside the margin is given up (``None``) and the caller runs it on its own,
where the exact mode takes over.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from budgeting.tally.equal_shares import TOL, FloatArray, MesData
from budgeting.tally.profile import IntArray

BoolArray = npt.NDArray[np.bool_]

#: rows times groups held at once (8 bytes each)
CELLS = 2_000_000

Node = tuple[IntArray, FloatArray, FloatArray, BoolArray]


def batch_rows(data: MesData) -> int:
    """How many start budgets one batch holds, for memory proportional to the ballots."""
    return max(8, CELLS // max(1, data.groups.num_groups))


def equal_shares_batch(
    data: MesData,
    rank: IntArray,
    per_voters: Sequence[Fraction],
    cap: Fraction | None = None,
) -> list[frozenset[int] | None]:
    """The set of projects (indices) Equal Shares selects for each start budget, or
    None for a start budget whose run must be done on its own.

    With ``cap``, a run stops as soon as what it bought costs more than ``cap`` (it can
    only buy more): its set is then the part bought so far, already over ``cap``.

    Rows are processed round by round. A node holds the rows that have bought the same
    set of projects so far: what a row does next depends only on its own budgets and
    on which projects are left, not on the order it bought them in, so rows that bought
    the same projects in different orders (near ties resolved differently at different
    start budgets) join again into one node.
    """
    m = len(per_voters)
    results: list[frozenset[int] | None] = [None] * m
    if m == 0:
        return results
    profile = data.profile
    cf = np.array([float(c) for c in profile.costs], dtype=np.float64)
    sf = np.array([float(s) for s in data.scale], dtype=np.float64)
    k_totals = np.array([float(data.sup[j][3].sum()) for j in range(profile.num_projects)])
    t = np.array([float(x) for x in per_voters], dtype=np.float64)
    margin = 1e-9 * np.maximum(1.0, t)
    low = np.full((m, profile.num_projects), np.inf)
    for j in data.candidates:
        low[:, j] = cf[j] / (sf[j] * data.total_k[j])
    budgets = np.repeat(t[:, None], data.groups.num_groups, axis=1)
    spent: dict[frozenset[int], Fraction] = {frozenset(data.free): Fraction(0)}

    level: dict[frozenset[int], Node] = {
        frozenset(data.free): (np.arange(m), budgets, low, np.zeros(m, dtype=bool))
    }
    while level:
        following: dict[frozenset[int], list[Node]] = {}
        for bought, node in level.items():
            for winner, child in _round(
                data, rank, node, cf, sf, k_totals, margin, results, bought
            ):
                key = bought | {winner}
                spent[key] = spent[bought] + profile.costs[winner]
                following.setdefault(key, []).append(child)
        level = {}
        for key, parts in following.items():
            if cap is not None and spent[key] > cap:
                for part in parts:
                    for r in part[0].tolist():
                        results[r] = key
            else:
                level[key] = _join(parts)
    return results


def _join(parts: list[Node]) -> Node:
    if len(parts) == 1:
        return parts[0]
    rows, b, low, fragile = zip(*parts, strict=True)
    return (np.concatenate(rows), np.concatenate(b), np.concatenate(low), np.concatenate(fragile))


def _round(
    data: MesData,
    rank: IntArray,
    node: Node,
    cf: FloatArray,
    sf: FloatArray,
    k_totals: FloatArray,
    margin: FloatArray,
    results: list[frozenset[int] | None],
    bought: frozenset[int],
) -> list[tuple[int, Node]]:
    """One round of Equal Shares in every row of ``node``; the rows that buy the same
    project, each with their budgets after paying. Finished rows go to ``results``."""
    rows, b, low, fragile = node
    size = len(rows)
    best = np.full(size, np.inf)
    uncertain = np.zeros(size, dtype=bool)
    cols: list[int] = []
    found: list[tuple[IntArray, FloatArray]] = []
    seen: dict[int, BoolArray] = {}
    # first each row's most promising project, so that every row has a best early
    first = np.argmin(low, axis=1)
    open_ = np.isfinite(low[np.arange(size), first])
    for j in np.unique(first[open_]).tolist():
        mask = open_ & (first == j)
        idx = np.flatnonzero(mask)
        rho, border = _evaluate(data, j, b, idx, cf[j], sf[j], k_totals[j])
        low[idx, j] = rho
        uncertain[idx[border]] = True
        best[idx] = np.minimum(best[idx], rho)
        seen[j] = mask
        cols.append(j)
        found.append((idx, rho))
    best[uncertain] = -np.inf
    lbmin = low.min(axis=0)
    # Projects in order of their least lower bound; a row evaluates a project unless
    # its bound is beyond the margin of the row's best rho so far (rho never falls below
    # a bound, and the best only falls); stop when no row can need any further project.
    for j in np.argsort(lbmin, kind="stable").tolist():
        bound = lbmin[j]
        if not np.isfinite(bound):
            break
        reach = best * (1 + 2 * TOL)
        if bound * (1 - 2 * TOL) > reach.max():
            break
        need = (low[:, j] * (1 - 2 * TOL) <= reach) & ~uncertain
        if j in seen:
            need &= ~seen[j]
        idx = np.flatnonzero(need)
        if not len(idx):
            continue
        rho, border = _evaluate(data, j, b, idx, cf[j], sf[j], k_totals[j])
        low[idx, j] = rho
        uncertain[idx[border]] = True
        best[idx] = np.minimum(best[idx], rho)
        best[uncertain] = -np.inf
        cols.append(j)
        found.append((idx, rho))
    columns = sorted(set(cols))  # a project may have been evaluated twice (other rows)
    values = np.full((size, len(columns)), np.inf)
    for j, (idx, rho) in zip(cols, found, strict=True):
        values[idx, columns.index(j)] = rho
    cols = columns
    done = ~uncertain & ~np.isfinite(best)
    best[uncertain] = np.inf
    for r in rows[done].tolist():
        results[r] = bought
    if not cols:
        return []
    near = values <= best[:, None] * (1 + 4 * TOL)
    winners = np.array(cols, dtype=np.int64)[np.argmin(values, axis=1)]
    tied = ~uncertain & ~done & (near.sum(axis=1) > 1)
    uncertain |= tied & fragile
    tied &= ~fragile
    if tied.any():
        _decide_ties(
            data,
            rank,
            node,
            cols,
            values,
            near,
            np.flatnonzero(tied),
            sf,
            margin,
            winners,
            uncertain,
        )
    keep = ~uncertain & ~done
    children: list[tuple[int, Node]] = []
    for w in np.unique(winners[keep]).tolist():
        part = keep & (winners == w)
        if part.all():
            child: Node = (rows, b, low, fragile)
        else:
            child = (rows[part], b[part], low[part], fragile[part])
        price = values[part, cols.index(w)] * sf[w]
        _pay(data, w, child, price, margin[child[0]])
        children.append((w, child))
    return children


def _evaluate(
    data: MesData,
    j: int,
    b: FloatArray,
    idx: IntArray,
    cost: float,
    scale: float,
    k_total: float,
) -> tuple[FloatArray, BoolArray]:
    """rho of ``j`` in rows ``idx`` (inf where unaffordable) and the rows where
    affordability is inside the margin."""
    gs, ws, kf, wk, _ = data.sup[j]
    bb = b[idx[:, None], gs]
    total = bb @ ws
    unaffordable = total < cost * (1 - TOL)
    border = ~unaffordable & (total <= cost * (1 + TOL))
    live = ~(unaffordable | border)
    # the poor/rich fixed point: supporters who cannot pay q * k pay all they have,
    # the others share the rest; q only grows, so the poor only become more
    q = np.full(len(idx), cost / k_total)
    poor = (bb < q[:, None] * kf) & live[:, None]
    npoor = poor.sum(axis=1)
    while npoor.any():
        some = npoor > 0
        paid = (bb * poor) @ ws
        rest = k_total - poor @ wk
        q = np.where(some, (cost - paid) / np.where(some, rest, 1.0), q)
        poor = (bb < q[:, None] * kf) & live[:, None]
        new = poor.sum(axis=1)
        if (new == npoor).all():
            break
        npoor = new
    rho = q / scale
    rho[~live] = np.inf
    return rho, border


def _decide_ties(
    data: MesData,
    rank: IntArray,
    node: Node,
    cols: list[int],
    values: FloatArray,
    near: BoolArray,
    tied: IntArray,
    sf: FloatArray,
    margin: FloatArray,
    winners: IntArray,
    uncertain: BoolArray,
) -> None:
    """Decide the near ties of rows ``tied`` exactly, or mark them uncertain.

    As in :func:`~budgeting.tally.equal_shares._tie_price`: a nearly tied project whose
    supporters each hold exactly nothing or more than the margin above their share has
    the exact price ``cost / (scale * units of the supporters holding something)``.
    """
    rows, b, _, _ = node
    units = np.zeros((len(tied), len(cols)), dtype=np.int64)
    exact = np.ones(len(tied), dtype=bool)
    for c, j in enumerate(cols):
        sel = near[tied, c]
        if not sel.any():
            continue
        rr = tied[sel]
        gs, _, kf, _, ks = data.sup[j]
        bb = b[rr[:, None], gs]
        asked = (values[rr, c] * sf[j])[:, None] * kf
        holding = bb != 0.0
        clear = ~holding | (bb - asked > margin[rows[rr]][:, None])
        exact[sel] &= clear.all(axis=1)
        units[sel, c] = holding @ (data.groups.weight[gs] * ks)
    memo: dict[tuple[tuple[int, int], ...], int] = {}
    for i, r in enumerate(tied.tolist()):
        if not exact[i]:
            uncertain[r] = True
            continue
        key = tuple((cols[c], int(units[i, c])) for c in np.flatnonzero(near[r]).tolist())
        if key not in memo:
            prices = {j: data.profile.costs[j] / (data.scale[j] * k) for j, k in key}
            low = min(prices.values())
            memo[key] = min((j for j, p in prices.items() if p == low), key=lambda j: int(rank[j]))
        winners[r] = memo[key]


def _pay(data: MesData, w: int, node: Node, price: FloatArray, margin: FloatArray) -> None:
    """Every row of ``node`` buys ``w`` at its price per unit (in place)."""
    _, b, low, fragile = node
    gs, _, kf, _, _ = data.sup[w]
    bb = b[:, gs]
    asked = price[:, None] * kf
    fragile |= (np.abs(bb - asked) <= margin[:, None]).any(axis=1)
    b[:, gs] = np.where(bb < asked, 0.0, bb - asked)
    low[:, w] = np.inf
