"""The pabulib ``.pb`` format (https://pabulib.org/format): export and import.

Export writes a closed budget's anonymised ballots (voters numbered 1..n in the random
order of the ballots' keys; no key, channel, receipt or roll data) with the published
selection, so that anyone can recount it; the file passes ``pabulib-checker``.
Import turns a ``.pb`` file into a closed round of an organisation, in one transaction:
a malformed file changes nothing and its error names the line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from budgeting.models import (
    Ballot,
    BallotChoice,
    BallotType,
    Budget,
    Channel,
    Item,
    Phase,
    Result,
    Round,
    Rule,
)
from budgeting.models.rounds import RESERVED_ROUND_SLUGS
from budgeting.services.results import budget_profile, result_compute, voting_closed
from budgeting.tally import PabulibError, Profile, parse_string, write_string
from civic.accounts.models import User
from civic.errors import Conflict, DomainError
from civic.places.models import Area, Organisation

#: Upper limit of an uploaded ``.pb`` file (the largest real instances are ~60 MB).
MAX_IMPORT_BYTES = 100 * 1024 * 1024

SMALLINT = 32767


class PabulibImportError(DomainError):
    """A ``.pb`` file that cannot be imported; ``line`` is 1-based (0: not one line)."""

    code = "pabulib_invalid"

    def __init__(self, line: int, message: str) -> None:
        text = (
            _("Line %(line)s: %(message)s") % {"line": line, "message": message}
            if line
            else message
        )
        super().__init__(text, field="file")
        self.line = line
        self.detail = message


# ----------------------------------------------------------------------------- export
def pabulib_rule(round_: Round, budget: Budget, *, customised: bool) -> tuple[str, str]:
    """The pabulib ``rule`` of a budget's count, and a comment when it is not a standard
    one (the checker verifies the standard rules exactly)."""
    approval = budget.ballot_type in (BallotType.APPROVAL, BallotType.KNAPSACK, BallotType.SINGLE)
    rule, completion = round_.rule, round_.completion or "none"
    if customised:
        if rule.startswith("greedy"):
            return "greedy-exclusive", (
                "#1: Proposals that cannot be built together: the later one was left out and "
                "the count repeated without it."
            )
        return "unknown", "#1: Incompatible proposals were left out and the count repeated."
    if rule == Rule.GREEDY_COST and approval:
        return "greedy", ""
    if rule == Rule.GREEDY_COST:
        return "greedy-custom", (
            "#1: Greedy by the number of ballots listing each project (not by points), "
            "skipping projects that do not fit."
        )
    if rule == Rule.GREEDY_NO_SKIP:
        return "greedy-no-skip", ""
    if rule == Rule.MES_COST and approval:
        known = {
            "none": "equalshares",
            "add1": "equalshares/add1",
            "add1-comparison": "equalshares/add1-comparison",
        }
        if completion in known:
            return known[completion], ""
    return "unknown", ""


def _date(value: datetime) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y")


def export_filename(budget: Budget) -> str:
    return f"{slugify(budget.round.slug)}_{slugify(budget.area.code)}.pb"


def pabulib_export(*, budget: Budget) -> str:
    """The ``.pb`` text of a closed budget (see the module docstring)."""
    budget = Budget.objects.select_related("round", "round__organisation", "area").get(pk=budget.pk)
    round_ = budget.round
    if not voting_closed(round_):
        raise Conflict(_("Ballots are exported once voting has closed."), code="voting_open")
    data = budget_profile(budget)
    ids = tuple(item.external_id or str(item.pk) for item in data.items)
    if len(set(ids)) != len(ids):
        ids = tuple(str(item.pk) for item in data.items)
    profile = dataclasses.replace(data.profile, project_ids=ids, meta={})
    result = Result.objects.filter(budget=budget).first()
    if result is not None and (result.published_at is not None or round_.imported):
        chosen = set(result.lines.filter(selected=True).values_list("item_id", flat=True))
        selected = [ids[k] for k, item in enumerate(data.items) if item.pk in chosen]
        customised = bool(result.explanation.get("dropped"))
        rule, comment = pabulib_rule(round_, budget, customised=customised)
    else:
        selected, rule, comment = [], "unknown", ""
    meta: dict[str, str] = {
        "description": f"{round_.title}: {budget.name}",
        "country": getattr(settings, "PB_EXPORT_COUNTRY", "Worldwide"),
        "unit": round_.organisation.name,
        "instance": str(timezone.localtime(round_.voting_close).year),
        "rule": rule,
        "date_begin": _date(round_.voting_open),
        "date_end": _date(round_.voting_close),
    }
    has_paper = bool(data.paper_votes)
    if budget.min_items and not has_paper:
        meta["min_length"] = str(budget.min_items)
    if budget.ballot_type == BallotType.SINGLE:
        meta["max_length"] = "1"
    elif budget.ballot_type == BallotType.RANKING:
        meta["max_length"] = str(budget.rank_top)
    elif budget.max_items:
        meta["max_length"] = str(budget.max_items)
    if budget.ballot_type == BallotType.KNAPSACK:
        meta["max_sum_cost"] = _plain(budget.amount)
    if budget.ballot_type == BallotType.CUMULATIVE:
        meta["max_points"] = str(budget.points_max_per_item)
        meta["max_sum_points"] = str(budget.points_total)
    language = (settings.LANGUAGE_CODE or "en")[:2]
    meta["language"] = language
    meta["currency"] = round_.currency
    if sum(profile.costs) <= profile.budget:
        meta["fully_funded"] = "1"
    if has_paper:
        comment = (comment + " " if comment else "#1: ") + (
            "Paper ballots were counted per project; each paper vote is one "
            "single-project ballot at the end of VOTES."
        )
    if comment:
        meta["comment"] = comment
    return write_string(profile, selected, meta=meta, project_fields=("name",))


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


@dataclass(frozen=True)
class CheckReport:
    errors: dict[str, Any]
    warnings: dict[str, Any]

    @property
    def ok(self) -> bool:
        return not self.errors


def pabulib_check(text: str) -> CheckReport:
    """Run ``pabulib-checker`` on a file's text (it prints; its output is swallowed)."""
    from pabulib.checker import Checker

    with contextlib.redirect_stdout(io.StringIO()):
        report = Checker().process_files([text])
    files = [v for k, v in report.items() if k not in ("metadata", "summary")]
    outcome = files[0]["results"] if files else {}
    if isinstance(outcome, str):  # "File looks correct!"
        return CheckReport(errors={}, warnings={})
    return CheckReport(
        errors=dict(outcome.get("errors", {})), warnings=dict(outcome.get("warnings", {}))
    )


