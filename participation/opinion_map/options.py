"""Parameters of an opinion map refresh. Defaults are the math doc's."""

from __future__ import annotations

from dataclasses import dataclass

from .statistics import Z_90


@dataclass(frozen=True)
class OpinionMapOptions:
    # Parity mode (Pol.is / red-dwarf).
    min_votes: int = 7
    top_up_to: int = 15
    max_groups: int = 5
    base_clusters: int | None = 100
    k_smoothing_wins: int = 4
    pick_max: int = 5
    z_threshold: float = Z_90
    seed: int = 0
    exact_pca_max_statements: int = 500
    # Improvements, each switchable.
    stable_labels: bool = True
    min_silhouette: float | None = 0.25
    bootstrap_resamples: int = 200
    min_stability: float | None = 0.8
    min_group_size: int = 5
    min_group_share: float = 0.05
    bridge_quantile: float = 0.10
    common_ground_min_bridge: float = 0.5
    divisive_min: float = 0.4
    fdr_q: float = 0.10
    channel_min_votes: int = 5
    weight_cap: float = 5.0
