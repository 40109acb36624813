"""``{% load sdg %}``: goal names in the current language, e.g. ``{{ 11|sdg_short }}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from civic.sdg.goals import goal_short, goal_title, is_goal_number, sdg_goals

register = template.Library()


@register.filter
def sdg_title(number: Any) -> str:
    return goal_title(number, get_language())


@register.filter
def sdg_short(number: Any) -> str:
    return goal_short(number, get_language())


@register.simple_tag
def sdg_choices() -> list[tuple[int, str]]:
    """(number, "11. Sustainable cities & communities") for a goal filter's options."""
    language = get_language()
    return [(goal.number, f"{goal.number}. {goal.short(language)}") for goal in sdg_goals()]


@register.filter
def sdg_known(values: Any) -> list[int]:
    """Only the entries of a tag list that are goal numbers (1 to 17)."""
    return [value for value in values or [] if is_goal_number(value)]
