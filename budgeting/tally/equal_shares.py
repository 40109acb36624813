"""The Method of Equal Shares (pabutools' ``method_of_equal_shares``).

Every voter starts with the same budget ``t``. A project ``j`` with cost ``c`` is
affordable when its supporters hold at least ``c`` together; its ``rho`` is the least
price per unit of satisfaction such that ``sum_i min(b_i, rho * u_ij) = c``. Each round
buys the affordable project with the smallest ``rho`` (ties: the tie-breaking rank) and
each supporter pays ``min(b_i, rho * u_ij)``.

Satisfactions: ``u_ij = scale_j * k_ij`` with integer ``k_ij`` (1 for approval,
points, Borda scores) and ``scale_j`` = cost for cost satisfaction, 1 otherwise.

Speed and exactness. Voters with identical ballots are merged (their budgets stay
equal). A round is computed in floating point, lazily: projects are visited by a lower
bound on their ``rho`` (rho never decreases) and only the few that can still win are
re-evaluated, each with the poor/rich fixed point (no sorting). Budgets, rho and
payments are continuous functions of the inputs, so floating point can only change an
outcome through a discrete decision: which project has the least rho, and whether a
project is affordable. Every such decision is certified with a relative margin of
``TOL`` (1e-9, while the accumulated rounding error is below 1e-12 for the instance
sizes met). Exact ties are common in real data (two projects whose supporters with
money left all pay in full have prices ``cost / m`` for integers ``m``): those are
decided exactly in floating point (:func:`_tie_price`). When any other decision falls
inside the margin the run is redone in exact mode, where each voter's budget is an
exact :class:`~fractions.Fraction` shared by all voters in the same "budget class" and
near ties are decided with exact arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np
import numpy.typing as npt

from budgeting.tally.outcome import Outcome, Step
from budgeting.tally.profile import Groups, IntArray, Profile, UtilityKind

FloatArray = npt.NDArray[np.float64]
Satisfaction = Literal["cost", "card", "additive"]

TOL = 1e-9


class _Uncertain(Exception):
    """A floating-point decision fell inside the safety margin."""


@dataclass(frozen=True, eq=False)
class MesData:
    """What a run of Equal Shares needs, prepared once per profile and satisfaction."""

    profile: Profile
    groups: Groups
    scale: tuple[Fraction, ...]
    total_k: tuple[int, ...]
    candidates: tuple[int, ...]
    free: tuple[int, ...]
    sup: tuple[tuple[IntArray, FloatArray, FloatArray, FloatArray, IntArray], ...]

    @classmethod
    def build(cls, profile: Profile, satisfaction: Satisfaction) -> MesData:
        kind: UtilityKind = "approval" if satisfaction != "additive" else profile.default_utility()
        groups = profile.grouped(kind)
        total = groups.total_utility()
        scale = tuple((c if satisfaction == "cost" else Fraction(1)) for c in profile.costs)
        candidates = []
        free = []
        for j in range(profile.num_projects):
            if total[j] > 0 and scale[j] * total[j] > 0:
                if profile.costs[j] > 0:
                    candidates.append(j)
                else:
                    free.append(j)
        sup = []
        for j in range(profile.num_projects):
            gs, ks = groups.supporters(j)
            ws = groups.weight[gs].astype(np.float64)
            kf = ks.astype(np.float64)
            sup.append((gs, ws, kf, ws * kf, ks))
        return cls(
            profile=profile,
            groups=groups,
            scale=scale,
            total_k=tuple(total),
            candidates=tuple(candidates),
            free=tuple(free),
            sup=tuple(sup),
        )


@dataclass
class _ExactState:
    cls: IntArray
    budgets: list[Fraction]
    floats: FloatArray


def equal_shares(
    data: MesData,
    rank: IntArray,
    per_voter: Fraction,
    *,
    explain: bool = True,
) -> Outcome:
    """One run of Equal Shares with every voter holding ``per_voter``."""
    try:
        return _run(data, rank, per_voter, exact=False, explain=explain)
    except _Uncertain:
        return _run(data, rank, per_voter, exact=True, explain=explain)


def _run(
    data: MesData, rank: IntArray, per_voter: Fraction, *, exact: bool, explain: bool
) -> Outcome:
    profile = data.profile
    costs = profile.costs
    ng = data.groups.num_groups
    t = float(per_voter)
    b = np.full(ng, t, dtype=np.float64)
    state = _ExactState(np.zeros(ng, dtype=np.int64), [per_voter], np.array([t])) if exact else None
    cf = [float(c) for c in costs]
    sf = [float(s) for s in data.scale]
    selected: list[int] = sorted(data.free, key=lambda j: int(rank[j]))
    steps: list[Step] = (
        [
            Step(profile.project_ids[j], "selected", "free project with supporters", {})
            for j in selected
        ]
        if explain
        else []
    )
    alive = list(data.candidates)
    # lower bounds on rho: the value when every supporter can pay the equal split
    lb = {j: cf[j] / (sf[j] * data.total_k[j]) for j in alive}
    # Exact zeros. A supporter asked for at least its whole budget (with ``margin``
    # to spare) pays all of it, exactly as in exact arithmetic, so its float budget is
    # exactly 0.0 iff its exact one is; ``fragile`` records that some payment came
    # within the margin of a whole budget, after which zeros are not trusted.
    margin = 1e-9 * max(1.0, t)
    fragile = False
    ties_decided = 0

    while alive:
        alive.sort(key=lambda j: lb[j])
        best = np.inf
        evaluated: dict[int, float] = {}
        dead: list[int] = []
        for j in alive:
            if lb[j] * (1 - 2 * TOL) > best * (1 + 2 * TOL):
                break
            status, rho = _eval_float(data, j, b, cf[j], sf[j])
            if status == "borderline":
                if state is None:
                    raise _Uncertain
                checked = _eval_exact(data, j, state, costs[j])
                if checked is None:
                    dead.append(j)
                    continue
                rho = float(checked)
            elif status == "unaffordable":
                dead.append(j)
                continue
            lb[j] = rho
            evaluated[j] = rho
            best = min(best, rho)
        for j in dead:
            alive.remove(j)
        if not evaluated:
            break
        near = [j for j, r in evaluated.items() if r <= best * (1 + 4 * TOL)]
        exact_rho: Fraction | None = None
        if len(near) == 1:
            winner = near[0]
        elif state is None:
            # a near tie: decided exactly when every nearly tied price is a ratio of
            # integers (see :func:`_tie_price`), otherwise the run is redone exactly
            if fragile:
                raise _Uncertain
            tied = {j: _tie_price(data, j, b, evaluated[j] * sf[j], margin) for j in near}
            if any(r is None for r in tied.values()):
                raise _Uncertain
            low = min(r for r in tied.values() if r is not None)
            winner = min((j for j, r in tied.items() if r == low), key=lambda j: int(rank[j]))
            ties_decided += 1
        else:
            exact_values = {j: _eval_exact(data, j, state, costs[j]) for j in near}
            finite = {j: r for j, r in exact_values.items() if r is not None}
            low = min(finite.values())
            winner = min((j for j, r in finite.items() if r == low), key=lambda j: int(rank[j]))
            exact_rho = low
        alive.remove(winner)
        selected.append(winner)
        gs, ws, kf, _, ks = data.sup[winner]
        if state is not None:
            if exact_rho is None:
                exact_rho = _eval_exact(data, winner, state, costs[winner])
                assert exact_rho is not None
            q = exact_rho * data.scale[winner]
            _pay_exact(state, gs, ks, q)
            b[gs] = state.floats[state.cls[gs]]
            rho_value: Fraction | float = exact_rho
            qf = float(q)
        else:
            rho_value = evaluated[winner]
            qf = rho_value * sf[winner]
            bb = b[gs]
            asked = qf * kf
            capped_now = bb < asked
            if not fragile and bool((np.abs(bb - asked) <= margin).any()):
                fragile = True  # a budget left is ~0: exactly 0 or not is unknown
            pay = np.where(capped_now, bb, asked)
            b[gs] = bb - pay
        if explain:
            capped = b[gs] <= 0.0
            steps.append(
                Step(
                    profile.project_ids[winner],
                    "selected",
                    "least price per unit of satisfaction among affordable projects",
                    {
                        "rho": rho_value,
                        "price": qf,
                        "full_payers": int(ws[~capped].sum()),
                        "capped_payers": int(ws[capped].sum()),
                    },
                )
            )
    if explain:
        for j in sorted(
            set(range(profile.num_projects)) - set(selected), key=lambda j: int(rank[j])
        ):
            reason = (
                "no supporter"
                if j not in data.candidates and j not in data.free
                else "its supporters cannot pay for it"
            )
            steps.append(Step(profile.project_ids[j], "skipped", reason, {}))
    return Outcome(
        selected=[profile.project_ids[j] for j in selected],
        cost=sum((costs[j] for j in selected), Fraction(0)),
        steps=steps,
        details={
            "budget_per_voter": per_voter,
            "ties_decided": ties_decided,
        },
    )


def _tie_price(data: MesData, j: int, b: FloatArray, q: float, margin: float) -> Fraction | None:
    """The exact rho of ``j`` when float mode can know it, else None.

    When every supporter of ``j`` either holds exactly nothing (a certified exact
    zero: it pays nothing) or holds more than ``margin`` above what it is asked
    (``q * k``), the price per unit is ``cost / sum w k`` over the supporters holding
    something, a ratio of integers. Near ties met in practice are of this kind: two
    projects whose solvent supporters all pay in full, e.g. 1/29 of the cost each.
    """
    gs, _, kf, _, ks = data.sup[j]
    bb = b[gs]
    holding = bb != 0.0
    if not bool((bb[holding] - q * kf[holding] > margin).all()):
        return None
    k_total = int((data.groups.weight[gs[holding]] * ks[holding]).sum())
    if k_total == 0:  # pragma: no cover - an affordable project has solvent supporters
        return None
    return data.profile.costs[j] / (data.scale[j] * k_total)


def _eval_float(
    data: MesData, j: int, b: FloatArray, cost: float, scale: float
) -> tuple[str, float]:
    """(status, rho) of project ``j``: affordable, unaffordable or borderline (within
    the margin, to be decided exactly)."""
    gs, ws, kf, wk, _ = data.sup[j]
    bb = b[gs]
    total = float(np.dot(ws, bb))
    if total < cost * (1 - TOL):
        return "unaffordable", np.inf
    if total <= cost * (1 + TOL):
        return "borderline", np.inf
    k_total = float(wk.sum())
    q = cost / k_total
    poor = bb < q * kf
    npoor = int(poor.sum())
    while npoor:
        paid = float(np.dot(ws[poor], bb[poor]))
        q = (cost - paid) / (k_total - float(wk[poor].sum()))
        poor = bb < q * kf
        new = int(poor.sum())
        if new == npoor:
            break
        npoor = new
    return "affordable", q / scale


def _pairs(
    data: MesData, j: int, state: _ExactState
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Supporters of ``j`` grouped by (budget class, k): classes, ks, weights, inverse."""
    gs, _, _, _, ks = data.sup[j]
    kmax = int(ks.max()) + 1 if len(ks) else 1
    key = state.cls[gs] * kmax + ks
    uniq, inverse = np.unique(key, return_inverse=True)
    w = np.zeros(len(uniq), dtype=np.int64)
    np.add.at(w, inverse, data.groups.weight[gs])
    return uniq // kmax, uniq % kmax, w, inverse.reshape(-1)


