# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Equal Shares runs in compiled loops (see :mod:`budgeting.tally.mes_runs`).

One run is the floating-point mode of ``equal_shares._run`` with the same certified
decisions; a run returns ``UNCERTAIN`` (-1) where that mode would give up.
"""

from libc.math cimport fabs, INFINITY
from libc.stdint cimport int32_t, int64_t

import numpy as np

cdef double TOL = 1e-9
UNCERTAIN = -1


def runs(
    const double[::1] t,
    double cap,
    const double[::1] weight,
    const int64_t[::1] sup_ptr,
    const int32_t[::1] sup_group,
    const double[::1] sup_k,
    const int64_t[::1] sup_units,
    const double[::1] sup_w,
    const double[::1] sup_wk,
    const double[::1] cost,
    const double[::1] scale,
    const double[::1] k_total,
    const int64_t[::1] candidate,
    const int64_t[::1] free,
    const int64_t[::1] rank,
    const int64_t[::1] tie_num,
    bint int_ties,
    const double[::1] w_sum,
    const int64_t[::1] by_cost,
    bint unit,
):
    """Runs at each start budget ``t[r]``: (selected projects per row in selection
    order, count per row or -1 where the run is uncertain).

    Rows run from the largest start budget down. A run that bought the same projects
    in the same order as the run before it, at a start budget at least as large, holds
    at most what that run held (paying keeps budgets in order), so every price is at
    least that run's: its bounds of the same round are lower bounds here, and only
    the projects that can still win are evaluated."""
    cdef Py_ssize_t m = cost.shape[0]
    cdef Py_ssize_t rows = t.shape[0]
    chosen_arr = np.empty((rows, m if m else 1), dtype=np.int64)
    counts_arr = np.empty(rows, dtype=np.int64)
    cdef int64_t[:, ::1] chosen = chosen_arr
    cdef int64_t[::1] counts = counts_arr
    cdef double[::1] b = np.empty(weight.shape[0], dtype=np.float64)
    cdef double[::1] lb = np.empty(m, dtype=np.float64)
    cdef int64_t[::1] alive = np.empty(m, dtype=np.int64)
    cdef int64_t[::1] ev_j = np.empty(m, dtype=np.int64)
    cdef double[::1] ev_rho = np.empty(m, dtype=np.float64)
    cdef double[::1] tot = np.empty(m, dtype=np.float64)
    cdef double[::1] low = np.empty(m, dtype=np.float64)
    cdef double[:, ::1] co_none = np.empty((0, 0), dtype=np.float64)
    cdef double[::1] paid_none = np.empty(0, dtype=np.float64)
    cdef int64_t settled = -1
    cdef int64_t[::1] inside_none = np.zeros(m, dtype=np.int64)
    cdef double[:, ::1] bounds_a = np.empty((m + 1, m if m else 1), dtype=np.float64)
    cdef double[:, ::1] bounds_b = np.empty((m + 1, m if m else 1), dtype=np.float64)
    cdef int64_t[::1] won_a = np.empty(m + 1, dtype=np.int64)
    cdef int64_t[::1] won_b = np.empty(m + 1, dtype=np.int64)
    # no round is forced here, so no one reads these flags, and the rows' own are not kept
    cdef int64_t[::1] rich_none = np.zeros(m + 1, dtype=np.int64)
    cdef double[:, ::1] swap_bounds
    cdef int64_t[::1] swap_won
    cdef int64_t prev_rounds = 0, cur_rounds = 0
    cdef int64_t[::1] order = np.argsort(-np.asarray(t), kind="stable").astype(np.int64)
    cdef Py_ssize_t i, r
    with nogil:  # callers may run several lists at once, in threads
        for i in range(rows):
            r = order[i]
            counts[r] = _run(
                t[r], cap, b, chosen[r], lb, alive, ev_j, ev_rho, sup_ptr, sup_group, sup_k,
                sup_units, sup_w, sup_wk, cost, scale, k_total, candidate, free, rank, tie_num,
                int_ties, 1 + 2 * TOL,
                bounds_a, won_a, prev_rounds, 0, rich_none, bounds_b, won_b, rich_none,
                &cur_rounds, w_sum, by_cost, tot, low, co_none, -1.0, False, &settled,
                inside_none, unit, paid_none, 0, paid_none, -1,
            )
            # this run's bounds serve the next (smaller) start budget
            swap_bounds = bounds_a
            bounds_a = bounds_b
            bounds_b = swap_bounds
            swap_won = won_a
            won_a = won_b
            won_b = swap_won
            prev_rounds = cur_rounds
    return chosen_arr, counts_arr


def run_one(
    double t,
    double cap,
    const double[::1] weight,
    const int64_t[::1] sup_ptr,
    const int32_t[::1] sup_group,
    const double[::1] sup_k,
    const int64_t[::1] sup_units,
    const double[::1] sup_w,
    const double[::1] sup_wk,
    const double[::1] cost,
    const double[::1] scale,
    const double[::1] k_total,
    const int64_t[::1] candidate,
    const int64_t[::1] free,
    const int64_t[::1] rank,
    const int64_t[::1] tie_num,
    bint int_ties,
    const double[::1] w_sum,
    const int64_t[::1] by_cost,
    bint unit,
    const double[:, ::1] prev_bounds,
    const int64_t[::1] prev_won,
    int64_t prev_rounds,
    int64_t forced,
    const int64_t[::1] forced_rich,
    double window,
    double limit,
    bint room,
    const double[:, ::1] co,
    const double[::1] paid,
    int64_t skip,
    double[::1] snap,
    int64_t snap_at,
):
    """One run at start budget ``t``, with its record: (selected projects in selection
    order, their count or -1 when uncertain, the bounds on every price of every round
    (infinite for projects no longer available), the winner of every round, whether
    every supporter of it paid its share in full (1) or someone all it had (0), the
    number of rounds recorded, the rounds after which it was *settled* or -1, and
    then 1 for each project in the set *X* below, else 0).
    ``prev_*`` is the record of a run at a start budget at least ``t`` (``prev_rounds``
    0 for none), whose bounds serve as in :func:`runs`; its first ``forced`` winners
    are certified to win here too (only their prices are computed; not even those where
    ``forced_rich`` says every supporter paid in full at a start budget at most ``t``).

    With ``limit`` at least 0, the run is settled after the first ``r`` rounds when what
    they bought and every project still affordable then cost at most ``limit`` in all,
    and some candidate is left out (with ``room``: and the cheapest one left out fits
    in what ``limit`` leaves too); *X* holds those and the free projects. A run at a
    smaller start budget whose first ``r`` rounds go the same way holds less after them
    (paying keeps budgets in order), so it can only ever buy within *X*: it selects
    something within ``limit`` that leaves that candidate out.

    With ``skip`` > 0, the first ``skip`` rounds are forced and ``forced_rich`` for
    each: every supporter paid the equal split, the same amount at every start budget
    of the interval, and ``paid`` holds what each group paid in them all, so those
    rounds are not paid again (nor checked for settling: where they are certified, a
    later round serves as well). With ``snap_at`` > 0, ``snap`` receives what each
    group paid in the first ``snap_at`` rounds, once they are paid."""
    cdef Py_ssize_t m = cost.shape[0]
    chosen_arr = np.empty(m if m else 1, dtype=np.int64)
    bounds_arr = np.empty((m + 1, m if m else 1), dtype=np.float64)
    won_arr = np.empty(m + 1, dtype=np.int64)
    rich_arr = np.zeros(m + 1, dtype=np.int64)
    cdef double[::1] b = np.empty(weight.shape[0], dtype=np.float64)
    cdef double[::1] lb = np.empty(m, dtype=np.float64)
    cdef int64_t[::1] alive = np.empty(m, dtype=np.int64)
    cdef int64_t[::1] ev_j = np.empty(m, dtype=np.int64)
    cdef double[::1] ev_rho = np.empty(m, dtype=np.float64)
    cdef double[::1] tot = np.empty(m, dtype=np.float64)
    cdef double[::1] low = np.empty(m, dtype=np.float64)
    cdef int64_t settled = -1
    inside_arr = np.zeros(m, dtype=np.int64)
    cdef int64_t[::1] inside = inside_arr
    cdef int64_t[::1] chosen = chosen_arr
    cdef double[:, ::1] bounds = bounds_arr
    cdef int64_t[::1] won = won_arr
    cdef int64_t[::1] rich = rich_arr
    cdef int64_t rounds = 0, count
    with nogil:  # callers may run several start budgets at once, in threads
        count = _run(
            t, cap, b, chosen, lb, alive, ev_j, ev_rho, sup_ptr, sup_group, sup_k,
            sup_units, sup_w, sup_wk, cost, scale, k_total, candidate, free, rank, tie_num,
            int_ties, window, prev_bounds, prev_won, prev_rounds, forced, forced_rich,
            bounds, won, rich, &rounds, w_sum, by_cost, tot, low, co, limit, room, &settled,
            inside, unit, paid, skip, snap, snap_at,
        )
    return (
        chosen_arr[:count if count > 0 else 0], count, bounds_arr, won_arr, rich_arr, rounds,
        settled, inside_arr,
    )


cdef int64_t _run(
    double t,
    double cap,
    double[::1] b,
    int64_t[::1] out,
    double[::1] lb,
    int64_t[::1] alive,
    int64_t[::1] ev_j,
    double[::1] ev_rho,
    const int64_t[::1] sup_ptr,
    const int32_t[::1] sup_group,
    const double[::1] sup_k,
    const int64_t[::1] sup_units,
    const double[::1] sup_w,
    const double[::1] sup_wk,
    const double[::1] cost,
    const double[::1] scale,
    const double[::1] k_total,
    const int64_t[::1] candidate,
    const int64_t[::1] free,
    const int64_t[::1] rank,
    const int64_t[::1] tie_num,
    bint int_ties,
    double window,
    const double[:, ::1] prev_bounds,
    const int64_t[::1] prev_won,
    int64_t prev_rounds,
    int64_t forced,
    const int64_t[::1] forced_rich,
    double[:, ::1] cur_bounds,
    int64_t[::1] cur_won,
    int64_t[::1] cur_rich,
    int64_t* cur_rounds,
    const double[::1] w_sum,
    const int64_t[::1] by_cost,
    double[::1] tot,
    double[::1] low,
    const double[:, ::1] co,
    double limit,
    bint room,
    int64_t* settled,
    int64_t[::1] inside,
    bint unit,
    const double[::1] paid,
    int64_t skip,
    double[::1] snap,
    int64_t snap_at,
) noexcept nogil:
    cdef Py_ssize_t ng = b.shape[0]
    cdef int64_t rd = 0
    cdef bint same = True
    cdef Py_ssize_t i, s, n_alive, kept
    cdef int64_t j, g, winner
    cdef int64_t n = 0
    cdef double margin = 1e-9 * (t if t > 1.0 else 1.0)
    cdef double q, asked, spent = 0.0, short
    cdef bint fragile = False, all_rich, poor
    cdef int status
    if skip > 0:
        # the first ``skip`` rounds are forced and every supporter paid in full: each
        # voter paid the same whatever the start budget (see ``run_one``)
        for i in range(ng):
            b[i] = t - paid[i]
            if paid[i] > 0.0 and b[i] <= margin:
                fragile = True
    else:
        for i in range(ng):
            b[i] = t
    for i in range(free.shape[0]):
        out[n] = free[i]
        n += 1
    for i in range(lb.shape[0]):
        lb[i] = INFINITY
    n_alive = candidate.shape[0]
    for i in range(n_alive):
        j = candidate[i]
        alive[i] = j
        lb[j] = cost[j] / (scale[j] * k_total[j])
        tot[j] = t * w_sum[j]
        low[j] = tot[j] * (1 - TOL)
    cur_rounds[0] = 0
    settled[0] = -1
    while n_alive > 0:
        if limit >= 0.0 and settled[0] < 0 and rd >= skip and _settles(
            spent, limit, room, rd, candidate.shape[0], by_cost, lb, tot, low, cost, b,
            sup_ptr, sup_group, sup_w,
        ):
            settled[0] = rd
            _mark_inside(candidate, free, lb, tot, inside)
        if same and rd < prev_rounds:
            for i in range(n_alive):
                j = alive[i]
                if prev_bounds[rd, j] > lb[j]:
                    lb[j] = prev_bounds[rd, j]
        if rd < forced:
            # a round certified for every start budget of an interval holding this one:
            # its winner is known, only its price is computed
            winner = prev_won[rd]
            if lb[winner] == INFINITY:
                return -1  # cannot happen to a certified winner; no guess if it does
            if forced_rich[rd] or rd < skip:
                # nobody paid all they had at the interval's low end, so nobody does
                # here (budgets are at least those): the equal split
                q = cost[winner] / k_total[winner]
            else:
                status = _eval(
                    winner, b, sup_ptr, sup_group, sup_k, sup_w, sup_wk, cost[winner],
                    k_total[winner], lb[winner] * scale[winner], INFINITY, &q, &tot[winner],
                    unit,
                )
                if status != 0:
                    return -1
            lb[winner] = q / scale[winner]
            # the bounds held are still lower bounds: a run below this one may use them
            for i in range(lb.shape[0]):
                cur_bounds[rd, i] = INFINITY
            for i in range(n_alive):
                cur_bounds[rd, alive[i]] = lb[alive[i]]
        else:
            winner = _choose(
                n_alive, alive, lb, b, ev_j, ev_rho, sup_ptr, sup_group, sup_k, sup_units,
                sup_w, sup_wk, cost, scale, k_total, rank, tie_num, int_ties, window,
                fragile, margin, cur_bounds, rd, &n_alive, tot, low, unit,
            )
            if winner == -1:
                return -1
            if winner == -2:
                break
        q = lb[winner] * scale[winner]
        all_rich = True
        short = 0.0  # what the poor could not pay of what they were asked
        # (no payments in the rounds skipped: ``paid`` holds them)
        for s in range(sup_ptr[winner], sup_ptr[winner + 1] if rd >= skip else sup_ptr[winner]):
            g = sup_group[s]
            asked = q if unit else q * sup_k[s]
            if fabs(b[g] - asked) <= margin:
                fragile = True  # a budget left is ~0: exactly 0 or not is unknown
            poor = b[g] < asked
            all_rich = all_rich & (not poor)
            if poor:
                short += sup_w[s] * (asked - b[g])
            b[g] = 0.0 if poor else b[g] - asked
        if limit >= 0.0 and settled[0] < 0:
            _follow(winner, q, short, cost[winner], n_alive, alive, co, tot, low)
        cur_won[rd] = winner
        cur_rich[rd] = all_rich
        same = same and rd < prev_rounds and prev_won[rd] == winner
        rd += 1
        cur_rounds[0] = rd
        if rd == snap_at:
            for i in range(ng):
                snap[i] = t - b[i]
        lb[winner] = INFINITY
        tot[winner] = -1.0  # bought (see ``_settles``)
        kept = 0
        for i in range(n_alive):
            if alive[i] != winner:
                alive[kept] = alive[i]
                kept += 1
        n_alive = kept
        out[n] = winner
        n += 1
        spent += cost[winner]
        if spent > cap:
            return n
    # the run ended: nothing is left to buy in its last round
    for i in range(lb.shape[0]):
        cur_bounds[rd, i] = INFINITY
    if limit >= 0.0 and settled[0] < 0 and rd < candidate.shape[0]:
        # nothing is affordable: only what was bought is inside
        if spent + (_cheapest_out(by_cost, lb, tot, cost) if room else 0.0) <= limit:
            settled[0] = rd
            _mark_inside(candidate, free, lb, tot, inside)
    return n


cdef inline int64_t _choose(
    Py_ssize_t n_alive,
    int64_t[::1] alive,
    double[::1] lb,
    const double[::1] b,
    int64_t[::1] ev_j,
    double[::1] ev_rho,
    const int64_t[::1] sup_ptr,
    const int32_t[::1] sup_group,
    const double[::1] sup_k,
    const int64_t[::1] sup_units,
    const double[::1] sup_w,
    const double[::1] sup_wk,
    const double[::1] cost,
    const double[::1] scale,
    const double[::1] k_total,
    const int64_t[::1] rank,
    const int64_t[::1] tie_num,
    bint int_ties,
    double window,
    bint fragile,
    double margin,
    double[:, ::1] cur_bounds,
    int64_t rd,
    Py_ssize_t* n_alive_out,
    double[::1] tot,
    double[::1] low,
    bint unit,
) noexcept nogil:
    """This round's winner among the ``n_alive`` projects in ``alive`` (reordered by
    their bounds, the unaffordable ones dropped), -1 when uncertain, -2 when nothing
    is affordable. Records the round's bounds in ``cur_bounds[rd]``."""
    cdef Py_ssize_t i, e, oi, n_ev, n_near, kept
    cdef int64_t j, winner, units, w_units, left, right, x
    cdef double best, rho, q, key
    cdef int status
    # alive in order of lb: an insertion sort (few bounds move between rounds)
    for i in range(1, n_alive):
        x = alive[i]
        key = lb[x]
        oi = i - 1
        while oi >= 0 and lb[alive[oi]] > key:
            alive[oi + 1] = alive[oi]
            oi -= 1
        alive[oi + 1] = x
    best = INFINITY
    n_ev = 0
    for oi in range(n_alive):
        j = alive[oi]
        if lb[j] * (1 - 2 * TOL) > best * window:
            break
        status = _eval(
            j, b, sup_ptr, sup_group, sup_k, sup_w, sup_wk, cost[j], k_total[j],
            lb[j] * scale[j], best * scale[j] * window / (1 - 2 * TOL), &q, &tot[j], unit,
        )
        low[j] = tot[j] * (1 - TOL)
        rho = q / scale[j]
        if status == 1:
            return -1
        if status == 2:
            lb[j] = INFINITY  # unaffordable now, so for the rest of the run
            continue
        if status == 3:
            lb[j] = rho  # a lower bound already too high to matter this round
            continue
        lb[j] = rho
        ev_j[n_ev] = j
        ev_rho[n_ev] = rho
        n_ev += 1
        if rho < best:
            best = rho
    for i in range(lb.shape[0]):
        cur_bounds[rd, i] = INFINITY
    for i in range(n_alive):
        cur_bounds[rd, alive[i]] = lb[alive[i]]
    kept = 0
    for i in range(n_alive):
        if lb[alive[i]] != INFINITY:
            alive[kept] = alive[i]
            kept += 1
    n_alive_out[0] = kept
    n_alive = kept
    if n_ev == 0:
        return -2
    winner = -1
    n_near = 0
    for e in range(n_ev):
        if ev_rho[e] <= best * (1 + 4 * TOL):
            n_near += 1
            winner = ev_j[e]
    if n_near > 1:
        # a near tie: decided exactly when every nearly tied price is a ratio of
        # integers, num / units (see ``equal_shares._tie_price``)
        if fragile or not int_ties:
            return -1
        winner = -1
        w_units = 0
        for e in range(n_ev):
            if ev_rho[e] > best * (1 + 4 * TOL):
                continue
            j = ev_j[e]
            units = _tie_units(j, b, sup_ptr, sup_group, sup_k, sup_units, ev_rho[e] * scale[j], margin)
            if units <= 0:
                return -1
            if winner < 0:
                winner = j
                w_units = units
                continue
            left = tie_num[j] * w_units
            right = tie_num[winner] * units
            if left < right or (left == right and rank[j] < rank[winner]):
                winner = j
                w_units = units
    return winner


