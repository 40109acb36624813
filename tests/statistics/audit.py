"""An attacker's checks, written independently of the suppression engine.

Given every published figure with the set of people it counts, try to find a count of 1 to
``threshold - 1`` people: a small published figure, the difference of two nested figures,
a total minus the published rows of a breakdown, and (exactly, by least squares over the
people) any group of people that the published figures single out.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping

import numpy as np

Sets = Mapping[Hashable, frozenset[Hashable]]


def small(n: int, threshold: int) -> bool:
    return 0 < n < threshold


def audit(sets: Sets, published: Mapping[Hashable, int], threshold: int = 5) -> list[str]:
    leaks: list[str] = []
    keys = list(published)
    for key in keys:
        assert published[key] == len(sets[key]), key
        if small(published[key], threshold):
            leaks.append(f"{key} = {published[key]}")
    # Every pair of published figures: the difference of nested sets is a count of people.
    for a, b in itertools.permutations(keys, 2):
        if sets[b] <= sets[a] and small(len(sets[a]) - len(sets[b]), threshold):
            leaks.append(f"{a} - {b} = {len(sets[a]) - len(sets[b])}")
    # Rows against totals: a total minus any published disjoint rows inside it.
    for total in keys:
        inside = [k for k in keys if k != total and sets[k] < sets[total]]
        disjoint_groups: list[list[Hashable]] = []
        for k in inside:
            for group in disjoint_groups:
                if all(not (sets[k] & sets[g]) for g in group):
                    group.append(k)
                    break
            else:
                disjoint_groups.append([k])
        for group in disjoint_groups:
            rest = len(sets[total]) - sum(len(sets[k]) for k in group)
            if small(rest, threshold):
                leaks.append(f"{total} - {group} = {rest}")
    leaks.extend(linear_leaks(sets, keys, threshold))
    return leaks


def linear_leaks(sets: Sets, keys: list[Hashable], threshold: int) -> list[str]:
    """Groups of people with identical membership whose count the figures determine."""
    people = sorted({p for k in keys for p in sets[k]}, key=str)
    if not people or not keys:
        return []
    column = {p: i for i, p in enumerate(people)}
    matrix = np.zeros((len(keys), len(people)))
    for row, key in enumerate(keys):
        for p in sets[key]:
            matrix[row, column[p]] = 1.0
    groups: dict[tuple[float, ...], list[int]] = {}
    for p in people:
        groups.setdefault(tuple(matrix[:, column[p]]), []).append(column[p])
    leaks = []
    for members in groups.values():
        if not small(len(members), threshold):
            continue
        target = np.zeros(len(people))
        target[members] = 1.0
        # Is there a combination x of published figures with x @ matrix == target?
        x, *_rest = np.linalg.lstsq(matrix.T, target, rcond=None)
        if np.abs(x @ matrix - target).max() < 1e-6:
            leaks.append(f"a group of {len(members)} is determined by the published figures")
    return leaks


def brute_force_leaks(
    sets: Sets, published: Mapping[Hashable, int], threshold: int = 5, *, every: bool = False
) -> list[str]:
    """Exhaustively (for small families): any two figures added or subtracted, any
    published total minus any choice of the published figures inside it, and with
    ``every`` any combination of the figures with coefficients -1, 0 and +1."""
    keys = list(published)
    people = sorted({p for k in keys for p in sets[k]}, key=str)
    if not keys or not people:
        return []
    matrix = np.array([[1 if p in sets[k] else 0 for p in people] for k in keys], dtype=np.int64)
    combos: list[np.ndarray] = []
    for i, j in itertools.combinations(range(len(keys)), 2):
        for sign in (1, -1):
            row = np.zeros(len(keys), dtype=np.int64)
            row[i], row[j] = 1, sign
            combos.append(row)
            combos.append(-row)
    for t, total in enumerate(keys):
        inside = [k for k in range(len(keys)) if k != t and sets[keys[k]] <= sets[total]]
        for r in range(1, len(inside) + 1):
            for chosen in itertools.combinations(inside, r):
                row = np.zeros(len(keys), dtype=np.int64)
                row[t] = 1
                row[list(chosen)] = -1
                combos.append(row)
    if every:  # every combination with coefficients -1, 0, +1 (up to 8 figures)
        combos.extend(np.array(list(itertools.product((-1, 0, 1), repeat=len(keys)))))
    if not combos:
        return []
    coefficients = np.array(combos)
    combined = coefficients @ matrix  # each row: how often each person is counted
    is_set = np.all((combined == 0) | (combined == 1), axis=1)
    sizes = combined.sum(axis=1)
    found = np.nonzero(is_set & (sizes > 0) & (sizes < threshold))[0]
    return [
        " ".join(f"{c:+d}*{k}" for c, k in zip(coefficients[i], keys, strict=True) if c)
        + f" = {sizes[i]}"
        for i in found[:5]
    ]