def _eval_exact(data: MesData, j: int, state: _ExactState, cost: Fraction) -> Fraction | None:
    """Exact rho of project ``j`` (None if its supporters cannot pay for it)."""
    classes, ks, ws, _ = _pairs(data, j, state)
    budgets = [state.budgets[c] for c in classes.tolist()]
    kl = ks.tolist()
    wl = ws.tolist()
    if sum((w * bgt for w, bgt in zip(wl, budgets, strict=True)), Fraction(0)) < cost:
        return None
    order = sorted(range(len(kl)), key=lambda p: budgets[p] / kl[p])
    paid = Fraction(0)
    k_left = sum(w * k for w, k in zip(wl, kl, strict=True))
    for p in order:
        q = (cost - paid) / k_left
        if q * kl[p] <= budgets[p]:
            return Fraction(q) / data.scale[j]
        paid += wl[p] * budgets[p]
        k_left -= wl[p] * kl[p]
    raise AssertionError("affordable project without a price")  # pragma: no cover


def _pay_exact(state: _ExactState, gs: IntArray, ks: IntArray, q: Fraction) -> None:
    kmax = int(ks.max()) + 1 if len(ks) else 1
    key = state.cls[gs] * kmax + ks
    uniq, inverse = np.unique(key, return_inverse=True)
    index = {bgt: c for c, bgt in enumerate(state.budgets)}
    new_ids = np.empty(len(uniq), dtype=np.int64)
    floats = list(state.floats.tolist())
    for p, (c, k) in enumerate(zip((uniq // kmax).tolist(), (uniq % kmax).tolist(), strict=True)):
        before = state.budgets[c]
        price = q * k
        after = before - price if before > price else Fraction(0)
        cid = index.get(after)
        if cid is None:
            cid = len(state.budgets)
            state.budgets.append(after)
            floats.append(float(after))
            index[after] = cid
        new_ids[p] = cid
    state.floats = np.asarray(floats, dtype=np.float64)
    state.cls[gs] = new_ids[inverse.reshape(-1)]
