"""Geometry of the server-rendered SVG charts (the templates draw them; tables carry data)."""

from __future__ import annotations

from dataclasses import dataclass

from civic.statistics.selectors.statistics import Breakdown

CHART_WIDTH = 600
CHART_HEIGHT = 160
LABEL_BAND = 24


@dataclass
class Bar:
    key: str
    label: str
    value: int | None
    percent: float  # of the largest value, for a bar inside a table row


@dataclass
class Column:
    label: str
    value: int | None
    x: float
    y: float
    width: float
    height: float
    label_x: float


def bars(breakdown: Breakdown) -> list[Bar]:
    largest = breakdown.largest or 1
    return [
        Bar(f.key, f.label, f.value, round(100.0 * (f.value or 0) / largest, 1))
        for f in breakdown.rows
    ]


def columns(breakdown: Breakdown) -> list[Column]:
    """A column chart of a series (months): one column per row, suppressed ones left empty."""
    n = max(len(breakdown.rows), 1)
    slot = CHART_WIDTH / n
    largest = breakdown.largest or 1
    usable = CHART_HEIGHT - LABEL_BAND - 16
    out = []
    for i, f in enumerate(breakdown.rows):
        height = usable * (f.value or 0) / largest
        out.append(
            Column(
                label=f.label,
                value=f.value,
                x=round(i * slot + slot * 0.15, 1),
                y=round(CHART_HEIGHT - LABEL_BAND - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label_x=round(i * slot + slot / 2, 1),
            )
        )
    return out
