"""The worked example of the dialogue math design note (a fixture; copied, not read).

A agree, D disagree, P pass, . not voted. Participants p0..p12, statements s0..s7.
"""

from __future__ import annotations

MATRIX = """
      s0 s1 s2 s3 s4 s5 s6 s7
p0    A  A  A  D  D  A  A  P
p1    A  A  .  D  D  A  A  A
p2    A  A  A  D  P  A  A  D
p3    A  P  A  D  D  A  .  P
p4    A  A  A  .  D  A  A  A
p5    A  A  A  D  D  A  A  D
p6    D  D  D  A  A  A  A  P
p7    D  D  .  A  A  A  A  A
p8    D  D  D  A  A  A  P  D
p9    D  P  D  A  A  .  A  P
p10   D  D  D  A  .  A  A  A
p11   D  D  D  A  A  A  A  D
p12   A  .  .  .  .  .  .  .
"""

CODES = {"A": 1, "D": -1, "P": 0}


def worked_example_votes() -> tuple[list[str], list[str], list[int]]:
    """(participant ids, statement ids, votes) in reading order."""
    lines = [line.split() for line in MATRIX.strip().splitlines()]
    statements = lines[0]
    participants: list[str] = []
    columns: list[str] = []
    votes: list[int] = []
    for row in lines[1:]:
        for statement, cell in zip(statements, row[1:], strict=True):
            if cell != ".":
                participants.append(row[0])
                columns.append(statement)
                votes.append(CODES[cell])
    return participants, columns, votes