cdef inline int _eval(
    int64_t j,
    const double[::1] b,
    const int64_t[::1] sup_ptr,
    const int32_t[::1] sup_group,
    const double[::1] sup_k,
    const double[::1] sup_w,
    const double[::1] sup_wk,
    double cost,
    double k_total,
    double start,
    double enough,
    double* q_out,
    double* total_out,
    bint unit,
) noexcept nogil:
    """0 (affordable, price per unit ``q_out``), 1 (affordability inside the margin),
    2 (unaffordable) or 3 (``q_out`` set to a lower bound above ``enough``).

    The price per unit ``q`` is the poor/rich fixed point: supporters who cannot pay
    ``q * k`` pay all they have (the poor), the others share the rest. From any lower
    bound ``q <= q*`` the next iterate ``(cost - paid by the poor at q) / (units of
    the others)`` lies in ``[q, q*]``, so the iteration may start at the best known
    lower bound ``start`` (the equal split at least); once an iterate is above
    ``enough`` the project cannot be among the least this round."""
    cdef int64_t lo = sup_ptr[j], hi = sup_ptr[j + 1], count = 0, npoor
    cdef double total = 0.0, q, paid = 0.0, poor_units = 0.0, least = INFINITY
    cdef double held  # what later passes find held: not needed
    q = cost / k_total
    if start > q:
        q = start
    # the first pass also sums what the supporters hold; ``least`` is the lowest price
    # per unit at which a supporter paying in full would become poor
    _pass(lo, hi, q, b, sup_group, sup_k, sup_w, sup_wk, unit, &total, &paid, &poor_units,
          &count, &least)
    total_out[0] = total  # what they hold now: a bound for later rounds
    if total < cost * (1 - TOL):
        return 2
    if total <= cost * (1 + TOL):
        return 1
    while True:
        npoor = count
        q = (cost - paid) / (k_total - poor_units)
        if count == 0 or q * (1 + 1e-12) < least:
            break  # nobody else is poor at q: the next pass would find the same
        if q > enough:
            q_out[0] = q
            return 3
        _pass(lo, hi, q, b, sup_group, sup_k, sup_w, sup_wk, unit, &held, &paid, &poor_units,
              &count, &least)
        if count == npoor:
            break
    q_out[0] = q
    return 0


