"""Small-cell suppression over a whole family of published counts.

This generalises ``participation.selectors.consultation_results.suppress_table`` (one table,
its row totals and column totals) to any family of counts that may overlap: breakdowns of
a process, a monthly series, nested areas, an organisation's totals. Each published count
is the size of a set of people (``Cell.people``). Every count of 1 to ``threshold - 1`` is
hidden (primary suppression); then the published family is audited with linear algebra:

* people who belong to exactly the same published cells form an *atom*; a count of atoms
  is derivable from the published figures iff its indicator vector lies in the row space
  of the published cells (cells x atoms, weighted by nothing: each figure is a sum of atom
  sizes);
* every group of 1 to ``threshold - 1`` people (a union of at most four atoms) whose count
  is derivable is found (``_groups_in_span``); for each, the smallest published cell of a
  combination that yields it is hidden too (complementary suppression). This repeats
  until no group is derivable: not a single small figure, not the difference of two
  figures, not a total minus its published rows, not any other linear combination.

So no hidden count can be found again by subtracting published rows from a total, one
month from a cumulative figure, or a neighbourhood from its district.
The engine is pure Python + numpy, with no Django import.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

SMALL_CELL = 5
# Quadruples of single-person atoms are searched through all their pairwise sums (memory
# quadratic in their number); above this many, that search is skipped and the result is
# marked incomplete.
QUADRUPLE_LIMIT = 3000
# Up to this many published cells, complementary cells are chosen one at a time, trying a
# few candidates each; above, one per derivable group in each round (faster, hides more).
CAREFUL_LIMIT = 400
CANDIDATES = 6

Key = Hashable


@dataclass(frozen=True)
class Cell:
    key: Key
    people: frozenset[Hashable]
    # Cells that should stay published if at all possible (e.g. a process's total).
    keep: bool = False

    @property
    def count(self) -> int:
        return len(self.people)


@dataclass
class Suppression:
    hidden: set[Key] = field(default_factory=set)
    primary: set[Key] = field(default_factory=set)
    rounds: int = 0
    # False when the search for derivable groups of four single people was skipped (size).
    complete: bool = True

    def shown(self, key: Key) -> bool:
        return key not in self.hidden


def _atoms(cells: list[Cell]) -> tuple[np.ndarray, np.ndarray]:
    """Membership matrix (cells x atoms) and atom sizes."""
    signature: dict[Hashable, list[int]] = {}  # person -> indexes of their cells
    for index, cell in enumerate(cells):
        for person in cell.people:
            signature.setdefault(person, []).append(index)
    atom_of: dict[tuple[int, ...], int] = {}
    sizes: list[int] = []
    for member_list in signature.values():
        atom = atom_of.setdefault(tuple(member_list), len(atom_of))
        if atom == len(sizes):
            sizes.append(0)
        sizes[atom] += 1
    matrix = np.zeros((len(cells), len(atom_of)), dtype=np.float64)
    for members, atom in atom_of.items():
        matrix[list(members), atom] = 1.0
    return matrix, np.array(sizes, dtype=np.int64)


def _svd(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thin SVD cut to the rank: ``matrix == u @ diag(s) @ vt``; ``vt`` spans the row space.

    With fewer cells than atoms (the usual case) it goes through the small Gram matrix
    ``matrix @ matrix.T``, which is much cheaper than a full SVD of a wide matrix.
    """
    if matrix.size == 0:
        return np.zeros((matrix.shape[0], 0)), np.zeros(0), np.zeros((0, matrix.shape[1]))
    if matrix.shape[0] < matrix.shape[1]:
        eigenvalues, vectors = np.linalg.eigh(matrix @ matrix.T)
        keep = eigenvalues > max(float(eigenvalues.max()), 1.0) * 1e-11
        s = np.sqrt(eigenvalues[keep])
        u = vectors[:, keep]
        return u, s, (u.T @ matrix) / s[:, np.newaxis]
    u, s, vt = np.linalg.svd(matrix, full_matrices=False)
    tolerance = max(matrix.shape) * np.finfo(np.float64).eps * (s[0] if s.size else 0.0) * 10
    rank = int((s > max(tolerance, 1e-9)).sum())
    return u[:, :rank], s[:rank], vt[:rank]


