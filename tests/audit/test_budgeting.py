"""Official actions on budgeting rounds land in the audit trail."""

from __future__ import annotations

import pytest

from budgeting.models import Phase, Project, ProjectStatus
from budgeting.services.assessment import assessment_record, ballot_decide, item_merge
from budgeting.services.implementation import project_update
from budgeting.services.results import result_compute, result_publish
from budgeting.services.rounds import round_phase_set
from civic.audit.models import AuditEntry
from tests.budgeting.factories import build_round
from tests.budgeting.results_fixtures import cast, closed_round, make_budget, make_items
from tests.factories import CityFixture

pytestmark = pytest.mark.django_db


def _actions(round_id: int) -> list[str]:
    return list(
        AuditEntry.objects.filter(process_type="round", process_id=round_id)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_assessment_ballot_and_phase(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.ASSESSMENT)
    official, assessor = city.people["official"], city.people["assessor"]
    first, second, duplicate = pb.city_items[0], pb.city_items[1], pb.city_items[2]
    assessment_record(actor=assessor, item=first, feasibility="feasible", cost_estimate="550000")
    assessment_record(actor=assessor, item=second, feasibility="unfeasible", reason="Too big")
    item_merge(actor=official, duplicate=duplicate, into=first)
    ballot_decide(actor=official, item=first, on_ballot=True)
    round_phase_set(actor=official, round=pb.round, phase=Phase.VOTING)
    assert _actions(pb.round.pk) == [
        "item.assessed",
        "item.assessed",
        "item.merged",
        "item.ballot_decided",
        "round.phase_changed",
    ]
    assessed = AuditEntry.objects.filter(action="item.assessed").order_by("id").first()
    assert assessed is not None and not assessed.public and assessed.actor == assessor
    assert assessed.after == {"feasibility": "feasible", "cost_estimate": "550000"}
    phase = AuditEntry.objects.get(action="round.phase_changed")
    assert phase.public and phase.after == {"phase": "voting"}
    assert phase.organisation == city.organisation


def test_results_and_implementation(city: CityFixture) -> None:
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["north"], amount=300)
    (item,) = make_items(budget, [100], author=city.people["resident"])
    cast(budget, [item])
    result_compute(actor=None, budget=budget)
    result_publish(actor=city.people["official"], budget=budget)
    project = Project.objects.get(item=item)
    project_update(
        actor=city.people["official"],
        project=project,
        status=ProjectStatus.IN_PROGRESS,
        progress=40,
        note="Works started",
    )
    published = AuditEntry.objects.get(action="result.published")
    assert published.public and published.process_id == round_.pk
    assert published.after["funded"] == [item.pk]
    updated = AuditEntry.objects.get(action="project.updated")
    assert updated.before == {"progress": 0, "status": "planned"}
    assert updated.after == {"progress": 40, "status": "in_progress"}
    assert updated.reason == "Works started"
