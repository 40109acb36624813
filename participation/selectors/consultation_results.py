"""Results of a consultation: counts, percentages, statistics and suppressed breakdowns.

Small-cell suppression: no breakdown cell (and no group total) under ``SMALL_CELL``
people is shown, and complementary cells are hidden too, so that no hidden cell can be
recovered by subtracting shown cells from a published total (row or column).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from civic.places.models import Area
from participation.models import (
    AgeBand,
    Consultation,
    ConsultationQuestion,
    ConsultationResponse,
    ConsultationTextAnswer,
    QuestionKind,
)
from participation.services.consultation_validation import TEXT_KINDS

SMALL_CELL = 5
UNKNOWN = "unknown"


def suppress_table(
    cells: Sequence[Sequence[int]], row_totals: Sequence[int], *, threshold: int = SMALL_CELL
) -> tuple[list[list[int | None]], list[int | None]]:
    """Hide every cell and row total under ``threshold``, then hide complementary cells.

    Published alongside are the column totals (the overall results) and the grand total,
    so: a hidden row total gets a second hidden row total beside it, and no row or column
    is left with exactly one hidden cell (it could be found by subtraction).
    """
    n_rows = len(cells)
    n_cols = len(cells[0]) if n_rows else 0
    hidden_rows = {i for i, total in enumerate(row_totals) if total < threshold}
    if len(hidden_rows) == 1 and n_rows > 1:
        hidden_rows.add(min((row_totals[i], i) for i in range(n_rows) if i not in hidden_rows)[1])
    hidden = {
        (i, j)
        for i in range(n_rows)
        for j in range(n_cols)
        if i in hidden_rows or cells[i][j] < threshold
    }
    changed = True
    while changed:
        changed = False
        for i in range(n_rows):
            row_hidden = [j for j in range(n_cols) if (i, j) in hidden]
            if len(row_hidden) == 1 and n_cols > 1:
                j = min((cells[i][j], j) for j in range(n_cols) if (i, j) not in hidden)[1]
                hidden.add((i, j))
                changed = True
        for j in range(n_cols):
            col_hidden = [i for i in range(n_rows) if (i, j) in hidden]
            if len(col_hidden) == 1 and n_rows > 1:
                i = min((cells[i][j], i) for i in range(n_rows) if (i, j) not in hidden)[1]
                hidden.add((i, j))
                changed = True
    shown_cells = [
        [None if (i, j) in hidden else cells[i][j] for j in range(n_cols)] for i in range(n_rows)
    ]
    shown_totals = [None if i in hidden_rows else row_totals[i] for i in range(n_rows)]
    return shown_cells, shown_totals


@dataclass
class OptionResult:
    key: str
    label: str
    count: int
    percent: float
    extra: float | None = None  # mean rank (ranking), amount (budget)


@dataclass
class BreakdownRow:
    key: str
    label: str
    total: int | None
    cells: list[int | None]


@dataclass
class Breakdown:
    dimension: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[BreakdownRow]

    @property
    def suppressed(self) -> bool:
        return any(r.total is None or None in r.cells for r in self.rows)


@dataclass
class QuestionResult:
    id: int
    position: int
    kind: str
    text: str
    answered: int
    options: list[OptionResult] = field(default_factory=list)
    rows: list[tuple[str, list[OptionResult]]] = field(default_factory=list)
    stats: dict[str, float | None] = field(default_factory=dict)
    breakdowns: list[Breakdown] = field(default_factory=list)
    texts: int = 0


@dataclass
class ConsultationResults:
    respondents: int
    questions: list[QuestionResult]
    participation: list[Breakdown]
    threshold: int = SMALL_CELL


def _pct(count: float, base: float) -> float:
    return round(100.0 * count / base, 1) if base else 0.0


def _options(question: ConsultationQuestion, listing: str = "options") -> list[tuple[str, str]]:
    return [(o["key"], o["label"]) for o in question.config.get(listing, [])]


def _scale(question: ConsultationQuestion) -> list[tuple[str, str]]:
    low, high = question.config.get("min", 1), question.config.get("max", 5)
    labels = {low: question.config.get("min_label", ""), high: question.config.get("max_label", "")}
    return [
        (str(v), f"{v} · {labels[v]}" if labels.get(v) else str(v)) for v in range(low, high + 1)
    ]


def _groups(consultation: Consultation) -> tuple[dict[int, str], list[tuple[str, str]]]:
    """Area id -> district key, and the district groups (the level below the city)."""
    organisation = consultation.organisation
    scope = [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])
    areas = list(Area.objects.filter(organisation_id__in=scope).order_by("path"))
    level = 1 if any(a.depth == 1 for a in areas) else 0
    by_id = {a.pk: a for a in areas}
    mapping: dict[int, str] = {}
    for area in areas:
        ancestors = area.ancestor_ids
        group = ancestors[level] if len(ancestors) > level else ancestors[-1]
        mapping[area.pk] = str(group)
    groups = [(str(a.pk), a.name) for a in areas if a.depth == level]
    del by_id
    return mapping, [*groups, (UNKNOWN, str(_("Area not known")))]


def _breakdown(
    dimension: str,
    title: str,
    groups: list[tuple[str, str]],
    columns: list[tuple[str, str]],
    per_group: dict[str, Counter[str]],
    group_totals: Counter[str],
) -> Breakdown:
    cells = [[per_group[g][c] for c, _label in columns] for g, _l in groups]
    totals = [group_totals[g] for g, _l in groups]
    shown, shown_totals = suppress_table(cells, totals)
    rows = [
        BreakdownRow(key, label, shown_totals[i], shown[i]) for i, (key, label) in enumerate(groups)
    ]
    return Breakdown(dimension, title, columns, rows)


def consultation_results(*, consultation: Consultation) -> ConsultationResults:
    """Every question's results, computed in one pass over the responses."""
    questions = list(consultation.questions.order_by("position", "id"))
    area_group, area_groups = _groups(consultation)
    age_groups = [(value, str(label)) for value, label in AgeBand.choices]
    dimensions = {
        "area": (str(_("By area")), area_groups),
        "age_band": (str(_("By age band")), age_groups),
    }
    respondents = 0
    answered: Counter[int] = Counter()
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    numbers: dict[int, list[float]] = defaultdict(list)
    sums: dict[int, Counter[str]] = defaultdict(Counter)
    rank_sums: dict[int, Counter[str]] = defaultdict(Counter)
    matrix: dict[int, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    per_group: dict[tuple[int, str], dict[str, Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    group_answered: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    people: dict[str, Counter[str]] = defaultdict(Counter)
    rows = ConsultationResponse.objects.filter(consultation=consultation).values_list(
        "answers", "area_id", "age_band"
    )
    for answers, area_id, age_band in rows.iterator(chunk_size=2000):
        respondents += 1
        group_of = {
            "area": area_group.get(area_id, UNKNOWN) if area_id else UNKNOWN,
            "age_band": age_band or UNKNOWN,
        }
        for dimension, group in group_of.items():
            people[dimension][group] += 1
        for q in questions:
            value = answers.get(q.field_name)
            if value in (None, "", [], {}):
                continue
            answered[q.pk] += 1
            chosen: list[str] = []
            if q.kind in (QuestionKind.SINGLE, QuestionKind.RATING):
                chosen = [str(value)]
            elif q.kind == QuestionKind.MULTIPLE:
                chosen = [str(v) for v in value]
            elif q.kind == QuestionKind.RANKING:
                counts[q.pk][str(value[0])] += 1
                for place, key in enumerate(value, start=1):
                    rank_sums[q.pk][key] += place
                    sums[q.pk][key] += 1
            elif q.kind == QuestionKind.NUMBER:
                numbers[q.pk].append(float(value))
            elif q.kind == QuestionKind.MATRIX:
                for row, choice in value.items():
                    matrix[q.pk][row][choice] += 1
            elif q.kind == QuestionKind.BUDGET:
                for key, amount in value.items():
                    sums[q.pk][key] += int(amount)
                    if amount:
                        counts[q.pk][key] += 1
            for key in chosen:
                counts[q.pk][key] += 1
            if chosen:
                for dimension, group in group_of.items():
                    group_answered[(q.pk, dimension)][group] += 1
                    for key in chosen:
                        per_group[(q.pk, dimension)][group][key] += 1

    results: list[QuestionResult] = []
    for q in questions:
        n = answered[q.pk]
        result = QuestionResult(q.pk, q.position, q.kind, q.text, n)
        columns: list[tuple[str, str]] = []
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            columns = _options(q)
        elif q.kind == QuestionKind.RATING:
            columns = _scale(q)
            values = [int(k) for k, c in counts[q.pk].items() for _i in range(c)]
            result.stats = {"mean": round(statistics.fmean(values), 2) if values else None}
        if columns:
            result.options = [
                OptionResult(key, label, counts[q.pk][key], _pct(counts[q.pk][key], n))
                for key, label in columns
            ]
            for dimension, (title, groups) in dimensions.items():
                result.breakdowns.append(
                    _breakdown(
                        dimension,
                        title,
                        groups,
                        columns,
                        per_group[(q.pk, dimension)],
                        group_answered[(q.pk, dimension)],
                    )
                )
        elif q.kind == QuestionKind.RANKING:
            result.options = [
                OptionResult(
                    key,
                    label,
                    counts[q.pk][key],
                    _pct(counts[q.pk][key], n),
                    round(rank_sums[q.pk][key] / sums[q.pk][key], 2) if sums[q.pk][key] else None,
                )
                for key, label in _options(q)
            ]
        elif q.kind == QuestionKind.BUDGET:
            spent = sum(sums[q.pk].values())
            result.options = [
                OptionResult(
                    key, label, counts[q.pk][key], _pct(sums[q.pk][key], spent), sums[q.pk][key]
                )
                for key, label in _options(q)
            ]
            result.stats = {
                "total": float(spent),
                "mean_per_person": round(spent / n, 2) if n else None,
            }
        elif q.kind == QuestionKind.MATRIX:
            for row, row_label in _options(q, "rows"):
                row_n = sum(matrix[q.pk][row].values())
                result.rows.append(
                    (
                        row_label,
                        [
                            OptionResult(
                                key,
                                label,
                                matrix[q.pk][row][key],
                                _pct(matrix[q.pk][row][key], row_n),
                            )
                            for key, label in _options(q)
                        ],
                    )
                )
        elif q.kind == QuestionKind.NUMBER:
            values_n = numbers[q.pk]
            result.stats = {
                "mean": round(statistics.fmean(values_n), 2) if values_n else None,
                "median": statistics.median(values_n) if values_n else None,
            }
        elif q.kind in TEXT_KINDS:
            result.texts = n
        results.append(result)

    participation = [
        _breakdown(
            dimension,
            title,
            groups,
            [("people", str(_("People")))],
            {g: Counter({"people": people[dimension][g]}) for g, _l in groups},
            people[dimension],
        )
        for dimension, (title, groups) in dimensions.items()
    ]
    return ConsultationResults(respondents, results, participation)


def text_answer_list(
    *, consultation: Consultation, show_hidden: bool = False
) -> QuerySet[ConsultationTextAnswer]:
    """Free-text answers, in a random but stable order (by random id), never by author."""
    answers = ConsultationTextAnswer.objects.filter(
        question__consultation=consultation
    ).select_related("question")
    if not show_hidden:
        answers = answers.filter(hidden=False)
    return answers.order_by("question__position", "id")


def results_as_data(results: ConsultationResults) -> dict[str, Any]:
    data = asdict(results)
    for question in data["questions"]:
        question["rows"] = [{"row": label, "options": opts} for label, opts in question["rows"]]
        for breakdown in question["breakdowns"]:
            breakdown["columns"] = [{"key": k, "label": v} for k, v in breakdown["columns"]]
    for breakdown in data["participation"]:
        breakdown["columns"] = [{"key": k, "label": v} for k, v in breakdown["columns"]]
    return data


def results_csv_rows(
    results: ConsultationResults, texts: Iterable[ConsultationTextAnswer]
) -> list[list[str]]:
    """One table: section, question, item, group, count, percent (empty = suppressed)."""
    out = [["section", "question", "item", "group", "count", "percent", "value"]]

    def cell(value: object) -> str:
        return "" if value is None else str(value)

    out.append(["respondents", "", "", "", str(results.respondents), "", ""])
    for b in results.participation:
        for row in b.rows:
            out.append([f"participation_{b.dimension}", "", "", row.label, cell(row.total), "", ""])
    for q in results.questions:
        title = f"{q.position}. {q.text}"
        for o in q.options:
            out.append(["result", title, o.label, "", str(o.count), str(o.percent), cell(o.extra)])
        for row_label, options in q.rows:
            for o in options:
                out.append(
                    [
                        "result",
                        title,
                        f"{row_label}: {o.label}",
                        "",
                        str(o.count),
                        str(o.percent),
                        "",
                    ]
                )
        for name, value in q.stats.items():
            out.append(["statistic", title, name, "", "", "", cell(value)])
        for b in q.breakdowns:
            for row in b.rows:
                out.append(
                    [
                        f"breakdown_{b.dimension}",
                        title,
                        "(total)",
                        row.label,
                        cell(row.total),
                        "",
                        "",
                    ]
                )
                for (_key, label), count in zip(b.columns, row.cells, strict=True):
                    out.append(
                        [f"breakdown_{b.dimension}", title, label, row.label, cell(count), "", ""]
                    )
    for text in texts:
        out.append(
            ["text", f"{text.question.position}. {text.question.text}", text.text, "", "", "", ""]
        )
    return out