def derivable(regions: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """Which rows of ``regions`` (0/1 over atoms) lie in the span of ``basis``."""
    if regions.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    if basis.shape[0] == 0:
        return np.zeros(regions.shape[0], dtype=bool)
    projected = (regions @ basis.T) @ basis
    return np.asarray(np.abs(projected - regions).max(axis=1) < 1e-6)


def _groups_in_span(
    basis: np.ndarray,
    sizes: np.ndarray,
    threshold: int,
    seed: int = 0,
    complete: list[bool] | None = None,
) -> list[np.ndarray]:
    """Every group of fewer than ``threshold`` people (a union of at most ``threshold - 1``
    atoms) whose count a linear combination of the published cells gives.

    A union of atoms R is derivable iff the residuals ``r_a = e_a - P e_a`` (P: projection on
    the published row space) sum to zero over R. Each residual is reduced to two random
    scalars; groups whose scalars sum to (about) zero are found by sorting and searching
    (singles, pairs, triples, quadruples of single-person atoms), then checked exactly.
    """
    complete = complete if complete is not None else [True]
    n_atoms = sizes.shape[0]
    rng = np.random.default_rng(seed)
    probe = rng.standard_normal((2, n_atoms))
    if basis.shape[0]:
        probe = probe - (probe @ basis.T) @ basis
    small = np.nonzero((sizes > 0) & (sizes < threshold))[0]
    values, check = probe[0, small], probe[1, small]
    eps = 1e-9
    order = np.argsort(values)
    ordered = values[order]
    candidates: set[tuple[int, ...]] = set()

    def matches(targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (target index, position in ``small``) where value == target."""
        lo = np.searchsorted(ordered, targets - eps, side="left")
        hi = np.searchsorted(ordered, targets + eps, side="right")
        found = hi - lo
        total = int(found.sum())
        if not total:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        rows = np.repeat(np.arange(targets.shape[0]), found)
        offsets = np.arange(total) - np.repeat(np.cumsum(found) - found, found)
        return rows, order[np.repeat(lo, found) + offsets]

    for single in np.nonzero(np.abs(values) < eps)[0].tolist():
        candidates.add((single,))
    rows, cols = matches(-values)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if i < j:
            candidates.add((i, j))
    small_sizes = sizes[small]
    if threshold > 3:
        # Triples: one atom plus a pair, sizes within the threshold.
        for i in range(small.shape[0]):
            others = np.arange(i + 1, small.shape[0])
            others = others[small_sizes[i] + small_sizes[others] <= threshold - 2]
            if not others.size:
                continue
            rows, cols = matches(-(values[i] + values[others]))
            for r, k in zip(rows.tolist(), cols.tolist(), strict=True):
                j = int(others[r])
                if k > j:
                    candidates.add((i, j, k))
    ones = np.nonzero(small_sizes == 1)[0]
    if threshold > 4 and ones.size > QUADRUPLE_LIMIT:
        complete[0] = False
    elif threshold > 4 and ones.size >= 4:
        # Quadruples of single-person atoms: two pairs whose sums cancel.
        first, second = np.triu_indices(ones.size, k=1)
        pair_sums = values[ones[first]] + values[ones[second]]
        pair_order = np.argsort(pair_sums)
        sorted_sums = pair_sums[pair_order]
        # The targets -sorted_sums, reversed, are sorted too: a cache-friendly search.
        targets = -sorted_sums[::-1]
        lo = np.searchsorted(sorted_sums, targets - eps, side="left")
        hi = np.searchsorted(sorted_sums, targets + eps, side="right")
        for t in np.nonzero(hi > lo)[0].tolist():
            p = int(pair_order[sorted_sums.shape[0] - 1 - t])
            for q in pair_order[lo[t] : hi[t]].tolist():
                members = {
                    int(ones[first[p]]),
                    int(ones[second[p]]),
                    int(ones[first[q]]),
                    int(ones[second[q]]),
                }
                if len(members) == 4:
                    candidates.add(tuple(sorted(members)))
    found = []
    for group in candidates:
        chosen = list(group)
        if sizes[small[chosen]].sum() >= threshold or abs(check[chosen].sum()) > 1e-6:
            continue
        region = np.zeros(n_atoms)
        region[small[chosen]] = 1.0
        if basis.shape[0] and np.abs(region - (region @ basis.T) @ basis).max() < 1e-6:
            found.append(region)
    return found


def suppress(cells: Iterable[Cell], *, threshold: int = SMALL_CELL) -> Suppression:
    """Decide which cells to hide so that no group of 1..threshold-1 people is derivable."""
    # One BLAS thread: in a web or Celery worker, more threads only fight over the cores.
    with threadpool_limits(limits=1):
        return _suppress(list(cells), threshold)


def _suppress(family: list[Cell], threshold: int) -> Suppression:
    result = Suppression()
    if not family:
        return result
    for cell in family:
        if 0 < cell.count < threshold:
            result.primary.add(cell.key)
    result.hidden = set(result.primary)
    membership, sizes = _atoms(family)
    counts = membership @ sizes
    while True:
        result.rounds += 1
        shown = [i for i, cell in enumerate(family) if cell.key not in result.hidden]
        u, singular, basis = _svd(membership[shown])
        complete = [True]
        leaks = _groups_in_span(basis, sizes, threshold, seed=result.rounds, complete=complete)
        result.complete = result.complete and complete[0]
        if not leaks:
            return result
        if len(shown) <= CAREFUL_LIMIT:
            # Small families: hide one cell per round, the one (of a few candidates; totals
            # last) after whose removal the fewest groups remain derivable: this hides less.
            weights = u @ ((basis @ leaks[0]) / singular)
            involved = [shown[x] for x in np.nonzero(np.abs(weights) > 1e-6)[0]]
            involved.sort(key=lambda i: (family[i].keep, counts[i], i))
            best: tuple[bool, int, int, int] | None = None
            for i in involved[:CANDIDATES]:
                rest = [j for j in shown if j != i]
                _u, _s, rest_basis = _svd(membership[rest])
                left = len(_groups_in_span(rest_basis, sizes, threshold, seed=result.rounds))
                score = (family[i].keep, left, int(counts[i]), i)
                if best is None or score < best:
                    best = score
            if best is None:
                return result
            result.hidden.add(family[best[3]].key)
            continue
        to_hide: set[Key] = set()
        for leak in leaks:
            # The published cells of the (least-norm) combination that yields the leak.
            weights = u @ ((basis @ leak) / singular)
            involved = [shown[x] for x in np.nonzero(np.abs(weights) > 1e-6)[0]]
            if any(family[i].key in to_hide for i in involved):
                continue
            involved.sort(key=lambda i: (family[i].keep, counts[i], i))
            if involved:
                to_hide.add(family[involved[0]].key)
        if not to_hide:  # cannot happen: a derivable non-empty group needs a shown cell
            return result
        result.hidden |= to_hide


def published(cells: Mapping[Key, Cell], suppression: Suppression) -> dict[Key, int | None]:
    """Each cell's count, or None when it is suppressed."""
    return {key: (None if key in suppression.hidden else cell.count) for key, cell in cells.items()}
