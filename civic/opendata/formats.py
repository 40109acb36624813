"""Writing a dataset's rows as CSV or JSON, a piece at a time (for streaming responses).

CSV: a header row of the field names, then one row per record; empty cell for no value,
``true``/``false`` for booleans, ISO dates, decimals with a dot. A text cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return, and not a number) gets an apostrophe in front, as the consultation export
does; ``csv_unescape`` undoes it.
JSON: one object with the dataset, its licence, its data dictionary and ``records`` (the
same values as the CSV: decimals as strings so that no digit is lost, dates as ISO text).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from civic.opendata.datasets import Field, Row

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_escape(text: str) -> str:
    if text[:1] in FORMULA_STARTS and not _is_number(text):
        return "'" + text
    return text


def csv_unescape(text: str) -> str:
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS and not _is_number(text[1:]):
        return text[1:]
    return text


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | int):
        return str(value)
    return csv_escape(str(value))


def json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Line:
    """A file-like object whose ``write`` hands back what it was given."""

    def write(self, value: str) -> str:
        return value


def csv_stream(fields: Iterable[Field], rows: Iterable[Row]) -> Iterator[str]:
    writer = csv.writer(_Line())
    names = [f.name for f in fields]
    yield writer.writerow(names)
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow([cell(row[name]) for name in names]))
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def json_stream(head: dict[str, Any], rows: Iterable[Row]) -> Iterator[str]:
    """``head`` with ``"records": [...]`` appended, written record by record."""
    opening = json.dumps(head, ensure_ascii=False, default=str)
    yield opening[:-1] + (', "records": [' if head else '"records": [')
    first = True
    batch: list[str] = []
    for row in rows:
        text = json.dumps({k: json_value(v) for k, v in row.items()}, ensure_ascii=False)
        batch.append(text if first else "," + text)
        first = False
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    batch.append("]}")
    yield "".join(batch)
