"""The 17 Sustainable Development Goals and their 169 targets, as read-only data.

The official United Nations texts in English and Simplified Chinese are loaded once from
``civic/sdg/data/`` (see ``data/SOURCES.md`` for where they come from and under which
licence). Nothing here touches the database: callers may use it at import time, in
validation, in reports and in templates.

    sdg_goals()                  -> the 17 goals in order
    sdg_goal(11)                 -> Goal 11 (KeyError-free: None for an unknown number)
    sdg_targets(11)              -> the targets of goal 11 in official order (11.1 ... 11.c)
    sdg_target("11.3")           -> one target, or None
    goal_title(11, "zh-hans")    -> the goal's title in that language (English fallback)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
GOAL_NUMBERS: tuple[int, ...] = tuple(range(1, 18))
# The languages the data holds; any other language code falls back to English.
DATA_LANGUAGES: tuple[str, ...] = ("en", "zh-hans")
_TARGET_CODE = re.compile(r"^(?P<goal>[1-9]|1[0-7])\.(?P<part>[1-9]|1[0-9]|[a-d])$")


@dataclass(frozen=True, slots=True)
class Target:
    """One global target, e.g. ``11.3``; ``code`` is the official dotted code."""

    code: str
    goal: int
    title_en: str
    title_zh_hans: str

    def title(self, language: str | None = None) -> str:
        return self.title_zh_hans if _is_chinese(language) else self.title_en


@dataclass(frozen=True, slots=True)
class Goal:
    """One of the 17 goals: number, short name and full title in each language."""

    number: int
    short_en: str
    title_en: str
    short_zh_hans: str
    title_zh_hans: str
    targets: tuple[Target, ...]

    @property
    def code(self) -> str:
        return str(self.number)

    def short(self, language: str | None = None) -> str:
        return self.short_zh_hans if _is_chinese(language) else self.short_en

    def title(self, language: str | None = None) -> str:
        return self.title_zh_hans if _is_chinese(language) else self.title_en


def _is_chinese(language: str | None) -> bool:
    return bool(language) and str(language).lower().replace("_", "-").startswith("zh")


def _load(name: str) -> dict[str, dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return {str(key): value for key, value in data.items()}


def _target_sort_key(code: str) -> tuple[int, int, str]:
    goal, part = code.split(".")
    # Numbered targets (11.1 ... 11.7) come before the means of implementation (11.a ...).
    return (int(goal), 0, f"{int(part):03d}") if part.isdigit() else (int(goal), 1, part)


@cache
def _catalogue() -> tuple[Goal, ...]:
    goals_en = _load("global_goals.en.yml")
    goals_zh = _load("global_goals.zh-Hans.yml")
    targets_en = _load("global_targets.en.yml")
    targets_zh = _load("global_targets.zh-Hans.yml")
    by_goal: dict[int, list[Target]] = {number: [] for number in GOAL_NUMBERS}
    for key, value in targets_en.items():
        code = key.replace("-", ".")
        goal = int(code.split(".")[0])
        by_goal[goal].append(
            Target(
                code=code,
                goal=goal,
                title_en=value["title"],
                title_zh_hans=targets_zh[key]["title"],
            )
        )
    goals = []
    for number in GOAL_NUMBERS:
        key = str(number)
        targets = sorted(by_goal[number], key=lambda target: _target_sort_key(target.code))
        goals.append(
            Goal(
                number=number,
                short_en=goals_en[key]["short"],
                title_en=goals_en[key]["title"],
                short_zh_hans=goals_zh[key]["short"],
                title_zh_hans=goals_zh[key]["title"],
                targets=tuple(targets),
            )
        )
    return tuple(goals)


@cache
def _targets_by_code() -> dict[str, Target]:
    return {target.code: target for goal in _catalogue() for target in goal.targets}


def sdg_goals() -> list[Goal]:
    """The 17 goals, in order."""
    return list(_catalogue())


def sdg_goal(number: int | str) -> Goal | None:
    """Goal ``number`` (1-17), or None if there is no such goal."""
    try:
        value = int(number)
    except (TypeError, ValueError):
        return None
    if value not in GOAL_NUMBERS:
        return None
    return _catalogue()[value - 1]


def sdg_targets(goal: int | str | Goal) -> list[Target]:
    """The targets of one goal in official order; empty for an unknown goal."""
    found = goal if isinstance(goal, Goal) else sdg_goal(goal)
    return list(found.targets) if found else []


def sdg_target(code: str) -> Target | None:
    """A target by its official code (``"11.3"``, ``"11.a"``; ``"11-3"`` is accepted too)."""
    normalised = str(code).strip().lower().replace("-", ".")
    if not _TARGET_CODE.match(normalised):
        return None
    return _targets_by_code().get(normalised)


def is_goal_number(value: object) -> bool:
    """True for an int (not a bool) from 1 to 17."""
    return isinstance(value, int) and not isinstance(value, bool) and value in GOAL_NUMBERS


def goal_title(number: int | str, language: str | None = None) -> str:
    """The goal's full title in ``language`` (``en``, ``zh-hans``; others fall back to English).

    Returns an empty string for an unknown goal number.
    """
    goal = sdg_goal(number)
    return goal.title(language) if goal else ""


def goal_short(number: int | str, language: str | None = None) -> str:
    """The goal's short name ("Sustainable cities & communities") in ``language``."""
    goal = sdg_goal(number)
    return goal.short(language) if goal else ""
