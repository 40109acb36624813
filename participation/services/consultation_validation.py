"""The one place that knows what a valid question and a valid answer are.

Both the response form (pages) and the API call ``answers_clean``; both question editors
call ``question_config_clean``. Errors are field-precise: ``answers.q3`` for a question,
``answers.q3.noise`` for a row of a matrix or an option of a budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from civic.errors import ValidationFailed
from participation.models import ConsultationQuestion, QuestionKind

CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}
OPTION_KINDS = {
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.RANKING,
    QuestionKind.MATRIX,
    QuestionKind.BUDGET,
}
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MAX_OPTIONS = 50


def options_from_labels(labels: Iterable[str], *, prefix: str = "o") -> list[dict[str, str]]:
    """Options with generated stable keys, from labels (one per line in the page editor)."""
    return [
        {"key": f"{prefix}{index}", "label": label.strip()}
        for index, label in enumerate((lb for lb in labels if lb.strip()), start=1)
    ]


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,12}", value.strip()):
        return int(value.strip())
    return None


def _clean_options(
    raw: Any, field: str, errors: dict[str, list[str]], *, minimum: int = 2
) -> list[dict[str, str]]:
    if not isinstance(raw, list) or not all(isinstance(o, dict) for o in raw):
        errors[field] = [_("Give a list of options, each with a key and a label.")]
        return []
    options = [
        {"key": str(o.get("key", "")).strip(), "label": str(o.get("label", "")).strip()}
        for o in raw
    ]
    if not minimum <= len(options) <= MAX_OPTIONS:
        errors[field] = [
            _("Give between %(min)s and %(max)s options.") % {"min": minimum, "max": MAX_OPTIONS}
        ]
    keys = [o["key"] for o in options]
    if any(not _KEY.match(k) for k in keys):
        errors.setdefault(field, []).append(
            _("Option keys use lower-case letters, digits, - and _ (up to 40).")
        )
    if len(set(keys)) != len(keys):
        errors.setdefault(field, []).append(_("Option keys must be different."))
    if any(not o["label"] or len(o["label"]) > 300 for o in options):
        errors.setdefault(field, []).append(_("Every option needs a label (up to 300 characters)."))
    return options


def question_config_clean(*, kind: str, config: Any) -> dict[str, Any]:
    """The checked settings of a question of ``kind``; raises ValidationFailed."""
    errors: dict[str, list[str]] = {}
    if not isinstance(config, dict):
        raise ValidationFailed(
            _("The settings are not valid."), errors={"config": [_("Give an object.")]}
        )
    out: dict[str, Any] = {}
    if kind in OPTION_KINDS:
        out["options"] = _clean_options(config.get("options"), "config.options", errors)
    n_options = len(out.get("options", []))
    if kind == QuestionKind.MULTIPLE:
        low = _int(config.get("min", 0))
        high = _int(config.get("max", n_options))
        if low is None or high is None or not 0 <= low <= high <= max(n_options, 1):
            errors["config.max"] = [
                _("Choose a minimum and maximum between 0 and the number of options.")
            ]
        out["min"], out["max"] = low or 0, high if high is not None else n_options
    elif kind == QuestionKind.RANKING:
        ranked = config.get("max_ranked")
        if ranked not in (None, ""):
            value = _int(ranked)
            if value is None or not 1 <= value <= n_options:
                errors["config.max_ranked"] = [_("Rank between 1 and all of the options.")]
            out["max_ranked"] = value
    elif kind == QuestionKind.RATING:
        low, high = _int(config.get("min", 1)), _int(config.get("max", 5))
        if low is None or high is None or not (0 <= low < high <= 10):
            errors["config.max"] = [_("A scale runs from 0 or more up to 10 at most.")]
        out["min"], out["max"] = low, high
        out["min_label"] = str(config.get("min_label", ""))[:100]
        out["max_label"] = str(config.get("max_label", ""))[:100]
    elif kind == QuestionKind.NUMBER:
        out["integer"] = bool(config.get("integer", True))
        for bound in ("min", "max"):
            raw = config.get(bound)
            if raw in (None, ""):
                out[bound] = None
                continue
            try:
                out[bound] = float(Decimal(str(raw)))
            except InvalidOperation:
                errors[f"config.{bound}"] = [_("Enter a number.")]
        if out.get("min") is not None and out.get("max") is not None and out["min"] > out["max"]:
            errors["config.max"] = [_("The maximum must not be below the minimum.")]
    elif kind in TEXT_KINDS:
        limit = 500 if kind == QuestionKind.SHORT_TEXT else 20_000
        default = 200 if kind == QuestionKind.SHORT_TEXT else 5000
        value = _int(config.get("max_length", default))
        if value is None or not 1 <= value <= limit:
            errors["config.max_length"] = [
                _("The length limit is between 1 and %(limit)s.") % {"limit": limit}
            ]
        out["max_length"] = value or default
    elif kind == QuestionKind.MATRIX:
        out["rows"] = _clean_options(config.get("rows"), "config.rows", errors, minimum=1)
    elif kind == QuestionKind.BUDGET:
        total = _int(config.get("total"))
        if total is None or not 1 <= total <= 10**12:
            errors["config.total"] = [_("Give the amount to spread, a whole number above 0.")]
        out["total"] = total
        out["must_spend_all"] = bool(config.get("must_spend_all", False))
        out["unit"] = str(config.get("unit", ""))[:20]
    elif kind not in QuestionKind.values:
        errors["kind"] = [_("Unknown question kind.")]
    if errors:
        raise ValidationFailed(_("The question's settings are not valid."), errors=errors)
    return out


def structure_of(question: ConsultationQuestion) -> dict[str, Any]:
    """What may not change once responses exist: everything except wording."""
    config = dict(question.config)
    for listing in ("options", "rows"):
        if listing in config:
            config[listing] = [o["key"] for o in config[listing]]
    for label in ("min_label", "max_label"):
        config.pop(label, None)
    return {
        "kind": question.kind,
        "required": question.required,
        "config": config,
        "condition_question": question.condition_question_id,
        "condition_values": sorted(question.condition_values or []),
    }


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def answer_includes(question: ConsultationQuestion, value: Any, keys: Iterable[str]) -> bool:
    wanted = set(keys)
    if isinstance(value, list):
        return bool(wanted & {str(v) for v in value})
    return str(value) in wanted


def _keys(question: ConsultationQuestion, listing: str = "options") -> list[str]:
    return [o["key"] for o in question.config.get(listing, [])]


def _clean_one(
    q: ConsultationQuestion, value: Any, field: str, errors: dict[str, list[str]]
) -> Any:
    config = q.config
    kind = q.kind

    def fail(message: str, sub: str | None = None) -> None:
        errors.setdefault(f"{field}.{sub}" if sub else field, []).append(message)

    if kind == QuestionKind.SINGLE:
        if not isinstance(value, str) or value not in _keys(q):
            return fail(_("Choose one of the options."))
        return value
    if kind == QuestionKind.MULTIPLE:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(v not in _keys(q) for v in value):
            return fail(_("Choose from the options given."))
        if len(set(value)) != len(value):
            return fail(_("Choose each option at most once."))
        low, high = config.get("min", 0), config.get("max", len(_keys(q)))
        if not low <= len(value) <= high:
            return fail(
                _("Choose between %(min)s and %(max)s options.") % {"min": low, "max": high}
            )
        return [k for k in _keys(q) if k in value]
    if kind == QuestionKind.RANKING:
        if not isinstance(value, list) or any(v not in _keys(q) for v in value):
            return fail(_("Rank the options given."))
        if len(set(value)) != len(value):
            return fail(_("Give each option a different place."))
        needed = config.get("max_ranked") or len(_keys(q))
        if config.get("max_ranked") and not 1 <= len(value) <= needed:
            return fail(_("Rank up to %(count)s options.") % {"count": needed})
        if not config.get("max_ranked") and len(value) != needed:
            return fail(_("Put every option in a place."))
        return list(value)
    if kind == QuestionKind.RATING:
        number = _int(value)
        if number is None or not config["min"] <= number <= config["max"]:
            return fail(
                _("Choose a value from %(min)s to %(max)s.")
                % {"min": config["min"], "max": config["max"]}
            )
        return number
    if kind == QuestionKind.NUMBER:
        try:
            decimal = Decimal(str(value).strip())
        except InvalidOperation:
            return fail(_("Enter a decimal."))
        if not decimal.is_finite() or isinstance(value, bool):
            return fail(_("Enter a decimal."))
        if config.get("integer", True) and decimal != decimal.to_integral_value():
            return fail(_("Enter a whole decimal."))
        if config.get("min") is not None and decimal < Decimal(str(config["min"])):
            return fail(_("Enter %(min)s or more.") % {"min": config["min"]})
        if config.get("max") is not None and decimal > Decimal(str(config["max"])):
            return fail(_("Enter %(max)s or less.") % {"max": config["max"]})
        return int(decimal) if config.get("integer", True) else float(decimal)
    if kind in TEXT_KINDS:
        if not isinstance(value, str):
            return fail(_("Enter text."))
        text = value.strip().replace("\x00", "")
        if len(text) > config.get("max_length", 200):
            return fail(
                _("Write at most %(count)s characters (you wrote %(used)s).")
                % {"count": config.get("max_length", 200), "used": len(text)}
            )
        return text
    if kind == QuestionKind.MATRIX:
        if not isinstance(value, dict):
            return fail(_("Answer row by row."))
        rows, scale = _keys(q, "rows"), _keys(q)
        cleaned: dict[str, str] = {}
        for key, choice in value.items():
            if key not in rows:
                fail(_("There is no such row."), str(key))
            elif _empty(choice):
                continue
            elif choice not in scale:
                fail(_("Choose one of the options."), key)
            else:
                cleaned[key] = choice
        return {row: cleaned[row] for row in rows if row in cleaned}
    if kind == QuestionKind.BUDGET:
        if not isinstance(value, dict):
            return fail(_("Give an amount per option."))
        amounts: dict[str, int] = {}
        for key, amount in value.items():
            if key not in _keys(q):
                fail(_("There is no such option."), str(key))
                continue
            if _empty(amount):
                continue
            number = _int(amount)
            if number is None or number < 0:
                fail(_("Enter a whole amount of 0 or more."), key)
                continue
            amounts[key] = number
        spent, total = sum(amounts.values()), config["total"]
        if spent > total:
            fail(
                _("You spread %(spent)s, more than the %(total)s available.")
                % {"spent": spent, "total": total}
            )
        return {k: amounts[k] for k in _keys(q) if k in amounts}
    return fail(_("This question cannot be answered."))


def _complete(
    q: ConsultationQuestion, value: Any, field: str, errors: dict[str, list[str]]
) -> None:
    """Checks that apply to a finished response only (required rows, whole budget)."""
    if q.kind == QuestionKind.MATRIX and q.required:
        for row in _keys(q, "rows"):
            if row not in value:
                errors.setdefault(f"{field}.{row}", []).append(_("Answer this row."))
    spent = sum(value.values()) if q.kind == QuestionKind.BUDGET else 0
    if (
        q.kind == QuestionKind.BUDGET
        and q.config.get("must_spend_all")
        and spent != q.config["total"]
    ):
        errors.setdefault(field, []).append(
            _("Spread the whole amount of %(total)s.") % {"total": q.config["total"]}
        )


def question_visible(q: ConsultationQuestion, answers: dict[str, Any]) -> bool:
    """Conditional display: shown if the earlier answer includes one of the values."""
    if q.condition_question_id is None:
        return True
    earlier = answers.get(f"q{q.condition_question_id}")
    return not _empty(earlier) and answer_includes(q, earlier, q.condition_values)


def answers_clean(
    *, questions: Sequence[ConsultationQuestion], answers: Any, partial: bool = False
) -> dict[str, Any]:
    """Checked answers keyed ``q<id>``; answers to questions hidden by a condition are
    dropped. ``partial`` (a saved, unfinished response) skips completeness checks."""
    if not isinstance(answers, dict):
        raise ValidationFailed(
            _("The answers are not valid."), errors={"answers": [_("Give an object.")]}
        )
    errors: dict[str, list[str]] = {}
    known = {q.field_name for q in questions}
    for key in answers:
        if key not in known:
            errors[f"answers.{key}"] = [_("There is no such question in this consultation.")]
    cleaned: dict[str, Any] = {}
    for q in sorted(questions, key=lambda item: item.position):
        field = f"answers.{q.field_name}"
        if not question_visible(q, cleaned):
            continue
        value = answers.get(q.field_name)
        if _empty(value):
            if q.required and not partial:
                errors[field] = [_("This question needs an answer.")]
            continue
        result = _clean_one(q, value, field, errors)
        if result is None or _empty(result):
            if (
                q.required
                and not partial
                and field not in errors
                and not any(key.startswith(field + ".") for key in errors)
            ):
                errors[field] = [_("This question needs an answer.")]
            continue
        if not partial:
            _complete(q, result, field, errors)
        cleaned[q.field_name] = result
    if errors:
        raise ValidationFailed(_("Some answers need your attention."), errors=errors)
    return cleaned
