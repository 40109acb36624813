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
* the regions checked are every atom, every hidden cell and every difference of two nested
  published cells. Any such region of 1 to ``threshold - 1`` people that is derivable is a
  leak, and the smallest published cell that touches it is hidden too (complementary
  suppression). This repeats until no region leaks.

So no hidden count can be found again by subtracting published rows from a total, one
month from a cumulative figure, or a neighbourhood from its district.
The engine is pure Python + numpy, with no Django import.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

SMALL_CELL = 5
# Up to this many published parts inside a total, every subset of them is tried.
EXHAUSTIVE_PARTS = 10

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
    """Thin SVD cut to the rank: ``matrix == u @ diag(s) @ vt``; ``vt`` spans the row space."""
    if matrix.size == 0:
        return np.zeros((matrix.shape[0], 0)), np.zeros(0), np.zeros((0, matrix.shape[1]))
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


def suppress(cells: Iterable[Cell], *, threshold: int = SMALL_CELL) -> Suppression:
    """Decide which cells to hide so that no region of 1..threshold-1 people is derivable."""
    family = list(cells)
    result = Suppression()
    if not family:
        return result
    for cell in family:
        if 0 < cell.count < threshold:
            result.primary.add(cell.key)
    result.hidden = set(result.primary)
    membership, sizes = _atoms(family)
    index = {cell.key: i for i, cell in enumerate(family)}
    counts = membership @ sizes
    small_atoms = [a for a in range(len(sizes)) if 0 < sizes[a] < threshold]
    while True:
        result.rounds += 1
        shown = [i for i, cell in enumerate(family) if cell.key not in result.hidden]
        u, singular, basis = _svd(membership[shown])
        regions: list[np.ndarray] = []
        for a in small_atoms:
            row = np.zeros(len(sizes))
            row[a] = 1.0
            regions.append(row)
        for key in result.hidden:
            i = index[key]
            if 0 < counts[i] < threshold:
                regions.append(membership[i])
        # Two nested published cells: their difference is a count of people too.
        shown_rows = membership[shown]
        overlap = shown_rows @ shown_rows.T  # atoms in common
        atoms_in = shown_rows.sum(axis=1)
        outer, inner = np.nonzero(np.isclose(overlap, atoms_in[np.newaxis, :]))
        for x, y in zip(outer.tolist(), inner.tolist(), strict=True):
            gap = counts[shown[x]] - counts[shown[y]]
            if 0 < gap < threshold:
                regions.append(shown_rows[x] - shown_rows[y])
        # A published total minus published disjoint parts of it (the rows of a breakdown,
        # months of a year): what is left is a count of people too.
        for x in range(len(shown)):
            parts = [y for y in inner[outer == x].tolist() if y != x and counts[shown[y]] > 0]
            if not parts:
                continue
            families: dict[Hashable, list[int]] = {}
            for y in parts:
                key = family[shown[y]].key
                families.setdefault(key[:-1] if isinstance(key, tuple) else None, []).append(y)
            greedy: list[int] = []
            for y in sorted(parts, key=lambda y: -counts[shown[y]]):
                if not any(float(shown_rows[y] @ shown_rows[z]) > 0 for z in greedy):
                    greedy.append(y)
            groups = [*families.values(), greedy]
            if len(parts) <= EXHAUSTIVE_PARTS:  # every choice of parts, when there are few
                groups = [
                    list(chosen)
                    for r in range(2, len(parts) + 1)
                    for chosen in itertools.combinations(parts, r)
                ]
            for group in groups:
                union = shown_rows[group].sum(axis=0)
                if union.max() > 1:  # not disjoint
                    continue
                rest = shown_rows[x] - union
                if 0 < float(rest @ sizes) < threshold:
                    regions.append(rest)
        if not regions:
            return result
        stacked = np.array(regions)
        leaks = stacked[derivable(stacked, basis) & ((stacked @ sizes) > 0)]
        if leaks.shape[0] == 0:
            return result
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
        if not to_hide:  # cannot happen: a derivable non-empty region touches a shown cell
            return result
        result.hidden |= to_hide


def published(cells: Mapping[Key, Cell], suppression: Suppression) -> dict[Key, int | None]:
    """Each cell's count, or None when it is suppressed."""
    return {key: (None if key in suppression.hidden else cell.count) for key, cell in cells.items()}