# ----------------------------------------------------------------------------- import
RULES_FROM_FILE = {
    "greedy": (Rule.GREEDY_COST, ""),
    "greedy-threshold": (Rule.GREEDY_COST, ""),
    "greedy-no-skip": (Rule.GREEDY_NO_SKIP, ""),
    "equalshares": (Rule.MES_COST, "none"),
    "equalshares/add1": (Rule.MES_COST, "add1"),
    "equalshares/add1-comparison": (Rule.MES_COST, "add1-comparison"),
    "equalshares-comparison": (Rule.MES_COST, "none"),
}

BALLOT_TYPES = {
    "approval": BallotType.APPROVAL,
    "choose-1": BallotType.SINGLE,
    "cumulative": BallotType.CUMULATIVE,
    "scoring": BallotType.CUMULATIVE,
    "ordinal": BallotType.RANKING,
}


def decode_upload(data: bytes) -> str:
    import gzip

    if len(data) > MAX_IMPORT_BYTES:
        raise PabulibImportError(
            0, _("The file is larger than %(mb)s MB.") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except OSError:
            raise PabulibImportError(0, _("The file is not a valid gzip file.")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PabulibImportError(line, _("the file is not valid UTF-8 text")) from None


def _meta_date(value: str | None) -> datetime | None:
    if not value:
        return None
    for fmt in ("%d.%m.%Y", "%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _meta_int(meta: dict[str, str], key: str) -> int | None:
    raw = meta.get(key, "").strip()
    if not raw:
        return None
    try:
        return int(Fraction(raw.replace(",", ".")))
    except (ValueError, ZeroDivisionError):
        return None


def _money(value: Fraction, line: int, what: str) -> Decimal:
    try:
        amount = Decimal(value.numerator) / Decimal(value.denominator)
        exact = amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise PabulibImportError(line, _("%(what)s is too large") % {"what": what}) from None
    if Fraction(exact) != value or exact >= Decimal(10) ** 12:
        raise PabulibImportError(
            line, _("%(what)s must be an amount with at most two decimals") % {"what": what}
        )
    return exact


def _lines_of(text: str) -> tuple[dict[str, int], dict[str, int], list[int]]:
    """Line numbers of META keys, PROJECTS ids and VOTES rows (for error messages)."""
    meta: dict[str, int] = {}
    projects: dict[str, int] = {}
    votes: list[int] = []
    section = ""
    header_seen = False
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        lowered = line.rstrip(";").strip().lower()
        if lowered in ("meta", "projects", "votes"):
            section, header_seen = lowered, False
            continue
        if not header_seen:
            header_seen = True
            continue
        key = line.split(";", 1)[0].strip()
        if section == "meta":
            meta[key] = number
        elif section == "projects":
            projects[key] = number
        elif section == "votes":
            votes.append(number)
    return meta, projects, votes


def _unique_slug(base: str) -> str:
    slug = slugify(base)[:60] or "imported-round"
    candidate, n = slug, 1
    while candidate in RESERVED_ROUND_SLUGS or Round.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


@transaction.atomic
def pabulib_import(
    *,
    actor: User | None,
    organisation: Organisation,
    area: Area,
    text: str,
    title: str = "",
    compute: bool = True,
) -> Round:
    """Import a ``.pb`` file as a closed round with one budget for ``area``.

    All or nothing: any problem raises :class:`PabulibImportError` (with the line) and
    rolls everything back.
    """
    if area.organisation_id != organisation.pk:
        raise DomainError(_("Choose an area of this organisation."), field="area")
    try:
        profile = parse_string(text)
    except PabulibError as error:
        raise PabulibImportError(error.line, error.message) from None
    meta_lines, project_lines, vote_lines = _lines_of(text)
    meta = profile.meta
    budget_line = meta_lines.get("budget", 0)
    amount = _money(profile.budget, budget_line, _("The budget"))
    if profile.num_projects == 0:
        raise PabulibImportError(0, _("the file lists no projects"))
    if profile.points_scale != 1:
        raise PabulibImportError(0, _("points with decimals are not supported; use whole points"))
    if profile.points is not None and len(profile.points) and int(profile.points.min()) < 1:
        bad = int((profile.points < 1).argmax())
        voter = int((profile.indptr <= bad).sum()) - 1
        line = vote_lines[voter] if voter < len(vote_lines) else 0
        raise PabulibImportError(line, _("every listed project needs at least one point"))

    begin = _meta_date(meta.get("date_begin"))
    end = _meta_date(meta.get("date_end"))
    now = timezone.now()
    voting_close = (end + timedelta(days=1)) if end else now - timedelta(days=1)
    voting_open = begin if begin and begin < voting_close else voting_close - timedelta(days=14)
    if voting_close > now:
        voting_close = now - timedelta(minutes=1)
        voting_open = min(voting_open, voting_close - timedelta(days=1))
    rule, completion = RULES_FROM_FILE.get(meta.get("rule", "").strip(), (Rule.GREEDY_COST, ""))
    if profile.vote_type not in ("approval", "choose-1") and rule == Rule.MES_COST:
        rule, completion = Rule.MES_ADDITIVE, completion
    unit = meta.get("unit", "").strip()
    instance = meta.get("instance", "").strip()
    subunit = (meta.get("subunit") or meta.get("district") or "").strip()
    name = title.strip() or " ".join(p for p in (unit, subunit, instance) if p) or _("Imported")
    round_ = Round.objects.create(
        organisation=organisation,
        title=name[:200],
        slug=_unique_slug(f"pb-{name}"),
        description=meta.get("description", "")[:2000],
        currency=(meta.get("currency", "") or "EUR").strip()[:3].upper(),
        total_budget=amount,
        phase=Phase.RESULTS,
        rule=rule,
        completion=completion or "add1",
        proposals_open=voting_open - timedelta(days=90),
        proposals_close=voting_open - timedelta(days=60),
        assessment_open=voting_open - timedelta(days=60),
        assessment_close=voting_open - timedelta(days=1),
        voting_open=voting_open,
        voting_close=voting_close,
        results_at=voting_close,
        created_by=actor,
        imported=True,
    )
    if not completion:
        round_.completion = ""
        round_.save(update_fields=["completion"])
    ballot_type = BALLOT_TYPES[profile.vote_type]
    if ballot_type == BallotType.APPROVAL and meta.get("max_sum_cost", "").strip():
        ballot_type = BallotType.KNAPSACK
    lengths = profile.indptr[1:] - profile.indptr[:-1]
    longest = int(lengths.max()) if len(lengths) else 1
    min_items = min(_meta_int(meta, "min_length") or 0, SMALLINT)
    max_items = _meta_int(meta, "max_length")
    if max_items is not None:
        max_items = max(min(max_items, SMALLINT), min_items)
    per_ballot_points = 0
    top_points = 1
    if profile.points is not None and len(profile.points):
        sums = [
            int(profile.points[a:b].sum())
            for a, b in zip(profile.indptr[:-1].tolist(), profile.indptr[1:].tolist(), strict=True)
        ]
        per_ballot_points = max(sums, default=0)
        top_points = int(profile.points.max())
    points_total = min(_meta_int(meta, "max_sum_points") or max(per_ballot_points, 10), SMALLINT)
    points_max = min(_meta_int(meta, "max_points") or top_points, points_total)
    budget = Budget.objects.create(
        round=round_,
        area=area,
        name=(subunit or area.name)[:200],
        amount=amount,
        ballot_type=ballot_type,
        min_items=min_items,
        max_items=max_items,
        points_total=max(points_total, 1),
        points_max_per_item=max(points_max, 1),
        rank_top=min(max_items or longest or 1, SMALLINT),
    )
    items: list[Item] = []
    for j, pid in enumerate(profile.project_ids):
        pm = profile.project_meta[j] if profile.project_meta else {}
        line = project_lines.get(pid, 0)
        if len(pid) > 64:
            raise PabulibImportError(line, _("project ids may have at most 64 characters"))
        latitude, longitude = (
            _coordinate(pm.get("latitude"), 90),
            _coordinate(pm.get("longitude"), 180),
        )
        items.append(
            Item(
                round=round_,
                budget=budget,
                title=(pm.get("name") or _("Project %(id)s") % {"id": pid})[:160],
                description=pm.get("description", ""),
                estimated_cost=_money(profile.costs[j], line, _("The cost")),
                latitude=latitude if longitude is not None else None,
                longitude=longitude if latitude is not None else None,
                on_ballot=True,
                external_id=pid,
            )
        )
    Item.objects.bulk_create(items)
    items = list(Item.objects.filter(budget=budget).order_by("pk"))
    _ballots(profile, budget, items)
    if compute:
        result_compute(actor=actor, budget=budget)
    return round_


def _coordinate(raw: str | None, limit: int) -> Decimal | None:
    if not raw:
        return None
    try:
        value = Decimal(raw.strip().replace(",", ".")).quantize(Decimal("0.000001"))
    except InvalidOperation:
        return None
    return value if -limit <= value <= limit else None


def _ballots(profile: Profile, budget: Budget, items: list[Item]) -> None:
    """Store the file's ballots (no link to anyone: random keys, no receipt)."""
    ordinal = profile.vote_type == "ordinal"
    indptr = profile.indptr.tolist()
    indices = profile.indices.tolist()
    points = profile.points.tolist() if profile.points is not None else None
    chunk = 2000
    for start in range(0, profile.num_voters, chunk):
        stop = min(start + chunk, profile.num_voters)
        ballots = [
            Ballot(
                budget=budget,
                voter_key=secrets.token_hex(32),
                receipt_hash=secrets.token_hex(32),
                channel=Channel.WEB,
            )
            for _v in range(start, stop)
        ]
        Ballot.objects.bulk_create(ballots)
        choices = []
        for ballot, v in zip(ballots, range(start, stop), strict=True):
            for position, k in enumerate(range(indptr[v], indptr[v + 1])):
                choices.append(
                    BallotChoice(
                        ballot=ballot,
                        item=items[indices[k]],
                        points=points[k] if points is not None else 1,
                        rank=position + 1 if ordinal else None,
                    )
                )
        BallotChoice.objects.bulk_create(choices, batch_size=5000)


def profile_content(profile: Profile) -> dict[str, Any]:
    """What two files must share to hold the same election: projects with costs, budget,
    ballot type and the multiset of ballots (voter ids and order aside)."""
    ballots = []
    ids = profile.project_ids
    for v in range(profile.num_voters):
        a, b = int(profile.indptr[v]), int(profile.indptr[v + 1])
        entries = [ids[j] for j in profile.indices[a:b].tolist()]
        pts = profile.points[a:b].tolist() if profile.points is not None else None
        if profile.vote_type == "ordinal":
            ballots.append(tuple(entries))
        elif pts is not None:
            ballots.append(tuple(sorted(zip(entries, pts, strict=True))))
        else:
            ballots.append(tuple(sorted(entries)))
    return {
        "projects": sorted(zip(ids, profile.costs, strict=True)),
        "budget": profile.budget,
        "vote_type": "cumulative" if profile.vote_type == "scoring" else profile.vote_type,
        "ballots": sorted(ballots),
    }