cdef bint _settles(
    double spent,
    double limit,
    bint room,
    int64_t bought,
    Py_ssize_t n_candidates,
    const int64_t[::1] by_cost,
    double[::1] lb,
    double[::1] tot,
    double[::1] low,
    const double[::1] cost,
    const double[::1] b,
    const int64_t[::1] sup_ptr,
    const int32_t[::1] sup_group,
    const double[::1] sup_w,
) noexcept nogil:
    """True when what was bought (``spent``, ``bought`` projects) and every project
    still affordable cost at most ``limit`` together, and leave some candidate out
    (with ``room``, the cheapest one left out fits within ``limit`` with them).

    ``tot[j]`` and ``low[j]`` bound what the supporters of ``j`` hold, from above and
    below (see ``_follow``; ``tot`` is -1 once ``j`` is bought). A project whose upper
    bound is clearly below its cost is unaffordable for the rest of the run (``lb``
    set to infinity); one whose lower bound clearly covers it is affordable, and once
    those pass ``limit`` the answer is no. When the bounds do not decide, the projects
    are looked at from the dearest down: the supporters' holdings are summed until
    they clearly cover the cost (it counts as affordable) or all are summed (new,
    exact bounds)."""
    cdef double possible = spent, counted = spent, spare = 0.0, held
    cdef int64_t inside = bought, j
    cdef bint affordable
    cdef Py_ssize_t i
    for i in range(by_cost.shape[0]):
        j = by_cost[i]
        if lb[j] == INFINITY:
            continue
        if tot[j] < cost[j] * (1 - TOL):
            lb[j] = INFINITY
            continue
        possible += cost[j]
        inside += 1
        if low[j] >= cost[j] * (1 + TOL):
            counted += cost[j]
            if counted > limit:
                return False
    if room:
        spare = _cheapest_out(by_cost, lb, tot, cost)
    if possible + spare > limit:
        for i in range(by_cost.shape[0]):
            j = by_cost[i]
            if lb[j] == INFINITY or low[j] >= cost[j] * (1 + TOL):
                continue  # counted above
            # affordable once the supporters seen so far hold the cost; otherwise all
            # were summed: new bounds both ways, and clearly short or in doubt
            affordable = _holds(j, b, sup_ptr, sup_group, sup_w, cost[j] * (1 + TOL), &held)
            low[j] = held * (1 - TOL)
            if not affordable:
                tot[j] = held
                affordable = not (held < cost[j] * (1 - TOL))
            if affordable:
                counted += cost[j]
                if counted > limit:
                    return False
                continue
            lb[j] = INFINITY
            possible -= cost[j]
            inside -= 1
            if room and cost[j] < spare:
                spare = cost[j]
            if possible + spare <= limit:
                break
    return possible + spare <= limit and inside < n_candidates


