"""Generated dialogues with a known opinion structure, for parity and property tests."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class GeneratedVotes:
    participant_ids: list[int]
    statement_ids: list[int]
    votes: list[int]
    true_groups: dict[int, int]

    def as_dicts(self) -> list[dict[str, int]]:
        return [
            {"participant_id": p, "statement_id": s, "vote": v, "modified": i}
            for i, (p, s, v) in enumerate(
                zip(self.participant_ids, self.statement_ids, self.votes, strict=True)
            )
        ]


def opinion_groups(
    *,
    seed: int,
    participants: int,
    statements: int,
    groups: int,
    seen: float = 0.7,
    noise: float = 0.1,
    pass_rate: float = 0.1,
    light_voters: int = 0,
) -> GeneratedVotes:
    """Participants in `groups` camps; each camp agrees or disagrees with each statement.

    Everyone sees a share `seen` of the statements (at least 7), votes with their camp
    except for `noise` of the time, and passes `pass_rate` of the time. `light_voters`
    extra participants cast only 1 to 3 votes (they are projected, not clustered).
    """
    rng = np.random.default_rng(seed)
    stance = rng.choice([-1, 1], size=(groups, statements))
    stance[:, : max(1, statements // 8)] = 1  # some common ground
    pids: list[int] = []
    sids: list[int] = []
    votes: list[int] = []
    truth: dict[int, int] = {}
    ids = rng.permutation(np.arange(1000, 1000 + participants + light_voters) * 3)
    for i in range(participants + light_voters):
        pid = int(ids[i])
        camp = i % groups
        truth[pid] = camp
        light = i >= participants
        n_seen = int(rng.integers(1, 4)) if light else max(7, round(seen * statements))
        for s in rng.choice(statements, size=min(n_seen, statements), replace=False):
            draw = rng.random()
            if draw < pass_rate:
                vote = 0
            elif draw < pass_rate + noise:
                vote = -int(stance[camp, s])
            else:
                vote = int(stance[camp, s])
            pids.append(pid)
            sids.append(int(s) * 7 + 100)
            votes.append(vote)
    return GeneratedVotes(pids, sids, votes, truth)
