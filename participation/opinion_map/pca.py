"""Two-component PCA of the mean-imputed vote matrix, without densifying it.

Filling a missing vote with its column mean and then centring the column leaves exactly
zero where nobody voted, so the centred matrix is as sparse as the votes. Its top two
right singular vectors are the principal components: from the small statement x statement
Gram matrix when there are few statements, else from a truncated sparse SVD (ARPACK with
a seeded start vector).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import linalg, sparse
from scipy.sparse import linalg as sparse_linalg

from .matrix import VoteMatrix

FloatArray = NDArray[np.float64]

N_COMPONENTS = 2


@dataclass(frozen=True)
class Projection:
    """PCA of the votes and everyone's place on the map.

    `components` has shape (2, n_statements); statements zeroed for the geometry have
    zero loadings. `participant_xy` and `statement_xy` are the sparsity-aware projections.
    """

    column_means: FloatArray
    components: FloatArray
    explained_variance: FloatArray
    total_variance: float
    participant_xy: FloatArray
    statement_xy: FloatArray
    extremity: FloatArray
    method: str

    @property
    def explained_variance_ratio(self) -> FloatArray:
        if self.total_variance <= 0:
            return np.zeros_like(self.explained_variance)
        return np.asarray(self.explained_variance / self.total_variance, dtype=np.float64)


def centred_matrix(
    matrix: VoteMatrix, zeroed: NDArray[np.bool_]
) -> tuple[sparse.csr_matrix, FloatArray, NDArray[np.intp]]:
    """Centred sparse matrix, column means and each participant's geometry vote count.

    Zeroed statements (moderated out, meta) count as a 0 vote by everyone, as in Pol.is:
    their column is constant, so it carries no variance but counts in the scaling.
    """
    keep = ~zeroed[matrix.cols]
    rows = matrix.rows[keep]
    cols = matrix.cols[keep]
    values = matrix.values[keep].astype(np.float64)
    n_p, n_s = matrix.n_participants, matrix.n_statements
    sums = np.bincount(cols, weights=values, minlength=n_s)
    counts = np.bincount(cols, minlength=n_s)
    means = np.divide(sums, counts, out=np.zeros(n_s), where=counts > 0)
    centred = sparse.csr_matrix((values - means[cols], (rows, cols)), shape=(n_p, n_s))
    geometry_votes = np.bincount(rows, minlength=n_p) + int(zeroed.sum())
    return centred, means, geometry_votes.astype(np.intp)


def _fix_signs(components: FloatArray) -> FloatArray:
    """Make each component's largest-magnitude loading positive (stable pictures)."""
    fixed = components.copy()
    for i, component in enumerate(fixed):
        if not component.any():
            continue
        if component[int(np.argmax(np.abs(component)))] < 0:
            fixed[i] = -component
    return fixed


def _top_components(
    centred: sparse.csr_matrix, exact_max_statements: int, seed: int
) -> tuple[FloatArray, FloatArray, str]:
    n_p, n_s = centred.shape
    k = min(N_COMPONENTS, n_s, n_p)
    components = np.zeros((N_COMPONENTS, n_s))
    singular_sq = np.zeros(N_COMPONENTS)
    if k == 0 or centred.nnz == 0:
        return components, singular_sq, "none"
    if n_s <= exact_max_statements:
        gram = np.asarray((centred.T @ centred).toarray(), dtype=np.float64)
        eigenvalues, eigenvectors = linalg.eigh(gram, subset_by_index=(n_s - k, n_s - 1))
        order = np.argsort(eigenvalues)[::-1]
        components[:k] = eigenvectors[:, order].T
        singular_sq[:k] = np.clip(eigenvalues[order], 0.0, None)
        method = "exact"
    elif min(n_p, n_s) <= k + 1:
        _, singular, vt = linalg.svd(centred.toarray(), full_matrices=False)
        components[:k] = vt[:k]
        singular_sq[:k] = singular[:k] ** 2
        method = "exact"
    else:
        # ARPACK (Lanczos) on the sparse matrix, from a seeded start vector: deterministic
        # and accurate to machine precision, with memory proportional to the votes.
        start = np.random.default_rng(seed).standard_normal(min(n_p, n_s))
        _, singular, vt = sparse_linalg.svds(centred, k=k, v0=start)
        order = np.argsort(singular)[::-1]
        components[:k] = vt[order]
        singular_sq[:k] = singular[order] ** 2
        method = "truncated"
    return components, singular_sq, method


def project_votes(
    matrix: VoteMatrix,
    zeroed: NDArray[np.bool_],
    *,
    exact_max_statements: int = 500,
    seed: int = 0,
) -> Projection:
    """Fit the two components and project participants and statements."""
    centred, means, geometry_votes = centred_matrix(matrix, zeroed)
    components, singular_sq, method = _top_components(centred, exact_max_statements, seed)
    components[:, zeroed] = 0.0
    components = _fix_signs(components)
    n_p, n_s = matrix.n_participants, matrix.n_statements

    scale = np.sqrt(n_s / np.maximum(1, geometry_votes))
    participant_xy = np.asarray(centred @ components.T) * scale[:, None]
    # A virtual participant agreeing with one statement only: one vote, centred at 1 - mean.
    statement_xy = np.sqrt(n_s) * (1.0 - means)[:, None] * components.T
    extremity = np.linalg.norm(statement_xy, axis=1)

    dof = max(n_p - 1, 1)
    total_variance = float(centred.multiply(centred).sum()) / dof
    return Projection(
        column_means=means,
        components=components,
        explained_variance=singular_sq / dof,
        total_variance=total_variance,
        participant_xy=np.asarray(participant_xy, dtype=np.float64),
        statement_xy=np.asarray(statement_xy, dtype=np.float64),
        extremity=np.asarray(extremity, dtype=np.float64),
        method=method,
    )