cdef void _follow(
    int64_t winner,
    double q,
    double short,
    double price,
    Py_ssize_t n_alive,
    const int64_t[::1] alive,
    const double[:, ::1] co,
    double[::1] tot,
    double[::1] low,
) noexcept nogil:
    """Moves the bounds on what each project's supporters hold (``tot`` above, ``low``
    below) past a round in which the supporters of ``winner`` were asked ``q`` per
    unit and the poor among them paid ``short`` less than asked, ``price`` in all.

    The supporters of ``j`` who also support ``winner`` were asked ``q * co[winner,
    j]`` (``co``: their weighted utilities for ``winner``); they paid at most that and
    at most ``price``, and at least that less ``short``. Without ``co`` (empty), they
    paid at most ``price``. The margins cover the rounding of the sums and payments."""
    cdef Py_ssize_t i
    cdef int64_t j
    cdef bint with_co = co.shape[0] > 0
    cdef double most, least
    for i in range(n_alive):
        j = alive[i]
        if j == winner:
            continue
        most = price
        least = 0.0
        if with_co:
            least = q * co[winner, j]
            if least < most:
                most = least
            least -= short
        low[j] -= most * (1 + TOL) + fabs(low[j]) * TOL
        if least > 0.0:
            tot[j] -= least * (1 - TOL) - tot[j] * TOL


