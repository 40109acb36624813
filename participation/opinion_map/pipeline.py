"""One refresh of the opinion map: votes in, snapshot out."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .channels import ChannelDivergence, channel_divergence
from .clustering import Clustering, cluster_positions
from .consensus import (
    bridge_score,
    divisiveness,
    group_informed_consensus,
    normalised_consensus,
    rank_above,
    select_consensus,
)
from .kmeans import assign_to_nearest
from .labels import group_name, stable_labels
from .matrix import VoteMatrix, build_vote_matrix
from .options import OpinionMapOptions
from .pca import Projection, project_votes
from .priority import routing_priority
from .representativeness import (
    AGREE,
    GroupFigures,
    Pick,
    group_figures,
    representativeness_q_values,
    select_representative,
)
from .selection import clustered_participants
from .snapshot import (
    ChannelFigures,
    ClusteringSummary,
    ConsensusStatement,
    Group,
    GroupCountChoice,
    OpinionMapSnapshot,
    Participants,
    PreviousMap,
    Publication,
    RepresentativeStatement,
    Statement,
    StatementGroupFigures,
    WeightedFigures,
)
from .stability import bootstrap_stability
from .statistics import beta_lower_quantile, smoothed_share
from .weighting import rake_weights, weighted_group_figures

FloatArray = NDArray[np.float64]


def _num(value: Any) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def _share(successes: float, trials: float) -> float | None:
    return successes / trials if trials > 0 else None


def compute_opinion_map(
    participant_ids: Sequence[Any],
    statement_ids: Sequence[Any],
    votes: Sequence[int],
    *,
    channels: Sequence[str] | None = None,
    moderated_statement_ids: Sequence[Any] = (),
    meta_statement_ids: Sequence[Any] = (),
    previous: PreviousMap | None = None,
    attributes: Mapping[Any, Mapping[str, str]] | None = None,
    margins: Mapping[str, Mapping[str, float]] | None = None,
    options: OpinionMapOptions | None = None,
) -> OpinionMapSnapshot:
    """Compute the opinion map from votes listed in the order they were cast.

    `votes` are +1 agree, -1 disagree, 0 pass; a participant's latest vote on a statement
    counts. `channels` ('online' / 'room') per vote enables the divergence check;
    `attributes` (participant -> {dimension: category}) with `margins` (dimension ->
    {category: census share}) enables representative weighting.
    """
    opts = options or OpinionMapOptions()
    matrix = build_vote_matrix(participant_ids, statement_ids, votes, channels)
    moderated = matrix.statement_mask(moderated_statement_ids)
    meta = matrix.statement_mask(meta_statement_ids)
    excluded = moderated | meta
    eligible = ~excluded

    projection = project_votes(
        matrix, excluded, exact_max_statements=opts.exact_pca_max_statements, seed=opts.seed
    )
    in_clustering = clustered_participants(
        matrix, min_votes=opts.min_votes, top_up_to=opts.top_up_to
    )
    clustered_rows = np.flatnonzero(in_clustering)
    history = previous.group_count if previous is not None else None
    clustering = cluster_positions(
        projection.participant_xy[clustered_rows],
        max_groups=opts.max_groups,
        base_cluster_count=opts.base_clusters,
        history=history,
        k_smoothing_wins=max(opts.k_smoothing_wins, 1),
        seed=opts.seed,
    )
    k = clustering.k
    row_groups = np.full(matrix.n_participants, -1, dtype=np.intp)
    row_groups[clustered_rows] = clustering.labels

    # Raw counts: everyone, and per group of clustered participants.
    all_agree, all_disagree, all_votes = (a[0] for a in matrix.counts())
    g_agree, g_disagree, g_votes = matrix.counts(row_groups, k)
    figures = group_figures(g_agree, g_disagree, g_votes)
    q_agree, q_disagree = representativeness_q_values(figures, eligible)

    weights: FloatArray | None = None
    weighted: GroupFigures | None = None
    if attributes is not None and margins:
        weights = rake_weights(matrix.participant_ids, attributes, margins, cap=opts.weight_cap)
        weighted = weighted_group_figures(matrix, row_groups, k, weights)

    labels = (
        stable_labels(clustering.labels, matrix.participant_ids[clustered_rows], previous.labels)
        if opts.stable_labels and previous is not None
        else {g: g for g in range(k)}
    )
    stability = (
        bootstrap_stability(clustering, resamples=opts.bootstrap_resamples, seed=opts.seed)
        if opts.bootstrap_resamples > 0
        else None
    )
    n_clustered = int(clustered_rows.size)
    sizes = np.bincount(clustering.labels, minlength=k)
    privacy_floor = max(opts.min_group_size, math.ceil(opts.min_group_share * n_clustered))
    hidden = [g for g in range(k) if k > 1 and sizes[g] < privacy_floor]
    publication = _publication(clustering, stability, [labels[g] for g in hidden], opts)

    groups = _groups(
        matrix,
        figures,
        weighted,
        clustering,
        labels,
        sizes,
        hidden,
        eligible,
        (q_agree, q_disagree),
        opts,
    )
    consensus = select_consensus(
        all_agree,
        all_disagree,
        all_votes,
        eligible,
        pick_max=opts.pick_max,
        z=opts.z_threshold,
    )
    if k > 0:
        bridge = bridge_score(g_agree, g_votes, opts.bridge_quantile)
        spread = divisiveness(g_agree, g_votes)
    else:
        bridge = spread = np.zeros(matrix.n_statements)
    divergence = channel_divergence(
        matrix, min_votes_each=opts.channel_min_votes, q_threshold=opts.fdr_q
    )
    clustered_only = np.where(row_groups >= 0, 0, -1).astype(np.intp)
    c_agree, c_disagree, c_votes = (a[0] for a in matrix.counts(clustered_only, 1))
    priority = routing_priority(c_agree, c_disagree, c_votes, projection.extremity, meta)

    statements = _statements(
        matrix,
        projection,
        figures,
        weighted,
        weights,
        labels,
        moderated,
        meta,
        all_agree,
        all_disagree,
        all_votes,
        priority,
        bridge,
        spread,
        (q_agree, q_disagree),
        divergence,
        opts,
    )
    nearest: list[int | None] = (
        [labels[int(g)] for g in assign_to_nearest(projection.participant_xy, clustering.centres)]
        if k > 0
        else [None] * matrix.n_participants
    )
    ids = matrix.participant_ids.tolist()
    participants = Participants(
        ids=ids,
        x=projection.participant_xy[:, 0].tolist(),
        y=projection.participant_xy[:, 1].tolist(),
        n_votes=matrix.votes_per_participant().tolist(),
        clustered=in_clustering.tolist(),
        group=[labels[int(g)] if g >= 0 else None for g in row_groups.tolist()],
        nearest_group=nearest,
        weight=None if weights is None else weights.tolist(),
    )
    sids = matrix.statement_ids.tolist()
    return OpinionMapSnapshot(
        parameters=asdict(opts),
        n_participants=matrix.n_participants,
        n_statements=matrix.n_statements,
        n_votes=matrix.n_votes,
        n_clustered=n_clustered,
        pca_method=projection.method,
        explained_variance_ratio=(
            float(projection.explained_variance_ratio[0]),
            float(projection.explained_variance_ratio[1]),
        ),
        participants=participants,
        groups=sorted(groups, key=lambda group: group.label),
        clustering=ClusteringSummary(
            k=k,
            best_k=clustering.best_k,
            best_silhouette=clustering.best_silhouette,
            tried=[GroupCountChoice(k=c, silhouette=s) for c, s in clustering.silhouettes.items()],
            k_candidate=clustering.candidate,
            k_candidate_streak=clustering.streak,
            base_clusters=int(clustering.base.points.shape[0]),
        ),
        publication=publication,
        consensus_agree=_consensus(sids, consensus.agree, all_agree, all_votes, AGREE),
        consensus_disagree=_consensus(
            sids, consensus.disagree, all_disagree, all_votes, "disagree"
        ),
        common_ground=[
            sids[j]
            for j in rank_above(bridge, eligible, opts.common_ground_min_bridge, opts.pick_max)
        ],
        divisive=[sids[j] for j in rank_above(spread, eligible, opts.divisive_min, opts.pick_max)]
        if k > 1
        else [],
        channel_divergent=[]
        if divergence is None
        else [sids[j] for j in np.flatnonzero(divergence.diverges & eligible).tolist()],
        statements=statements,
    )


def _publication(
    clustering: Clustering,
    stability: float | None,
    hidden_labels: list[int],
    opts: OpinionMapOptions,
) -> Publication:
    reasons: list[str] = []
    if clustering.k == 0:
        reasons.append("nobody_clustered")
    elif clustering.k < 2:
        reasons.append("single_group")
    elif opts.min_silhouette is not None:
        best = clustering.best_silhouette
        if best is None or best < opts.min_silhouette:
            reasons.append("weak_separation")
    if stability is not None and opts.min_stability is not None and stability < opts.min_stability:
        reasons.append("unstable")
    return Publication(
        status="consensus_only" if reasons else "groups",
        reasons=reasons,
        stability=stability,
        hidden_groups=sorted(hidden_labels),
    )


def _representative(
    matrix: VoteMatrix,
    f: GroupFigures,
    g: int,
    picks: list[Pick],
    q: tuple[FloatArray, FloatArray],
) -> list[RepresentativeStatement]:
    out: list[RepresentativeStatement] = []
    for pick in picks:
        j = pick.statement
        agree = pick.direction == AGREE
        n_success = f.n_agree[g, j] if agree else f.n_disagree[g, j]
        out_success = f.out_agree[g, j] if agree else f.out_disagree[g, j]
        out.append(
            RepresentativeStatement(
                statement_id=matrix.statement_ids[j].item(),
                direction=pick.direction,
                best_agree=pick.best_agree,
                n_success=round(float(n_success)),
                n_votes=round(float(f.n_votes[g, j])),
                p=float(f.pa[g, j] if agree else f.pd[g, j]),
                p_test=float(f.pat[g, j] if agree else f.pdt[g, j]),
                repness=float(f.ra[g, j] if agree else f.rd[g, j]),
                repness_test=float(f.rat[g, j] if agree else f.rdt[g, j]),
                share_in=_share(float(n_success), float(f.n_votes[g, j])),
                share_out=_share(float(out_success), float(f.out_votes[g, j])),
                q=_num(q[0][g, j] if agree else q[1][g, j]),
            )
        )
    return out


def _groups(
    matrix: VoteMatrix,
    f: GroupFigures,
    weighted: GroupFigures | None,
    clustering: Clustering,
    labels: dict[int, int],
    sizes: NDArray[np.intp],
    hidden: list[int],
    eligible: NDArray[np.bool_],
    q: tuple[FloatArray, FloatArray],
    opts: OpinionMapOptions,
) -> list[Group]:
    k = clustering.k
    if k < 2:
        parity: list[list[Pick]] = [[]]
        fdr: list[list[Pick]] = [[]]
        by_weight: list[list[Pick]] | None = [[]] if weighted is not None else None
    else:
        parity = select_representative(f, eligible, pick_max=opts.pick_max, z=opts.z_threshold)
        fdr_allowed = (
            np.nan_to_num(q[0], nan=1.0) <= opts.fdr_q,
            np.nan_to_num(q[1], nan=1.0) <= opts.fdr_q,
        )
        fdr = [
            [p for p in picks if _passes(p, g, fdr_allowed)]
            for g, picks in enumerate(
                select_representative(
                    f, eligible, pick_max=opts.pick_max, z=opts.z_threshold, allowed=fdr_allowed
                )
            )
        ]
        by_weight = (
            None
            if weighted is None
            else select_representative(
                weighted, eligible, pick_max=opts.pick_max, z=opts.z_threshold
            )
        )
    n_clustered = int(sizes.sum())
    wq = None if weighted is None else representativeness_q_values(weighted, eligible)
    groups: list[Group] = []
    for g in range(k):
        weighted_picks = None
        if weighted is not None and by_weight is not None and wq is not None:
            weighted_picks = _representative(matrix, weighted, g, by_weight[g], wq)
        groups.append(
            Group(
                label=labels[g],
                name=group_name(labels[g]),
                size=int(sizes[g]),
                share=float(sizes[g]) / n_clustered if n_clustered else 0.0,
                centre=(float(clustering.centres[g, 0]), float(clustering.centres[g, 1])),
                hidden=g in hidden,
                representative=_representative(matrix, f, g, parity[g], q),
                representative_fdr=_representative(matrix, f, g, fdr[g], q),
                representative_weighted=weighted_picks,
            )
        )
    return groups


def _passes(pick: Pick, g: int, allowed: tuple[NDArray[np.bool_], NDArray[np.bool_]]) -> bool:
    mask = allowed[0] if pick.direction == AGREE else allowed[1]
    return bool(mask[g, pick.statement])


def _consensus(
    sids: list[Any],
    picks: list[int],
    success: FloatArray,
    votes: FloatArray,
    direction: str,
) -> list[ConsensusStatement]:
    p = smoothed_share(success, votes)
    z = 2.0 * np.sqrt(votes + 1.0) * ((success + 1.0) / (votes + 1.0) - 0.5)
    return [
        ConsensusStatement(
            statement_id=sids[j],
            direction=direction,
            n_success=round(float(success[j])),
            n_votes=round(float(votes[j])),
            p=float(p[j]),
            p_test=float(z[j]),
        )
        for j in picks
    ]


def _statements(
    matrix: VoteMatrix,
    projection: Projection,
    f: GroupFigures,
    weighted: GroupFigures | None,
    weights: FloatArray | None,
    labels: dict[int, int],
    moderated: NDArray[np.bool_],
    meta: NDArray[np.bool_],
    all_agree: FloatArray,
    all_disagree: FloatArray,
    all_votes: FloatArray,
    priority: FloatArray,
    bridge: FloatArray,
    spread: FloatArray,
    q: tuple[FloatArray, FloatArray],
    divergence: ChannelDivergence | None,
    opts: OpinionMapOptions,
) -> list[Statement]:
    if f.n_groups:
        gic_agree = group_informed_consensus(f.n_agree, f.n_votes)
        gic_disagree = group_informed_consensus(f.n_disagree, f.n_votes)
        normalised = normalised_consensus(f.n_agree, f.n_votes)
    else:
        gic_agree = gic_disagree = normalised = np.zeros(matrix.n_statements)
    quantiles = beta_lower_quantile(f.n_agree, f.n_votes, opts.bridge_quantile)
    weighted_share: FloatArray | None = None
    if weights is not None:
        w_agree, _, w_votes = (a[0] for a in matrix.counts(vote_weights=weights[matrix.rows]))
        weighted_share = np.divide(
            w_agree, w_votes, out=np.full_like(w_votes, np.nan), where=w_votes > 0
        )
    statements: list[Statement] = []
    for j, sid in enumerate(matrix.statement_ids.tolist()):
        per_group = []
        for g in range(f.n_groups):
            wf = None
            if weighted is not None:
                wf = WeightedFigures(
                    n_effective=float(weighted.n_votes[g, j]),
                    pa=float(weighted.pa[g, j]),
                    pd=float(weighted.pd[g, j]),
                    ra=float(weighted.ra[g, j]),
                    rd=float(weighted.rd[g, j]),
                    pat=float(weighted.pat[g, j]),
                    pdt=float(weighted.pdt[g, j]),
                    rat=float(weighted.rat[g, j]),
                    rdt=float(weighted.rdt[g, j]),
                )
            per_group.append(
                StatementGroupFigures(
                    group=labels[g],
                    n_agree=int(f.n_agree[g, j]),
                    n_disagree=int(f.n_disagree[g, j]),
                    n_votes=int(f.n_votes[g, j]),
                    pa=float(f.pa[g, j]),
                    pd=float(f.pd[g, j]),
                    ra=float(f.ra[g, j]),
                    rd=float(f.rd[g, j]),
                    pat=float(f.pat[g, j]),
                    pdt=float(f.pdt[g, j]),
                    rat=float(f.rat[g, j]),
                    rdt=float(f.rdt[g, j]),
                    q_agree=_num(q[0][g, j]),
                    q_disagree=_num(q[1][g, j]),
                    bridge_quantile=float(quantiles[g, j]),
                    weighted=wf,
                )
            )
        per_group.sort(key=lambda figures: figures.group)
        channel = None
        if divergence is not None:
            channel = ChannelFigures(
                online_agree=int(divergence.online_agree[j]),
                online_votes=int(divergence.online_votes[j]),
                room_agree=int(divergence.room_agree[j]),
                room_votes=int(divergence.room_votes[j]),
                z=float(divergence.z[j]),
                q=_num(divergence.q[j]),
                diverges=bool(divergence.diverges[j]),
            )
        n_votes = int(all_votes[j])
        statements.append(
            Statement(
                statement_id=sid,
                moderated=bool(moderated[j]),
                meta=bool(meta[j]),
                n_agree=int(all_agree[j]),
                n_disagree=int(all_disagree[j]),
                n_pass=n_votes - int(all_agree[j]) - int(all_disagree[j]),
                n_votes=n_votes,
                agree_share=_share(float(all_agree[j]), float(n_votes)),
                x=float(projection.statement_xy[j, 0]),
                y=float(projection.statement_xy[j, 1]),
                extremity=float(projection.extremity[j]),
                priority=float(priority[j]),
                group_informed_consensus_agree=float(gic_agree[j]),
                group_informed_consensus_disagree=float(gic_disagree[j]),
                normalised_consensus=float(normalised[j]),
                bridge_score=float(bridge[j]),
                divisiveness=float(spread[j]),
                groups=per_group,
                weighted_agree_share=None if weighted_share is None else _num(weighted_share[j]),
                channels=channel,
            )
        )
    return statements
