"""The one check that SDG tags name real goals and targets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from civic.errors import ValidationFailed
from civic.sdg.goals import is_goal_number, sdg_target


def sdg_goals_clean(values: Iterable[Any] | None, *, field: str = "sdg_goals") -> list[int]:
    """Goal numbers as a sorted list without repeats; ``ValidationFailed`` if any is not a
    goal (1 to 17; booleans and strings are not goal numbers)."""
    goals = list(values or [])
    if any(not is_goal_number(value) for value in goals):
        raise ValidationFailed(
            _("SDG goals are numbers from 1 to 17."),
            errors={field: [_("SDG goals are numbers from 1 to 17.")]},
        )
    return sorted(set(goals))


def sdg_target_clean(code: str, *, goal: int, field: str = "global_target") -> str:
    """A global target code of ``goal`` in its official form ("11.2"), or "" for none."""
    text = str(code or "").strip()
    if not text:
        return ""
    target = sdg_target(text)
    if target is None or target.goal != goal:
        message = _("Choose one of goal %(goal)s's targets, e.g. %(goal)s.1.") % {"goal": goal}
        raise ValidationFailed(message, errors={field: [message]})
    return target.code
