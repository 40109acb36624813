"""What is open to take part in, across the feature apps.

Each feature app registers a function that lists its open processes for a person (their
areas first); the home page and the API show the union, soonest closing first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class OpenProcess:
    kind: str
    title: str
    url: str
    organisation: str
    closes_at: datetime | None
    summary: str = ""


ProcessLister = Callable[[Any], list[OpenProcess]]
_listers: dict[str, ProcessLister] = {}


def register(kind: str, lister: ProcessLister) -> None:
    _listers[kind] = lister


def open_processes(*, user: Any) -> list[OpenProcess]:
    found = [process for lister in _listers.values() for process in lister(user)]
    return sorted(found, key=lambda p: (p.closes_at is None, p.closes_at or datetime.max, p.title))
