"""The participation report of an organisation for a period (voluntary local review).

Processes run (ended in the period's months), who took part (the suppressed figures of
``organisation_statistics``, so the report reveals nothing the statistics pages hide),
what was decided, which inputs were adopted ("you said, we did"), budget allocated and
implemented, grouped by SDG goal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from budgeting.models import Project, ResultLine
from civic.places.models import Organisation
from civic.sdg.goals import goal_short
from civic.statistics.selectors.participations import CONSULTATION, DIALOGUE, ROUND
from civic.statistics.selectors.statistics import (
    OrganisationStatistics,
    ProcessStatistics,
    organisation_statistics,
)
from participation.models import (
    ConsultationAnswerItem,
    OfficialResponse,
    ResponseOutcome,
)

ADOPTED_CONSULTATION = {
    ConsultationAnswerItem.Outcome.ADOPTED,
    ConsultationAnswerItem.Outcome.PARTLY,
}
ADOPTED_DIALOGUE = {ResponseOutcome.ADOPT, ResponseOutcome.PARTLY}


@dataclass
class SaidDid:
    you_said: str
    we_did: str
    outcome: str
    adopted: bool


@dataclass
class Decision:
    title: str
    amount: Decimal | None = None


@dataclass
class ReportProcess:
    stats: ProcessStatistics
    goals: list[int]
    decisions: list[Decision] = field(default_factory=list)
    said_did: list[SaidDid] = field(default_factory=list)
    allocated: Decimal = Decimal(0)
    implemented: Decimal = Decimal(0)
    currency: str = ""
    # Per goal: (allocated, implemented) of the items tagged with it (rounds).
    by_goal: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def adopted(self) -> int:
        return sum(1 for s in self.said_did if s.adopted)


@dataclass
class GoalSection:
    number: int | None
    title: str
    processes: list[ReportProcess]
    allocated: Decimal
    implemented: Decimal


@dataclass
class ParticipationReport:
    organisation: Organisation
    start: date
    end: date
    stats: OrganisationStatistics
    processes: list[ReportProcess]
    goals: list[GoalSection]

    @property
    def participations(self) -> int:
        return sum(p.stats.participants or 0 for p in self.processes)

    @property
    def suppressed_processes(self) -> int:
        return sum(1 for p in self.processes if p.stats.participants is None)

    @property
    def inputs(self) -> int:
        return sum(len(p.said_did) for p in self.processes)

    @property
    def adopted(self) -> int:
        return sum(p.adopted for p in self.processes)

    @property
    def allocated(self) -> Decimal:
        return sum((p.allocated for p in self.processes), Decimal(0))

    @property
    def implemented(self) -> Decimal:
        return sum((p.implemented for p in self.processes), Decimal(0))

    @property
    def currency(self) -> str:
        return next((p.currency for p in self.processes if p.currency), "")


def participation_report(
    *, organisation: Organisation, start: date, end: date
) -> ParticipationReport:
    stats = organisation_statistics(organisation=organisation)
    first = date(start.year, start.month, 1)
    chosen = [p for p in stats.processes if first <= p.month <= end]
    ids: dict[str, list[int]] = defaultdict(list)
    for p in chosen:
        ids[p.kind].append(p.id)
    processes = {p.key: ReportProcess(stats=p, goals=list(p.sdg_goals)) for p in chosen}

    for item in ConsultationAnswerItem.objects.filter(consultation_id__in=ids[CONSULTATION]):
        processes[f"{CONSULTATION}:{item.consultation_id}"].said_did.append(
            SaidDid(
                item.you_said,
                item.we_did,
                str(item.get_outcome_display()),
                item.outcome in ADOPTED_CONSULTATION,
            )
        )
    responses = OfficialResponse.objects.filter(dialogue_id__in=ids[DIALOGUE]).select_related(
        "statement"
    )
    for response in responses:
        said = (
            response.statement.text
            if response.statement
            else response.topic
            or _("The view of opinion group %(n)s") % {"n": response.group_label}
        )
        report_process = processes[f"{DIALOGUE}:{response.dialogue_id}"]
        report_process.said_did.append(
            SaidDid(
                said,
                response.rationale,
                str(response.get_outcome_display()),
                response.outcome in ADOPTED_DIALOGUE,
            )
        )
        if response.outcome in ADOPTED_DIALOGUE:
            report_process.decisions.append(Decision(response.rationale))

    lines = (
        ResultLine.objects.filter(
            result__budget__round_id__in=ids[ROUND],
            result__published_at__isnull=False,
            selected=True,
        )
        .select_related("item", "result__budget__round")
        .order_by("result__budget_id", "position", "pk")
    )
    selected_items = []
    for line in lines:
        round_ = line.result.budget.round
        report_process = processes[f"{ROUND}:{round_.pk}"]
        report_process.currency = round_.currency
        report_process.decisions.append(Decision(line.item.title, line.cost))
        report_process.allocated += line.cost
        goals = sorted({int(g) for g in line.item.sdg_goals if isinstance(g, int)})
        for goal in goals:
            if goal not in report_process.goals:
                report_process.goals.append(goal)
            allocated, implemented = report_process.by_goal.get(goal, (Decimal(0), Decimal(0)))
            report_process.by_goal[goal] = (allocated + line.cost, implemented)
        selected_items.append((report_process, line.item_id, goals))
    spent = dict(
        Project.objects.filter(item_id__in=[i for _p, i, _g in selected_items]).values_list(
            "item_id", "budget_spent"
        )
    )
    for report_process, item_id, goals in selected_items:
        amount = spent.get(item_id, Decimal(0))
        report_process.implemented += amount
        for goal in goals:
            allocated, implemented = report_process.by_goal[goal]
            report_process.by_goal[goal] = (allocated, implemented + amount)
    for report_process in processes.values():
        report_process.goals.sort()

    language = get_language()
    sections: list[GoalSection] = []
    all_goals = sorted({g for p in processes.values() for g in p.goals})
    for goal in all_goals:
        members = [p for p in processes.values() if goal in p.goals]
        zero = (Decimal(0), Decimal(0))
        sections.append(
            GoalSection(
                goal,
                goal_short(goal, language) or str(goal),
                members,
                sum((p.by_goal.get(goal, zero)[0] for p in members), Decimal(0)),
                sum((p.by_goal.get(goal, zero)[1] for p in members), Decimal(0)),
            )
        )
    untagged = [p for p in processes.values() if not p.goals]
    if untagged:
        sections.append(
            GoalSection(
                None,
                _("No goal given"),
                untagged,
                sum((p.allocated for p in untagged), Decimal(0)),
                sum((p.implemented for p in untagged), Decimal(0)),
            )
        )
    return ParticipationReport(organisation, start, end, stats, list(processes.values()), sections)
