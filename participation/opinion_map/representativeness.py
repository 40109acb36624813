"""What each group stands for: per group x statement figures and representative picks.

Figures follow the math doc step 6 (Pol.is repness). Counts may be fractional (weighted
effective counts), the formulas are the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .statistics import (
    Z_90,
    benjamini_hochberg,
    one_proportion_z,
    smoothed_share,
    two_proportion_z_smoothed,
    upper_tail_p,
)

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

AGREE = "agree"
DISAGREE = "disagree"


@dataclass(frozen=True)
class GroupFigures:
    """Arrays of shape (groups, statements) for one way of counting (raw or weighted)."""

    n_agree: FloatArray
    n_disagree: FloatArray
    n_votes: FloatArray
    out_agree: FloatArray
    out_disagree: FloatArray
    out_votes: FloatArray
    pa: FloatArray
    pd: FloatArray
    ra: FloatArray
    rd: FloatArray
    pat: FloatArray
    pdt: FloatArray
    rat: FloatArray
    rdt: FloatArray

    @property
    def n_groups(self) -> int:
        return int(self.pa.shape[0])


def group_figures(
    agree: FloatArray,
    disagree: FloatArray,
    votes: FloatArray,
    outside: tuple[FloatArray, FloatArray, FloatArray] | None = None,
) -> GroupFigures:
    """Figures of each group against everyone clustered outside it.

    `outside` gives the outside counts when they are not the column totals minus the
    group's (effective counts of weighted votes do not add up).
    """
    if outside is None:
        out_agree = agree.sum(axis=0) - agree
        out_disagree = disagree.sum(axis=0) - disagree
        out_votes = votes.sum(axis=0) - votes
    else:
        out_agree, out_disagree, out_votes = outside
    pa = smoothed_share(agree, votes)
    pd = smoothed_share(disagree, votes)
    return GroupFigures(
        n_agree=agree,
        n_disagree=disagree,
        n_votes=votes,
        out_agree=out_agree,
        out_disagree=out_disagree,
        out_votes=out_votes,
        pa=pa,
        pd=pd,
        ra=pa / smoothed_share(out_agree, out_votes),
        rd=pd / smoothed_share(out_disagree, out_votes),
        pat=one_proportion_z(agree, votes),
        pdt=one_proportion_z(disagree, votes),
        rat=two_proportion_z_smoothed(agree, votes, out_agree, out_votes),
        rdt=two_proportion_z_smoothed(disagree, votes, out_disagree, out_votes),
    )


@dataclass(frozen=True)
class Pick:
    """One representative statement of a group, by column index."""

    statement: int
    direction: str
    best_agree: bool = False


def _metric(f: GroupFigures, g: int, j: int, direction: str) -> float:
    if direction == AGREE:
        return float(f.ra[g, j] * f.rat[g, j] * f.pa[g, j] * f.pat[g, j])
    return float(f.rd[g, j] * f.rdt[g, j] * f.pd[g, j] * f.pdt[g, j])


def _best_agree(f: GroupFigures, g: int, eligible: BoolArray, z: float) -> int | None:
    """The statement the group most clearly agrees with (Pol.is 'best agree')."""
    best: int | None = None
    for j in np.flatnonzero(eligible).tolist():
        if f.n_agree[g, j] == 0 and f.n_disagree[g, j] == 0:
            continue
        if best is None:
            if f.pat[g, j] > z or (f.ra[g, j] > 1.0 and f.pa[g, j] > 0.5):
                best = j
        elif f.ra[g, best] > 1.0:
            if _metric(f, g, j, AGREE) > _metric(f, g, best, AGREE):
                best = j
        elif f.pa[g, j] * f.pat[g, j] > f.pa[g, best] * f.pat[g, best]:
            best = j
    return best


def significant(f: GroupFigures, z: float = Z_90) -> tuple[BoolArray, BoolArray]:
    """Agree- and disagree-significance per (group, statement): p-test and r-test > z."""
    return (f.pat > z) & (f.rat > z), (f.pdt > z) & (f.rdt > z)


def direction_of(f: GroupFigures, g: int, j: int) -> str:
    """Direction a statement represents the group in: the larger representativeness test."""
    return AGREE if f.rat[g, j] > f.rdt[g, j] else DISAGREE


def select_representative(
    f: GroupFigures,
    eligible: BoolArray,
    *,
    pick_max: int = 5,
    z: float = Z_90,
    allowed: tuple[BoolArray, BoolArray] | None = None,
) -> list[list[Pick]]:
    """Top representative statements per group: best agree first, then by r*rt*p*pt.

    `allowed` (agree mask, disagree mask) narrows the significant statements further, for
    instance to those passing Benjamini-Hochberg. The list is ordered agree before disagree.
    """
    sig_agree, sig_disagree = significant(f, z)
    if allowed is not None:
        sig_agree = sig_agree & allowed[0]
        sig_disagree = sig_disagree & allowed[1]
    picks: list[list[Pick]] = []
    for g in range(f.n_groups):
        sufficient = np.flatnonzero((sig_agree[g] | sig_disagree[g]) & eligible).tolist()
        head: Pick | None = None
        best = _best_agree(f, g, eligible, z)
        if best is not None:
            head = Pick(best, direction_of(f, g, best), best_agree=True)
        elif not sufficient:
            candidates = np.flatnonzero(eligible & (f.n_votes[g] > 0))
            if candidates.size:
                tests = np.maximum(f.rat[g, candidates], f.rdt[g, candidates])
                j = int(candidates[int(np.argmax(tests))])
                head = Pick(j, direction_of(f, g, j))
        ranked = sorted(
            sufficient,
            key=lambda j: -_metric(f, g, j, direction_of(f, g, j)),
        )
        chosen = [head] if head is not None else []
        chosen += [
            Pick(j, direction_of(f, g, j)) for j in ranked if head is None or j != head.statement
        ]
        chosen = chosen[:pick_max]
        chosen.sort(key=lambda p: p.direction != AGREE)
        picks.append(chosen)
    return picks


def representativeness_q_values(
    f: GroupFigures, eligible: BoolArray
) -> tuple[FloatArray, FloatArray]:
    """Benjamini-Hochberg q-values for every group x statement x direction test.

    A representativeness claim needs both the p-test and the r-test, so each test's
    p-value is the larger of the two one-sided p-values (intersection-union test).
    Ineligible statements are left out of the family (NaN).
    """
    p_agree = np.maximum(upper_tail_p(f.pat), upper_tail_p(f.rat))
    p_disagree = np.maximum(upper_tail_p(f.pdt), upper_tail_p(f.rdt))
    mask = np.broadcast_to(~eligible, p_agree.shape)
    family = np.stack([np.where(mask, np.nan, p_agree), np.where(mask, np.nan, p_disagree)])
    q = benjamini_hochberg(family)
    return q[0], q[1]