cdef void _mark_inside(
    const int64_t[::1] candidate, const int64_t[::1] free, const double[::1] lb,
    const double[::1] tot, int64_t[::1] inside,
) noexcept nogil:
    """Flags the set *X* of a settled run: free, bought or still affordable."""
    cdef Py_ssize_t i
    cdef int64_t j
    for i in range(free.shape[0]):
        inside[free[i]] = 1
    for i in range(candidate.shape[0]):
        j = candidate[i]
        inside[j] = 1 if lb[j] != INFINITY or tot[j] < 0.0 else 0


cdef double _cheapest_out(
    const int64_t[::1] by_cost, const double[::1] lb, const double[::1] tot,
    const double[::1] cost,
) noexcept nogil:
    """The cost of the cheapest candidate neither bought nor affordable (infinity
    when there is none)."""
    cdef Py_ssize_t i
    cdef int64_t j
    for i in range(by_cost.shape[0] - 1, -1, -1):
        j = by_cost[i]
        if lb[j] == INFINITY and tot[j] >= 0.0:
            return cost[j]
    return INFINITY


cdef inline bint _holds(
    int64_t j,
    const double[::1] b,
    const int64_t[::1] sup_ptr,
    const int32_t[::1] sup_group,
    const double[::1] sup_w,
    double need,
    double* total_out,
) noexcept nogil:
    """True as soon as the supporters of ``j`` seen so far hold ``need`` (what they
    hold in ``total_out``); otherwise False, with what all of them hold there."""
    cdef double total = 0.0
    cdef int64_t s
    for s in range(sup_ptr[j], sup_ptr[j + 1]):
        total += sup_w[s] * b[sup_group[s]]
        if total >= need:
            total_out[0] = total
            return True
    total_out[0] = total
    return False


