"""The result of a rule: selected projects in order, with per-step explanations."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


@dataclass(frozen=True)
class Step:
    """One decision of a rule about one project.

    ``action`` is ``selected`` or ``skipped``; ``reason`` says why in words a results
    page can show (e.g. "does not fit: costs 120000, 80000 left"). Rule-specific
    figures are in ``data``: for Equal Shares ``rho`` (the price per unit of
    satisfaction), ``price`` (what a supporter with satisfaction 1 pays),
    ``full_payers`` / ``capped_payers`` (supporters paying the full price / all they
    had left) and ``capped_paid``; for greedy the ``score``; for Phragmén the ``load``.
    """

    project: str
    action: str
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    """Selected project ids in selection order, with the steps that led there."""

    selected: list[str]
    cost: Fraction
    steps: list[Step] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "selected": list(self.selected),
            "cost": _num(self.cost),
            "steps": [
                {
                    "project": s.project,
                    "action": s.action,
                    "reason": s.reason,
                    **{k: _num(v) for k, v in s.data.items()},
                }
                for s in self.steps
            ],
            **{k: _num(v) for k, v in self.details.items()},
        }


def _num(value: Any) -> Any:
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value
