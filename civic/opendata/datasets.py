"""The public datasets: what each holds (its data dictionary), which processes it covers
and the rows of one process.

Only what the platform already shows to everyone goes here, and only once it is final
enough to be shown: no draft process of any organisation, no hidden or pending
contribution, no person (no author, voter, assessor, pseudonym or internal note). Rows are
plain Python values (int, str, bool, Decimal, date, None); ``civic.opendata.formats``
writes them as CSV or JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from budgeting.models import (
    PHASE_ORDER,
    Budget,
    Item,
    ItemStatus,
    Milestone,
    Phase,
    Project,
    Result,
    ResultLine,
    Round,
)
from participation.models import (
    Consultation,
    ConsultationStatus,
    ContentStatus,
    Dialogue,
    DialoguePhase,
    Statement,
)

Row = dict[str, Any]


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # integer | decimal | string | boolean | date
    description: str | Promise


TYPE_LABELS: dict[str, Promise] = {
    "integer": _("integer"),
    "decimal": _("decimal number (a dot before the decimals)"),
    "string": _("text"),
    "boolean": _("true or false"),
    "date": _("date (YYYY-MM-DD)"),
}


@dataclass(frozen=True)
class Process:
    """One downloadable file of a dataset: a process of an organisation."""

    organisation_slug: str
    organisation_name: str
    slug: str
    title: str
    part: str = ""  # a budget's area code (ballots only)
    part_title: str = ""


class Dataset:
    key: str = ""
    title: str | Promise = ""
    description: str | Promise = ""
    fields: tuple[Field, ...] = ()
    formats: tuple[str, ...] = ("csv", "json")

    def processes(self) -> list[Process]:  # pragma: no cover - every dataset overrides it
        raise NotImplementedError

    def open(self, organisation_slug: str, slug: str) -> Export:  # pragma: no cover
        """The file of one process; raises ``Http404`` at once (not while streaming) if
        there is no such public process."""
        raise NotImplementedError


@dataclass
class Export:
    rows: Iterator[Row]
    title: str
    extra: dict[str, Any] = field(default_factory=dict)


# ------------------------------------------------------------------ public processes
def _round_public() -> Q:
    return ~Q(phase=Phase.DRAFT)


def _voting_closed() -> Q:
    """Rounds whose ballots may be published (``budgeting.services.results.voting_closed``)."""
    after = PHASE_ORDER[PHASE_ORDER.index(Phase.VOTING) + 1 :]
    return (
        Q(imported=True)
        | Q(phase__in=after)
        | Q(phase=Phase.VOTING, voting_close__lte=timezone.now())
    )


def _round(organisation_slug: str, slug: str) -> Round:
    found = (
        Round.objects.filter(_round_public(), organisation__slug=organisation_slug, slug=slug)
        .select_related("organisation")
        .first()
    )
    if found is None:
        raise Http404
    return found


def _pk(slug: str) -> int:
    if not slug.isdigit():
        raise Http404
    return int(slug)


def _date(value: Any) -> date | None:
    return timezone.localdate(value) if value is not None else None


# ------------------------------------------------------------------ consultation results
class ConsultationResults(Dataset):
    key = "consultation-results"
    title = _("Consultation results")
    description = _(
        "The results of every closed consultation, question by question, with the "
        "breakdowns by area and age band. A figure from fewer than five people is left "
        "empty, and so is any figure it could be worked out from. Free-text answers are "
        "left out: residents may have written personal details in them."
    )
    fields = (
        Field(
            "section",
            "string",
            _(
                "What the row is: respondents, participation_<dimension>, result, statistic "
                "or breakdown_<dimension>."
            ),
        ),
        Field("question", "string", _("The question, with its position.")),
        Field("item", "string", _("The option or statistic.")),
        Field("group", "string", _("The area or age band of a breakdown row.")),
        Field("count", "integer", _("How many people; empty when it is suppressed.")),
        Field("percent", "decimal", _("The share of the people who answered the question.")),
        Field("value", "decimal", _("The mean rank, the amount, or the statistic's value.")),
    )

    def _consultation(self, organisation_slug: str, slug: str) -> Consultation:
        found = (
            Consultation.objects.filter(
                organisation__slug=organisation_slug,
                pk=_pk(slug),
                status__in=[ConsultationStatus.CLOSED, ConsultationStatus.ANSWERED],
            )
            .select_related("organisation")
            .first()
        )
        if found is None:
            raise Http404
        return found

    def processes(self) -> list[Process]:
        consultations = (
            Consultation.objects.filter(
                status__in=[ConsultationStatus.CLOSED, ConsultationStatus.ANSWERED]
            )
            .select_related("organisation")
            .order_by("organisation__name", "-closes_at", "-pk")
        )
        return [
            Process(c.organisation.slug, c.organisation.name, str(c.pk), c.title)
            for c in consultations
        ]

    def open(self, organisation_slug: str, slug: str) -> Export:
        from participation.selectors.consultation_results import (
            consultation_results,
            results_as_data,
            results_csv_rows,
        )

        consultation = self._consultation(organisation_slug, slug)
        results = consultation_results(consultation=consultation)
        # No free-text answers in open data: they may hold what identifies a person.
        table = results_csv_rows(results, ())
        header = table[0]

        def rows() -> Iterator[Row]:
            for cells in table[1:]:
                raw = dict(zip(header, cells, strict=True))
                yield {
                    "section": raw["section"],
                    "question": raw["question"],
                    "item": raw["item"],
                    "group": raw["group"],
                    "count": int(raw["count"]) if raw["count"] else None,
                    "percent": Decimal(raw["percent"]) if raw["percent"] else None,
                    "value": Decimal(raw["value"]) if raw["value"] else None,
                }

        return Export(
            rows(),
            consultation.title,
            {
                "consultation": {"id": consultation.pk, "title": consultation.title},
                "results": results_as_data(results),
            },
        )


# ------------------------------------------------------------------ dialogue statements
class DialogueStatements(Dataset):
    key = "dialogue-statements"
    title = _("Dialogue statements and votes")
    description = _(
        "The published statements of every open dialogue, with how many people agreed, "
        "disagreed or passed. Who voted is never published."
    )
    fields = (
        Field("statement_id", "integer", _("The statement's number on the platform.")),
        Field("text", "string", _("The statement.")),
        Field(
            "origin",
            "string",
            _("Who wrote it: seed (organisers), participant, reply (promoted) or room."),
        ),
        Field("is_meta", "boolean", _("About the dialogue itself, not the topic.")),
        Field("created_on", "date", _("The day it was published.")),
        Field("agree", "integer", _("Votes to agree.")),
        Field("disagree", "integer", _("Votes to disagree.")),
        Field("pass", "integer", _("Votes to pass (unsure).")),
        Field("votes", "integer", _("All votes on the statement.")),
        Field(
            "response_outcome",
            "string",
            _("The city's response to it, if any: adopt, partly, study or decline."),
        ),
    )

    def processes(self) -> list[Process]:
        dialogues = (
            Dialogue.objects.exclude(phase=DialoguePhase.DRAFT)
            .select_related("organisation")
            .order_by("organisation__name", "-opens_at", "-pk")
        )
        return [
            Process(d.organisation.slug, d.organisation.name, str(d.pk), d.question)
            for d in dialogues
        ]

    def open(self, organisation_slug: str, slug: str) -> Export:
        dialogue = (
            Dialogue.objects.exclude(phase=DialoguePhase.DRAFT)
            .filter(organisation__slug=organisation_slug, pk=_pk(slug))
            .first()
        )
        if dialogue is None:
            raise Http404
        statements = (
            Statement.objects.filter(dialogue=dialogue, status=ContentStatus.PUBLISHED)
            .annotate(
                n_agree=Count("votes", filter=Q(votes__value=1)),
                n_disagree=Count("votes", filter=Q(votes__value=-1)),
                n_pass=Count("votes", filter=Q(votes__value=0)),
            )
            .values_list(
                "pk",
                "text",
                "origin",
                "is_meta",
                "created_at",
                "n_agree",
                "n_disagree",
                "n_pass",
                "response__outcome",
            )
            .order_by("pk")
        )
        rows = (
            {
                "statement_id": pk,
                "text": text,
                "origin": origin,
                "is_meta": is_meta,
                "created_on": _date(created_at),
                "agree": agree,
                "disagree": disagree,
                "pass": passed,
                "votes": agree + disagree + passed,
                "response_outcome": outcome or "",
            }
            for pk, text, origin, is_meta, created_at, agree, disagree, passed, outcome in (
                statements.iterator(chunk_size=2000)
            )
        )
        return Export(rows, dialogue.question)


# ------------------------------------------------------------------ budget items
class BudgetItems(Dataset):
    key = "budget-items"
    title = _("Participatory budgeting proposals")
    description = _(
        "Every proposal of a participatory budgeting round (withdrawn ones aside), with "
        "its cost and the outcome of its assessment. Authors are never published."
    )
    fields = (
        Field("item_id", "integer", _("The proposal's number on the platform.")),
        Field("budget", "string", _("The area budget it belongs to.")),
        Field("area_code", "string", _("The code of that budget's area.")),
        Field("title", "string", _("The proposal's title.")),
        Field("description", "string", _("What is proposed.")),
        Field("status", "string", _("submitted, or merged into another proposal.")),
        Field("merged_into", "integer", _("The proposal it was merged into, if any.")),
        Field("estimated_cost", "decimal", _("The cost its author estimated.")),
        Field("assessed_cost", "decimal", _("The cost the assessment set, if any.")),
        Field("cost", "decimal", _("The cost on the ballot: the assessed one if there is one.")),
        Field(
            "feasibility",
            "string",
            _("The assessment's outcome: pending, feasible or unfeasible."),
        ),
        Field("assessment_reason", "string", _("The assessment's public reason.")),
        Field("on_ballot", "boolean", _("Whether it was put on the ballot.")),
        Field("ballot_decision_reason", "string", _("Why it is (or is not) on the ballot.")),
        Field("supports", "integer", _("Supports it received in the supports phase.")),
        Field("latitude", "decimal", _("Where it would be built (WGS 84), if given.")),
        Field("longitude", "decimal", _("Where it would be built (WGS 84), if given.")),
    )

    def processes(self) -> list[Process]:
        rounds = (
            Round.objects.filter(_round_public())
            .select_related("organisation")
            .order_by("organisation__name", "-voting_open", "pk")
        )
        return [Process(r.organisation.slug, r.organisation.name, r.slug, r.title) for r in rounds]

    def open(self, organisation_slug: str, slug: str) -> Export:
        round_ = _round(organisation_slug, slug)
        return Export(self._rows(round_), round_.title)

    def _rows(self, round_: Round) -> Iterator[Row]:
        items = (
            Item.objects.filter(round=round_)
            .exclude(status=ItemStatus.WITHDRAWN)
            .values_list(
                "pk",
                "budget__name",
                "budget__area__code",
                "title",
                "description",
                "status",
                "merged_into_id",
                "estimated_cost",
                "assessment__cost_estimate",
                "assessment__feasibility",
                "assessment__reason",
                "on_ballot",
                "ballot_decision_reason",
                "support_count",
                "latitude",
                "longitude",
            )
            .order_by("budget__area__path", "pk")
        )
        for (
            pk,
            budget,
            area_code,
            title,
            description,
            status,
            merged_into,
            estimated,
            assessed,
            feasibility,
            reason,
            on_ballot,
            decision_reason,
            supports,
            latitude,
            longitude,
        ) in items.iterator(chunk_size=2000):
            yield {
                "item_id": pk,
                "budget": budget,
                "area_code": area_code,
                "title": title,
                "description": description,
                "status": status,
                "merged_into": merged_into,
                "estimated_cost": estimated,
                "assessed_cost": assessed,
                "cost": assessed if assessed is not None else estimated,
                "feasibility": feasibility or "pending",
                "assessment_reason": reason or "",
                "on_ballot": on_ballot,
                "ballot_decision_reason": decision_reason,
                "supports": supports,
                "latitude": latitude,
                "longitude": longitude,
            }


# ------------------------------------------------------------------ PB results
class BudgetResults(Dataset):
    key = "pb-results"
    title = _("Participatory budgeting results")
    description = _(
        "The published result of every area budget: votes per proposal, the counting "
        "rule, and which proposals won."
    )
    fields = (
        Field("budget", "string", _("The area budget.")),
        Field("area_code", "string", _("The code of that budget's area.")),
        Field("budget_amount", "decimal", _("The money the budget had.")),
        Field("rule", "string", _("The counting rule.")),
        Field("ballots_counted", "integer", _("How many ballots were counted.")),
        Field("item_id", "integer", _("The proposal's number on the platform.")),
        Field("title", "string", _("The proposal's title.")),
        Field("votes", "integer", _("Ballots that chose the proposal.")),
        Field("score", "decimal", _("Points or score under the rule.")),
        Field("cost", "decimal", _("The proposal's cost in the count.")),
        Field("selected", "boolean", _("Whether the proposal won (gets built).")),
        Field("position", "integer", _("Its place in the order of selection, if it won.")),
    )

    def _published(self) -> QuerySet[Round]:
        published = Result.objects.filter(budget__round=OuterRef("pk"), published_at__isnull=False)
        return Round.objects.filter(_round_public()).filter(Exists(published))

    def processes(self) -> list[Process]:
        rounds = self._published().select_related("organisation")
        return [
            Process(r.organisation.slug, r.organisation.name, r.slug, r.title)
            for r in rounds.order_by("organisation__name", "-voting_open", "pk")
        ]

    def open(self, organisation_slug: str, slug: str) -> Export:
        round_ = self._published().filter(organisation__slug=organisation_slug, slug=slug).first()
        if round_ is None:
            raise Http404
        return Export(self._rows(round_), round_.title)

    def _rows(self, round_: Round) -> Iterator[Row]:
        lines = (
            ResultLine.objects.filter(
                result__budget__round=round_, result__published_at__isnull=False
            )
            .values_list(
                "result__budget__name",
                "result__budget__area__code",
                "result__budget__amount",
                "result__rule",
                "result__ballots_counted",
                "item_id",
                "item__title",
                "votes",
                "score",
                "cost",
                "selected",
                "position",
            )
            .order_by("result__budget__area__path", "position", "-votes", "item_id")
        )
        keys = [f.name for f in self.fields]
        for values in lines.iterator(chunk_size=2000):
            yield dict(zip(keys, values, strict=True))


# ------------------------------------------------------------------ anonymised ballots
class Ballots(Dataset):
    key = "ballots"
    title = _("Anonymised ballots (pabulib)")
    description = _(
        "Every ballot of an area budget, once voting has closed, in the pabulib format "
        "(pabulib.org/format) so that anyone can recount it. Voters are numbered 1, 2, 3 "
        "in a random order; nothing links a ballot to a person."
    )
    formats = ("pb",)
    fields = (
        Field("META", "string", _("Section: the budget, the counting rule and the dates.")),
        Field("PROJECTS.project_id", "string", _("The proposal's identifier.")),
        Field("PROJECTS.cost", "integer", _("The proposal's cost.")),
        Field("PROJECTS.votes", "integer", _("Ballots that chose the proposal.")),
        Field("PROJECTS.selected", "integer", _("1 if the proposal won, else 0.")),
        Field("VOTES.voter_id", "integer", _("A number given to the ballot, not a person.")),
        Field("VOTES.vote", "string", _("The proposals the ballot chose, comma-separated.")),
        Field("VOTES.points", "string", _("Points or ranks, for points and ranking ballots.")),
    )

    def budgets(self) -> QuerySet[Budget]:
        return (
            Budget.objects.filter(round__in=Round.objects.filter(_round_public(), _voting_closed()))
            .select_related("round", "round__organisation", "area")
            .order_by("round__organisation__name", "-round__voting_open", "round__pk", "area__path")
        )

    def processes(self) -> list[Process]:
        return [
            Process(
                b.round.organisation.slug,
                b.round.organisation.name,
                b.round.slug,
                b.round.title,
                part=b.area.code,
                part_title=b.name,
            )
            for b in self.budgets()
        ]

    def budget(self, organisation_slug: str, slug: str, area_code: str) -> Budget:
        found = (
            self.budgets()
            .filter(
                round__organisation__slug=organisation_slug, round__slug=slug, area__code=area_code
            )
            .first()
        )
        if found is None:
            raise Http404
        return found

    def text(self, organisation_slug: str, slug: str, area_code: str) -> tuple[str, str]:
        from budgeting.services.pabulib_io import export_filename, pabulib_export

        budget = self.budget(organisation_slug, slug, area_code)
        return pabulib_export(budget=budget), export_filename(budget)


# ------------------------------------------------------------------ implementation
def _implementation_rounds() -> QuerySet[Round]:
    return Round.objects.filter(_round_public()).filter(
        Exists(Project.objects.filter(item__round=OuterRef("pk")))
    )


class _ImplementationBase(Dataset):
    def processes(self) -> list[Process]:
        rounds = _implementation_rounds().select_related("organisation")
        return [
            Process(r.organisation.slug, r.organisation.name, r.slug, r.title)
            for r in rounds.order_by("organisation__name", "-voting_open", "pk")
        ]

    def _round(self, organisation_slug: str, slug: str) -> Round:
        found = (
            _implementation_rounds().filter(organisation__slug=organisation_slug, slug=slug).first()
        )
        if found is None:
            raise Http404
        return found


class Implementation(_ImplementationBase):
    key = "implementation"
    title = _("Implementation progress")
    description = _(
        "The winning proposals being built: their status, progress, money spent and "
        "milestones so far."
    )
    fields = (
        Field("project_id", "integer", _("The project's number on the platform.")),
        Field("item_id", "integer", _("The winning proposal's number.")),
        Field("title", "string", _("The proposal's title.")),
        Field("area_code", "string", _("The code of its budget's area.")),
        Field("status", "string", _("planned, in_progress, completed or cancelled.")),
        Field("progress", "integer", _("Progress in percent (0 to 100).")),
        Field("cost", "decimal", _("The proposal's estimated cost.")),
        Field("budget_spent", "decimal", _("Money spent so far.")),
        Field("milestones", "integer", _("How many milestones are recorded.")),
        Field("last_milestone", "date", _("The date of the latest milestone, if any.")),
        Field("updated_on", "date", _("The day the project was last updated.")),
    )

    def open(self, organisation_slug: str, slug: str) -> Export:
        round_ = self._round(organisation_slug, slug)
        return Export(self._rows(round_), round_.title)

    def _rows(self, round_: Round) -> Iterator[Row]:
        projects = (
            Project.objects.filter(item__round=round_)
            .annotate(n_milestones=Count("milestones"), last=Max("milestones__date"))
            .values_list(
                "pk",
                "item_id",
                "item__title",
                "item__budget__area__code",
                "status",
                "progress",
                "item__estimated_cost",
                "budget_spent",
                "n_milestones",
                "last",
                "updated_at",
            )
            .order_by("item__budget__area__path", "item__title", "pk")
        )
        keys = [f.name for f in self.fields]
        for values in projects.iterator(chunk_size=2000):
            row = dict(zip(keys, values, strict=True))
            row["updated_on"] = _date(row["updated_on"])
            yield row


class Milestones(_ImplementationBase):
    key = "milestones"
    title = _("Implementation milestones")
    description = _("What happened on each project being built, milestone by milestone.")
    fields = (
        Field("milestone_id", "integer", _("The milestone's number on the platform.")),
        Field("project_id", "integer", _("The project it belongs to.")),
        Field("item_id", "integer", _("The winning proposal's number.")),
        Field("date", "date", _("When it happened.")),
        Field("title", "string", _("The milestone.")),
        Field("text", "string", _("What happened.")),
    )

    def open(self, organisation_slug: str, slug: str) -> Export:
        round_ = self._round(organisation_slug, slug)
        return Export(self._rows(round_), round_.title)

    def _rows(self, round_: Round) -> Iterator[Row]:
        milestones = (
            Milestone.objects.filter(project__item__round=round_)
            .values_list("pk", "project_id", "project__item_id", "date", "title", "text")
            .order_by("project__item__budget__area__path", "project_id", "date", "pk")
        )
        keys = [f.name for f in self.fields]
        for values in milestones.iterator(chunk_size=2000):
            yield dict(zip(keys, values, strict=True))


DATASETS: dict[str, Dataset] = {
    d.key: d
    for d in (
        ConsultationResults(),
        DialogueStatements(),
        BudgetItems(),
        BudgetResults(),
        Ballots(),
        Implementation(),
        Milestones(),
    )
}


def dataset_get(key: str) -> Dataset:
    try:
        return DATASETS[key]
    except KeyError:
        raise Http404 from None
