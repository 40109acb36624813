"""Census import: residents the city knows, stored only as keyed hashes.

A file is checked whole before anything is written: either every row is applied, or the
import is recorded as rejected with the list of rows that failed and why.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.places.models import Area, CensusEntry, CensusImport, Organisation

REQUIRED_COLUMNS = ("identifier", "birth_year", "area")
MAX_REPORTED_ERRORS = 1000
_IDENTIFIER_CLEAN = re.compile(r"[\s\-./]")


def census_identifier_hash(*, organisation: Organisation, identifier: str) -> str:
    """Keyed hash of a normalised identifier. The key is not in the database, so a
    leaked table does not reveal who is on the census."""
    normalised = _IDENTIFIER_CLEAN.sub("", identifier).upper()
    message = f"{organisation.pk}:{normalised}".encode()
    return hmac.new(settings.CENSUS_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CensusRow:
    line: int
    identifier_hash: str
    birth_year: int
    area_id: int


def _error(line: int, field: str | None, message: str) -> dict[str, object]:
    return {"row": line, "field": field, "message": message}


def _read_text(file: IO[bytes]) -> tuple[str | None, list[dict[str, object]]]:
    raw = file.read(settings.CENSUS_MAX_UPLOAD_BYTES + 1)
    if len(raw) > settings.CENSUS_MAX_UPLOAD_BYTES:
        limit_mb = settings.CENSUS_MAX_UPLOAD_BYTES // (1024 * 1024)
        return None, [_error(0, "file", _("The file is larger than %(mb)s MB.") % {"mb": limit_mb})]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [_error(line, "file", _("The file is not UTF-8 text."))]


def census_rows_parse(
    *, organisation: Organisation, text: str
) -> tuple[list[CensusRow], list[dict[str, object]]]:
    """Check every row; return the good rows and the errors (row number, column, reason)."""
    if not text.strip():
        return [], [_error(0, "file", _("The file is empty."))]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [column.strip().lower() for column in next(reader, [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        return [], [
            _error(
                1,
                "file",
                _("Missing column(s): %(columns)s. Expected: %(expected)s.")
                % {"columns": ", ".join(missing), "expected": ", ".join(REQUIRED_COLUMNS)},
            )
        ]
    index = {column: header.index(column) for column in REQUIRED_COLUMNS}
    areas = dict(Area.objects.filter(organisation=organisation).values_list("code", "pk"))
    this_year = timezone.now().year
    rows: list[CensusRow] = []
    errors: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < len(header):
            errors.append(
                _error(
                    line,
                    None,
                    _("The row has %(found)s columns, the header %(expected)s.")
                    % {"found": len(record), "expected": len(header)},
                )
            )
            continue
        identifier = record[index["identifier"]].strip()
        year_text = record[index["birth_year"]].strip()
        area_code = record[index["area"]].strip()
        row_errors = []
        if not identifier:
            row_errors.append(_error(line, "identifier", _("The identifier is empty.")))
        elif len(identifier) > 64:
            row_errors.append(
                _error(line, "identifier", _("The identifier is longer than 64 characters."))
            )
        birth_year = int(year_text) if year_text.isdigit() else None
        if birth_year is None or not 1880 <= birth_year <= this_year:
            row_errors.append(
                _error(
                    line,
                    "birth_year",
                    _("'%(value)s' is not a birth year between 1880 and %(year)s.")
                    % {"value": year_text, "year": this_year},
                )
            )
        area_id = areas.get(area_code)
        if area_id is None:
            row_errors.append(
                _error(line, "area", _("Unknown area code '%(code)s'.") % {"code": area_code})
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        identifier_hash = census_identifier_hash(organisation=organisation, identifier=identifier)
        if identifier_hash in seen:
            errors.append(
                _error(
                    line,
                    "identifier",
                    _("The same identifier is already on row %(row)s.")
                    % {"row": seen[identifier_hash]},
                )
            )
            continue
        seen[identifier_hash] = line
        assert birth_year is not None and area_id is not None
        rows.append(CensusRow(line, identifier_hash, birth_year, area_id))
    if not rows and not errors:
        errors.append(_error(0, "file", _("The file has a header but no rows.")))
    return rows, errors


def census_import(
    *,
    actor: User,
    organisation: Organisation,
    file: IO[bytes],
    filename: str,
    mode: str = CensusImport.Mode.MERGE,
) -> CensusImport:
    """Apply a census file in full, or record it as rejected with its row errors."""
    if mode not in CensusImport.Mode.values:
        mode = CensusImport.Mode.MERGE
    text, errors = _read_text(file)
    rows: list[CensusRow] = []
    if text is not None:
        rows, errors = census_rows_parse(organisation=organisation, text=text)
    if errors:
        return CensusImport.objects.create(
            organisation=organisation,
            uploaded_by=actor,
            filename=filename[:255],
            mode=mode,
            status=CensusImport.Status.REJECTED,
            rows_total=len(rows) + len(errors),
            errors=errors[:MAX_REPORTED_ERRORS],
        )
    return _census_apply(
        actor=actor, organisation=organisation, rows=rows, filename=filename, mode=mode
    )


@transaction.atomic
def _census_apply(
    *, actor: User, organisation: Organisation, rows: list[CensusRow], filename: str, mode: str
) -> CensusImport:
    # One import per organisation at a time: the organisation row is the lock.
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    record = CensusImport.objects.create(
        organisation=organisation,
        uploaded_by=actor,
        filename=filename[:255],
        mode=mode,
        status=CensusImport.Status.APPLIED,
        rows_total=len(rows),
    )
    existing = {
        entry.identifier_hash: entry
        for entry in CensusEntry.objects.filter(organisation=organisation).only(
            "id", "identifier_hash", "birth_year", "area_id"
        )
    }
    to_create: list[CensusEntry] = []
    to_update: list[CensusEntry] = []
    for row in rows:
        entry = existing.get(row.identifier_hash)
        if entry is None:
            to_create.append(
                CensusEntry(
                    organisation=organisation,
                    identifier_hash=row.identifier_hash,
                    birth_year=row.birth_year,
                    area_id=row.area_id,
                    census_import=record,
                )
            )
        elif entry.birth_year != row.birth_year or entry.area_id != row.area_id:
            entry.birth_year, entry.area_id, entry.census_import = (
                row.birth_year,
                row.area_id,
                record,
            )
            to_update.append(entry)
    CensusEntry.objects.bulk_create(to_create, batch_size=2000)
    CensusEntry.objects.bulk_update(
        to_update, ["birth_year", "area", "census_import"], batch_size=2000
    )
    removed = 0
    if mode == CensusImport.Mode.REPLACE:
        keep = {row.identifier_hash for row in rows}
        stale = [entry.pk for hash_, entry in existing.items() if hash_ not in keep]
        for start in range(0, len(stale), 2000):
            removed += CensusEntry.objects.filter(pk__in=stale[start : start + 2000]).delete()[0]
    record.rows_created, record.rows_updated, record.rows_removed = (
        len(to_create),
        len(to_update),
        removed,
    )
    record.save(update_fields=["rows_created", "rows_updated", "rows_removed"])
    return record