cdef inline void _pass(
    int64_t lo,
    int64_t hi,
    double q,
    const double[::1] b,
    const int32_t[::1] sup_group,
    const double[::1] sup_k,
    const double[::1] sup_w,
    const double[::1] sup_wk,
    bint unit,
    double* total_out,
    double* paid_out,
    double* poor_units_out,
    int64_t* count_out,
    double* least_out,
) noexcept nogil:
    """One pass over the supporters ``lo:hi`` at price per unit ``q``: what they hold,
    what the poor among them hold and their units, how many are poor, and the least
    price per unit at which another would be."""
    cdef int64_t s, count = 0
    cdef double total = 0.0, paid = 0.0, poor_units = 0.0, least = INFINITY, bg
    if unit:  # every utility is 1: the same loop without them (most ballots: approval)
        for s in range(lo, hi):
            bg = b[sup_group[s]]
            total += sup_w[s] * bg
            if bg < q:
                paid += sup_w[s] * bg
                poor_units += sup_w[s]
                count += 1
            elif bg < least:
                least = bg
    else:
        for s in range(lo, hi):
            bg = b[sup_group[s]]
            total += sup_w[s] * bg
            if bg < q * sup_k[s]:
                paid += sup_w[s] * bg
                poor_units += sup_wk[s]
                count += 1
            elif bg < least * sup_k[s]:
                least = bg / sup_k[s]
    total_out[0] = total
    paid_out[0] = paid
    poor_units_out[0] = poor_units
    count_out[0] = count
    least_out[0] = least


