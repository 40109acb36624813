"""Reading and writing the pabulib ``.pb`` format (https://pabulib.org/format).

The parser reads the header row of each section, so optional columns may come in any
order; every problem is reported as a :class:`PabulibError` carrying the 1-based line
number, so that an import form can point at the offending line.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import os
import re
from collections.abc import Iterable, Sequence
from fractions import Fraction
from math import lcm

import numpy as np

from budgeting.tally.profile import VOTE_TYPES, IntArray, Profile

SECTIONS = ("meta", "projects", "votes")
_PLAIN_NUMBER = re.compile(r"0|[1-9][0-9]{0,17}")


class PabulibError(ValueError):
    """A malformed pabulib file; ``line`` is 1-based (0 when not tied to a line)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message


def _number(text: str, line: int, what: str) -> Fraction:
    value = text.strip().replace(",", ".")
    try:
        return Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise PabulibError(line, f"{what} is not a number: {text!r}") from None


def _rows(lines: list[str], first_line: int) -> list[tuple[int, list[str]]]:
    """The non-blank rows of some lines with their 1-based line numbers.

    Plain lines are split directly; a chunk with quotes goes through :mod:`csv`.
    """
    if any('"' in line for line in lines):
        out = []
        reader = csv.reader(lines, delimiter=";")
        for row in reader:
            if row and any(f.strip() for f in row):
                out.append((first_line + reader.line_num - 1, row))
        return out
    return [
        (first_line + k, line.split(";"))
        for k, line in enumerate(lines)
        if line and not line.isspace()
    ]


_SECTION = re.compile(r"^[ \t]*(meta|projects|votes)[ \t;]*$", re.IGNORECASE | re.MULTILINE)


def _sections(text: str) -> dict[str, tuple[int, list[str]]]:
    """Split the file into its sections: name -> (line number of the header, lines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    marks: list[tuple[str, int, int, int]] = []  # name, line, start, end offsets
    for match in _SECTION.finditer(text):
        name = match.group(1).lower()
        line = text.count("\n", 0, match.start()) + 1
        if any(name == seen for seen, *_ in marks):
            raise PabulibError(line, f"section {name.upper()} appears twice")
        marks.append((name, line, match.start(), match.end()))
    if not marks:
        raise PabulibError(1, "no META, PROJECTS or VOTES section")
    if text[: marks[0][2]].strip():
        line = len(text[: marks[0][2]].lstrip("\n").split("\n", 1)[0]) and (
            text.count("\n", 0, len(text[: marks[0][2]]) - len(text[: marks[0][2]].lstrip())) + 1
        )
        raise PabulibError(line, "expected a section header (META, PROJECTS or VOTES)")
    out: dict[str, tuple[int, list[str]]] = {}
    for i, (name, line, _, end) in enumerate(marks):
        stop = marks[i + 1][2] if i + 1 < len(marks) else len(text)
        chunk = text[end + 1 : stop] if end < len(text) else ""
        out[name] = (line + 1, chunk.split("\n"))
    for name in SECTIONS:
        if name not in out:
            raise PabulibError(0, f"missing {name.upper()} section")
    return out


def _header_and_rows(
    name: str, first_line: int, lines: list[str]
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    rows = _rows(lines, first_line)
    if not rows:
        raise PabulibError(first_line - 1, f"{name.upper()} section has no header row")
    header = [h.strip() for h in rows[0][1]]
    return header, rows[1:]


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of a ``.pb`` or gzip-compressed ``.pb.gz`` file."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PabulibError(line, "file is not valid UTF-8") from None


def parse_file(path: str | os.PathLike[str]) -> Profile:
    """Parse a ``.pb`` (or ``.pb.gz``) file."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return parse_bytes(data)


