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
sizes met); when a decision falls inside the margin the run is redone in exact mode,
where each voter's budget is an exact :class:`~fractions.Fraction` shared by all
voters in the same "budget class" and near ties are decided with exact arithmetic.
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
    """One run of Equal Shares with every voter holding ``per_voter``.

    ``details["stable_until"]`` is a per-voter budget ``u >= per_voter`` such that every
    start budget in ``[per_voter, u]`` gives the same outcome (see :func:`_run`).
    """
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
    # Sensitivity to the start budget: while the run makes the same choices (winners,
    # affordability, which supporters pay all they have left), every budget and every
    # rho is an affine function of the start budget. ``db`` holds the slopes of the
    # budgets, ``reach`` how far above ``t`` no choice can flip (each choice is a sign
    # of an affine function: its value now over its rate of decrease).
    db = np.ones(ng, dtype=np.float64)
    reach = [np.inf]
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
    dlb = dict.fromkeys(alive, 0.0)  # slopes of the lower bounds
    # per round: (winner, its rho, a lower bound on every other affordable rho)
    trace: list[tuple[int, float, float]] = []

    while alive:
        alive.sort(key=lambda j: lb[j])
        best = np.inf
        evaluated: dict[int, float] = {}
        dead: list[int] = []
        slopes: dict[int, float] = {}
        for j in alive:
            if lb[j] * (1 - 2 * TOL) > best * (1 + 2 * TOL):
                break
            status, rho, drho, stable = _eval_float(data, j, b, db, cf[j], sf[j])
            reach[0] = min(reach[0], stable)
            if status == "borderline":
                if state is None:
                    raise _Uncertain
                reach[0] = 0.0
                checked = _eval_exact(data, j, state, costs[j])
                if checked is None:
                    dead.append(j)
                    continue
                rho = float(checked)
            elif status == "unaffordable":
                dead.append(j)
                continue
            lb[j] = rho
            dlb[j] = drho
            evaluated[j] = rho
            slopes[j] = drho
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
            raise _Uncertain
        else:
            exact_values = {j: _eval_exact(data, j, state, costs[j]) for j in near}
            finite = {j: r for j, r in exact_values.items() if r is not None}
            low = min(finite.values())
            winner = min((j for j, r in finite.items() if r == low), key=lambda j: int(rank[j]))
            exact_rho = low
        if state is not None:
            reach[0] = 0.0
        else:  # the winner keeps the least rho: against evaluated rhos and lower bounds
            rw, dw = evaluated[winner], slopes[winner]
            for j in alive:
                if j != winner:
                    gap, dgap = lb[j] - rw, dlb[j] - dw
                    if dgap < 0:
                        reach[0] = min(reach[0], max(gap, 0.0) / -dgap)
        if state is None:
            rivals = [r for j, r in evaluated.items() if j != winner]
            rivals += [lb[j] for j in alive if j not in evaluated and j not in dead][:1]
            trace.append((winner, evaluated[winner], min(rivals, default=np.inf)))
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
            dq = slopes[winner] * sf[winner]
            bb = b[gs]
            capped_now = bb < qf * kf
            pay = np.where(capped_now, bb, qf * kf)
            b[gs] = bb - pay
            db[gs] = np.where(capped_now, 0.0, db[gs] - dq * kf)
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
            "stable_until": _stable_until(per_voter, reach[0]),
            "trace": None if exact else trace,
        },
    )


def same_between(low: Outcome, high: Outcome) -> bool:
    """Whether every start budget between those of two runs gives their outcome.

    With the same winners in the same order, budgets only grow and every rho only
    falls as the start budget grows (by induction over the rounds: a price falls when
    its supporters hold more, and what a supporter keeps grows with its budget and
    falls with the price). So in every round the winner's rho at the low budget
    bounds it from above, and any rival's rho (or lower bound) at the high budget
    bounds the rival's from below, for every budget in between; affordability only
    grows, so the winners stay affordable and the final round stays empty. If the
    first bound is below the second, with a margin far above rounding, in every
    round, the run in between makes the same choices.
    """
    a, b = low.details.get("trace"), high.details.get("trace")
    if a is None or b is None or low.selected != high.selected or len(a) != len(b):
        return False
    for (wa, rho_low, _), (wb, _, rival_high) in zip(a, b, strict=True):
        if wa != wb or not rho_low < rival_high * (1 - 1e-7):
            return False
    return True


def _stable_until(per_voter: Fraction, reach: float) -> Fraction:
    """The certified end of the interval of start budgets with the same outcome: the
    float reach shrunk by a margin far above the rounding error."""
    if not reach > 0:
        return per_voter
    t = float(per_voter)
    safe = reach * (1 - 1e-6) - 1e-9 * max(1.0, t)
    if safe <= 0:
        return per_voter
    if safe > 1e15:
        safe = 1e15
    return per_voter + Fraction(safe)


def _eval_float(
    data: MesData, j: int, b: FloatArray, db: FloatArray, cost: float, scale: float
) -> tuple[str, float, float, float]:
    """(status, rho, slope of rho, reach): see :func:`_run` for slopes and reach."""
    gs, ws, kf, wk, _ = data.sup[j]
    bb = b[gs]
    dbb = db[gs]
    total = float(np.dot(ws, bb))
    dtotal = float(np.dot(ws, dbb))
    if total < cost * (1 - TOL):
        reach = (cost - total) / dtotal if dtotal > 0 else np.inf
        return "unaffordable", np.inf, 0.0, reach
    if total <= cost * (1 + TOL):
        return "borderline", np.inf, 0.0, 0.0
    reach = (total - cost) / -dtotal if dtotal < 0 else np.inf
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
    # q = (cost - sum_poor w b) / sum_rich w k, so its slope is -sum_poor w db / sum_rich w k
    dq = -float(np.dot(ws[poor], dbb[poor])) / (k_total - float(wk[poor].sum())) if npoor else 0.0
    # every supporter stays on its side of q * k: slack now over its rate of decrease
    slack = np.abs(bb - q * kf)
    rate = np.where(poor, dbb - dq * kf, dq * kf - dbb)
    falling = rate > 0
    if falling.any():
        reach = min(reach, float((slack[falling] / rate[falling]).min()))
    return "affordable", q / scale, dq / scale, reach


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