cdef int64_t _tie_units(
    int64_t j,
    const double[::1] b,
    const int64_t[::1] sup_ptr,
    const int32_t[::1] sup_group,
    const double[::1] sup_k,
    const int64_t[::1] sup_units,
    double q,
    double margin,
) noexcept nogil:
    """Units of the supporters of ``j`` holding something, when each either holds
    exactly nothing or clearly more than it is asked at price ``q`` (else 0)."""
    cdef int64_t units = 0, s, g
    for s in range(sup_ptr[j], sup_ptr[j + 1]):
        g = sup_group[s]
        if b[g] == 0.0:
            continue
        if not (b[g] - q * sup_k[s] > margin):
            return 0
        units += sup_units[s]
    return units


def co_support(
    const int64_t[::1] sup_ptr,
    const int32_t[::1] sup_group,
    const double[::1] sup_wk,
    const int64_t[::1] row_ptr,
    const int64_t[::1] row_project,
):
    """The matrix ``co[a, c]``: the weighted utilities for ``a`` of the voters who
    support both ``a`` and ``c`` (``row_*``: each group's projects)."""
    cdef Py_ssize_t m = sup_ptr.shape[0] - 1
    co_arr = np.zeros((m, m), dtype=np.float64)
    cdef double[:, ::1] co = co_arr
    cdef Py_ssize_t a, s, e
    cdef int32_t g
    cdef double x
    with nogil:
        for a in range(m):
            for s in range(sup_ptr[a], sup_ptr[a + 1]):
                g = sup_group[s]
                x = sup_wk[s]
                for e in range(row_ptr[g], row_ptr[g + 1]):
                    co[a, row_project[e]] += x
    return co_arr


def certified(
    const double[:, ::1] low_bounds,
    const int64_t[::1] low_won,
    const double[:, ::1] high_bounds,
    const int64_t[::1] high_won,
    int64_t known,
    int64_t rounds,
):
    """How many first rounds (from ``known`` on, up to ``rounds``) both runs won with
    the same project whose price in the low run is below every other project's bound in
    the high run, with the margin ``TOL`` on both sides (see ``mes_runs``)."""
    cdef int64_t r, i, w
    cdef Py_ssize_t m = low_bounds.shape[1]
    cdef double price
    for r in range(known, rounds):
        w = low_won[r]
        if high_won[r] != w:
            return r
        price = low_bounds[r, w] * (1 + 2 * TOL)
        for i in range(m):
            if i != w and not (high_bounds[r, i] * (1 - 2 * TOL) > price):
                return r
    return rounds
