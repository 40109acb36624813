"""Fan an event out to the people who hear about it."""

from __future__ import annotations


def event_fanout(*, event_id: int) -> int:
    """Placeholder until delivery lands: events stay pending (the relay will pick them up)."""
    return 0