def parse_bytes(data: bytes) -> Profile:
    """Parse the bytes (UTF-8) of a pabulib file into a :class:`Profile`.

    The VOTES section of a well-formed file is read in bulk with NumPy (no Python object
    per row); anything unusual (quotes, blank or ragged rows, spaces around ids, unknown
    projects, ...) sends the whole file through the line-by-line parser, which reports
    the exact line of any error.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    fast = _parse_fast(data)
    if fast is not None:
        return fast
    return _parse_text(_decode(data))


def parse_string(text: str) -> Profile:
    """Parse the text of a pabulib file into a :class:`Profile`."""
    fast = _parse_fast(text.encode("utf-8"))
    if fast is not None:
        return fast
    return _parse_text(text)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PabulibError(line, "file is not valid UTF-8") from None


_VOTES_B = re.compile(rb"^[ \t]*votes[ \t;]*$", re.IGNORECASE | re.MULTILINE)


def _parse_fast(data: bytes) -> Profile | None:
    """The bulk parser; None when the file needs the line-by-line parser."""
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
        if b"\r" in data:
            return None
    votes = _VOTES_B.search(data)  # the line-by-line parser checks what comes before
    if votes is None:
        return None
    votes_end = votes.end()
    header_end = data.find(b"\n", votes_end + 1)
    if header_end < 0:
        return None
    try:
        head = data[:header_end].decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not data[votes_end + 1 : header_end].strip():
        return None  # blank line where the VOTES header should be
    base = _parse_text(head + "\n")  # META, PROJECTS and the VOTES header, no ballots
    header = [h.strip() for h in data[votes_end + 1 : header_end].decode().split(";")]
    body = data[header_end + 1 :].rstrip(b" \t\n")
    if not body or b'"' in body:
        return None
    buf = np.frombuffer(body, dtype=np.uint8)
    width = len(header)
    newlines = np.flatnonzero(buf == 10)
    semis = np.flatnonzero(buf == 59)
    n = len(newlines) + 1
    line_end = np.append(newlines, len(buf))
    line_start = np.concatenate(([0], newlines + 1))
    if width > 1:
        if len(semis) != n * (width - 1):
            return None
        per_line = np.bincount(np.searchsorted(newlines, semis), minlength=n)
        if (per_line != width - 1).any():
            return None
        semi_grid = semis.reshape(n, width - 1)
    else:
        if len(semis):
            return None
        semi_grid = np.zeros((n, 0), dtype=np.int64)

    def column(c: int) -> tuple[IntArray, IntArray]:
        start = line_start if c == 0 else semi_grid[:, c - 1] + 1
        end = line_end if c == width - 1 else semi_grid[:, c]
        return start, end

    def joined(start: IntArray, end: IntArray, sep: bytes) -> tuple[bytes, IntArray]:
        """The fields ``start:end`` of every row; the non-empty ones joined by ``sep``.

        Each field is taken with the byte that ends it (``;`` or a newline), found by a
        running sum over +1 at field starts and -1 after field ends.
        """
        length = end - start
        keep = length > 0
        delta = np.zeros(len(buf) + 2, dtype=np.int8)
        delta[start[keep]] = 1
        delta[end[keep] + 1] = -1
        mask = np.cumsum(delta[: len(buf)], dtype=np.int8).view(np.bool_)
        out = buf[mask].tobytes()
        out = out.replace(b";", sep).replace(b"\n", sep)
        return (out[:-1] if out.endswith(sep) else out), length

    if "voter_id" not in header or "vote" not in header:
        return None
    col_points = header.index("points") if "points" in header else -1
    vs, ve = column(header.index("voter_id"))
    id_blob, id_len = joined(vs, ve, b"\n")
    if (id_len == 0).any() or b" " in id_blob or b"\t" in id_blob:
        return None
    voter_ids = id_blob.decode("utf-8").split("\n")
    if len(set(voter_ids)) != n:
        return None
    s, e = column(header.index("vote"))
    vote_blob, vote_len = joined(s, e, b",")
    commas = np.flatnonzero(buf == 44)
    counts = np.searchsorted(commas, e) - np.searchsorted(commas, s) + (vote_len > 0)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    indices = _numbered(vote_blob, base.project_ids)
    if indices is None:
        try:
            tokens = vote_blob.split(b",") if vote_blob else []
            index = {pid.encode(): j for j, pid in enumerate(base.project_ids)}
            indices = np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        except KeyError:
            return None  # e.g. "none", spaces around ids, unknown projects
    if len(indices) != indptr[-1]:
        return None
    points_arr = None
    if col_points >= 0 and base.vote_type in ("cumulative", "scoring"):
        s, e = column(col_points)
        pts_blob, pts_len = joined(s, e, b",")
        pcounts = np.searchsorted(commas, e) - np.searchsorted(commas, s) + (pts_len > 0)
        if not np.array_equal(pcounts, counts) or not pts_blob.isascii():
            return None
        try:
            points_arr = np.array(pts_blob.decode().split(","), dtype=np.int64)
        except ValueError:
            return None  # decimal points
        if len(points_arr) and points_arr.min() < 0:
            return None
    try:
        _check_ballots(indptr, indices, base.vote_type, [0] * n)
    except PabulibError:
        return None
    return Profile(
        project_ids=base.project_ids,
        costs=base.costs,
        budget=base.budget,
        vote_type=base.vote_type,
        indptr=indptr,
        indices=indices,
        points=points_arr,
        points_scale=1,
        meta=base.meta,
        project_meta=base.project_meta,
        voter_ids=tuple(voter_ids),
    )


def _numbered(blob: bytes, project_ids: Sequence[str]) -> IntArray | None:
    """The project index of each comma-separated id in ``blob``, read as numbers when
    every project id is a plain decimal number (most files); None otherwise, or when a
    token is not one of them (the caller then looks the tokens up one by one)."""
    if not blob or not project_ids:
        return None
    if not all(_PLAIN_NUMBER.fullmatch(pid) for pid in project_ids):
        return None
    ids = np.array([int(pid) for pid in project_ids], dtype=np.int64)
    if ids.max() >= 2**24:
        return None  # the table below would be too large
    buf = np.frombuffer(blob, dtype=np.uint8)
    comma = buf == 44
    if not (((buf - 48) < 10) | comma).all():
        return None
    ends = np.append(np.flatnonzero(comma), len(buf))
    length = np.diff(ends, prepend=-1) - 1
    widest = int(length.max())
    if length.min() < 1 or widest > len(str(int(ids.max()))):
        return None  # an empty token, or a number larger than every id
    if ((length > 1) & (buf[ends - length] == 48)).any():
        return None  # a leading zero: not how any project id is written
    # each token's digits from the last: a few gathers, one per digit place
    numbers = np.zeros(len(ends), dtype=np.int64)
    for place in range(widest):
        digit = buf[np.maximum(ends - 1 - place, 0)].astype(np.int64) - 48
        numbers += np.where(length > place, digit, 0) * 10**place
    if numbers.max() > ids.max():
        return None  # an id that is no project
    table = np.full(int(ids.max()) + 1, -1, dtype=np.int64)
    table[ids] = np.arange(len(ids), dtype=np.int64)
    indices = table[numbers]
    if (indices < 0).any():
        return None  # an id that is no project
    return indices


def _parse_text(text: str) -> Profile:
    sections = _sections(text)

    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    _, rows = _header_and_rows("meta", *sections["meta"])
    for line, row in rows:
        if len(row) < 2:
            raise PabulibError(line, "META row needs a key and a value")
        meta[row[0].strip()] = ";".join(row[1:]).strip()
        meta_lines[row[0].strip()] = line
    if "budget" not in meta:
        raise PabulibError(sections["meta"][0] - 1, "META has no budget")
    budget = _number(meta["budget"], meta_lines["budget"], "budget")
    vote_type = meta.get("vote_type", "").strip()
    if vote_type not in VOTE_TYPES:
        raise PabulibError(
            meta_lines.get("vote_type", sections["meta"][0] - 1),
            f"META vote_type must be one of {', '.join(VOTE_TYPES)}, got {vote_type!r}",
        )

    project_ids: list[str] = []
    costs: list[Fraction] = []
    project_meta: list[dict[str, str]] = []
    index: dict[str, int] = {}
    header, rows = _header_and_rows("projects", *sections["projects"])
    if "project_id" not in header or "cost" not in header:
        raise PabulibError(sections["projects"][0], "PROJECTS header needs project_id and cost")
    for line, row in rows:
        if len(row) != len(header):
            raise PabulibError(
                line, f"PROJECTS row has {len(row)} fields, header has {len(header)}"
            )
        record = {h: v.strip() for h, v in zip(header, row, strict=True)}
        pid = record["project_id"]
        if not pid:
            raise PabulibError(line, "empty project_id")
        if pid in index:
            raise PabulibError(line, f"duplicate project_id {pid!r}")
        cost = _number(record["cost"], line, "cost")
        if cost < 0:
            raise PabulibError(line, f"negative cost for project {pid!r}")
        index[pid] = len(project_ids)
        project_ids.append(pid)
        costs.append(cost)
        project_meta.append(record)

    first_line, lines = sections["votes"]
    if any('"' in line for line in lines):
        header, rows = _header_and_rows("votes", first_line, lines)
        keep = max_split = -1
    else:  # fast path: split only the columns needed
        numbered = [(first_line + k, ln) for k, ln in enumerate(lines) if ln and not ln.isspace()]
        if not numbered:
            raise PabulibError(first_line - 1, "VOTES section has no header row")
        header = [h.strip() for h in numbered[0][1].split(";")]
        keep = 1
    if "voter_id" not in header or "vote" not in header:
        raise PabulibError(sections["votes"][0], "VOTES header needs voter_id and vote")
    col_voter = header.index("voter_id")
    col_vote = header.index("vote")
    col_points = header.index("points") if "points" in header else -1
    if vote_type in ("cumulative", "scoring") and col_points < 0:
        raise PabulibError(sections["votes"][0], f"{vote_type} ballots need a points column")
    width = len(header)
    if keep == 1:
        body = numbered[1:]
        seps = width - 1
        for line, text_line in body:
            if text_line.count(";") != seps:
                raise PabulibError(
                    line, f"VOTES row has {text_line.count(';') + 1} fields, header has {width}"
                )
        max_split = max(col_voter, col_vote, col_points) + 1
        rows = [(line, text_line.split(";", max_split)) for line, text_line in body]
    if keep != 1:
        for line, row in rows:
            if len(row) != width:
                raise PabulibError(line, f"VOTES row has {len(row)} fields, header has {width}")
    vote_lines = [line for line, _ in rows]
    voter_ids = [row[col_voter].strip() for _, row in rows]
    if len(set(voter_ids)) != len(voter_ids):
        seen: set[str] = set()
        for line, vid in zip(vote_lines, voter_ids, strict=True):
            if vid in seen:
                raise PabulibError(line, f"duplicate voter_id {vid!r}")
            seen.add(vid)
    vote_strs = [row[col_vote] for _, row in rows]
    indptr, indices = _ballots(vote_strs, vote_lines, index, vote_type)
    points_arr = None
    scale = 1
    if vote_type in ("cumulative", "scoring"):
        point_strs = [row[col_points] for _, row in rows]
        points_arr, scale = _points(point_strs, vote_lines, indptr)
    return Profile(
        project_ids=tuple(project_ids),
        costs=tuple(costs),
        budget=budget,
        vote_type=vote_type,
        indptr=indptr,
        indices=indices,
        points=points_arr,
        points_scale=scale,
        meta=meta,
        project_meta=tuple(project_meta),
        voter_ids=tuple(voter_ids),
    )


def _split(text: str) -> list[str]:
    text = text.strip()
    if text.lower() in ("", "none"):
        return []
    return [item.strip() for item in text.split(",")]


def _ballots(
    vote_strs: list[str], lines: list[int], index: dict[str, int], vote_type: str
) -> tuple[IntArray, IntArray]:
    stripped = [v.strip() for v in vote_strs]
    lengths = np.fromiter(
        (v.count(",") + 1 if v and v.lower() != "none" else 0 for v in stripped),
        dtype=np.int64,
        count=len(stripped),
    )
    indptr = np.zeros(len(stripped) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    flat = ",".join(v for v, n in zip(stripped, lengths.tolist(), strict=True) if n).split(",")
    if not indptr[-1]:
        flat = []
    get = index.get
    indices = np.fromiter((get(pid, -1) for pid in flat), dtype=np.int64, count=len(flat))
    missing = np.flatnonzero(indices < 0)
    for k in missing.tolist():  # tolerate spaces around ids
        indices[k] = get(flat[k].strip(), -1)
    bad = np.flatnonzero(indices < 0)
    if len(bad):
        k = int(bad[0])
        v = int(np.searchsorted(indptr, k, side="right")) - 1
        raise PabulibError(lines[v], f"vote for unknown project {flat[k].strip()!r}")
    _check_ballots(indptr, indices, vote_type, lines)
    return indptr, indices


def _check_ballots(indptr: IntArray, indices: IntArray, vote_type: str, lines: list[int]) -> None:
    """choose-1 ballots list one project; no ballot lists a project twice."""
    lengths = np.diff(indptr)
    if vote_type == "choose-1" and len(lengths) and lengths.max() > 1:
        v = int(np.argmax(lengths > 1))
        raise PabulibError(lines[v], "choose-1 ballot lists more than one project")
    if len(indices) and lengths.max() > 1:
        voter = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        m = int(indices.max()) + 1
        key = np.sort(voter * m + indices)
        dup = np.diff(key) == 0
        if dup.any():
            v = int(key[int(np.argmax(dup))] // m)
            raise PabulibError(lines[v], "a project appears twice in one vote")


def _points(point_strs: list[str], lines: list[int], indptr: IntArray) -> tuple[IntArray, int]:
    per_voter = [_split(p) for p in point_strs]
    for v, pts in enumerate(per_voter):
        if len(pts) != indptr[v + 1] - indptr[v]:
            raise PabulibError(
                lines[v], f"{int(indptr[v + 1] - indptr[v])} projects but {len(pts)} points"
            )
    flat = [p for pts in per_voter for p in pts]
    try:
        ints = [int(p) for p in flat]
        scale = 1
    except ValueError:
        values: list[Fraction] = []
        for k, p in enumerate(flat):
            try:
                values.append(Fraction(p.replace(",", ".")))
            except (ValueError, ZeroDivisionError):
                v = int(np.searchsorted(indptr, k, side="right")) - 1
                raise PabulibError(lines[v], f"points value is not a number: {p!r}") from None
        scale = lcm(1, *{x.denominator for x in values})
        ints = [int(x * scale) for x in values]
    arr = np.asarray(ints, dtype=np.int64)
    if len(arr) and arr.min() < 0:
        k = int(np.argmax(arr < 0))
        v = int(np.searchsorted(indptr, k, side="right")) - 1
        raise PabulibError(lines[v], "negative points are not supported")
    return arr, scale


# --------------------------------------------------------------------- writer
def _fmt_number(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    as_float = float(value)
    if Fraction(repr(as_float)) == value:
        return repr(as_float)
    raise ValueError(f"{value} has no finite decimal form")


def _clean(value: str) -> str:
    return value.replace(";", ",").replace("\n", " ").replace("\r", " ").strip()


#: META keys the pabulib-checker requires in every file.
REQUIRED_META = ("description", "country", "unit", "instance", "date_begin", "date_end")


def write_string(
    profile: Profile,
    selected: Iterable[str] = (),
    *,
    meta: dict[str, str] | None = None,
    project_fields: Sequence[str] = ("name",),
) -> str:
    """The pabulib text of a profile, anonymised (voter ids are 1..n), with a
    ``selected`` column marking ``selected`` projects and ``votes``/``score`` columns
    recomputed from the ballots. ``meta`` overrides or adds META entries (``rule``,
    ``description``, ...).
    """
    chosen = set(selected)
    unknown = chosen - set(profile.project_ids)
    if unknown:
        raise ValueError(f"selected projects not in the profile: {sorted(unknown)}")
    info = {
        "description": "",
        "country": "",
        "unit": "",
        "instance": "",
        "num_projects": str(profile.num_projects),
        "num_votes": str(profile.num_voters),
        "budget": _fmt_number(profile.budget),
        "vote_type": profile.vote_type,
        "rule": "unknown",
    }
    for key, value in profile.meta.items():
        if key not in ("num_projects", "num_votes", "budget", "vote_type"):
            info[key] = value
    info.update(meta or {})
    missing = [k for k in REQUIRED_META if not info.get(k, "").strip()]
    if missing:
        raise ValueError(f"META needs {', '.join(missing)} (pabulib-checker requires them)")
    lines = ["META", "key;value"]
    lines += [f"{k};{_clean(v)}" for k, v in info.items()]

    votes = profile.approvals
    has_score = profile.vote_type in ("cumulative", "scoring", "ordinal")
    score = profile.scores(profile.city_utility()) if has_score else None
    extra = [
        f for f in project_fields if f != "name" and any(f in pm for pm in profile.project_meta)
    ]
    header = ["project_id", "cost", "votes"] + (["score"] if has_score else []) + ["name"] + extra
    header.append("selected")
    lines += ["PROJECTS", ";".join(header)]
    for j, pid in enumerate(profile.project_ids):
        fields = [_clean(pid), _fmt_number(profile.costs[j]), str(int(votes[j]))]
        if score is not None:
            fields.append(_fmt_points(int(score[j]), profile.points_scale))
        pm = profile.project_meta[j] if profile.project_meta else {}
        fields.append(_clean(pm.get("name", "")) or _clean(pid))
        fields += [_clean(pm.get(f, "")) for f in extra]
        fields.append("1" if pid in chosen else "0")
        lines.append(";".join(fields))

    has_points = profile.points is not None
    lines += ["VOTES", "voter_id;vote" + (";points" if has_points else "")]
    ids = profile.project_ids
    for v in range(profile.num_voters):
        a, b = int(profile.indptr[v]), int(profile.indptr[v + 1])
        row = f"{v + 1};" + ",".join(ids[j] for j in profile.indices[a:b].tolist())
        if has_points and profile.points is not None:
            row += ";" + ",".join(
                _fmt_points(int(p), profile.points_scale) for p in profile.points[a:b].tolist()
            )
        lines.append(row)
    return "\n".join(lines) + "\n"


def _fmt_points(value: int, scale: int) -> str:
    return _fmt_number(Fraction(value, scale))
