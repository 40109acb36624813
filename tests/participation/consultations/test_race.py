"""One response per person under concurrent submissions (PostgreSQL, threads)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from civic.errors import DomainError
from participation.models import ConsultationParticipation, ConsultationResponse
from participation.services.consultation_responses import response_submit
from tests.factories import build_city
from tests.participation.consultations.helpers import first_question, make_consultation


def _race(consultation: object, answers: dict[str, str], threads: int) -> list[str]:
    from civic.accounts.models import User

    barrier = threading.Barrier(threads)
    outcomes: list[str] = []
    resident_pk = _race.resident_pk  # type: ignore[attr-defined]

    def submit() -> None:
        person = User.objects.get(pk=resident_pk)
        barrier.wait()
        try:
            response_submit(user=person, consultation=consultation, answers=answers)  # type: ignore[arg-type]
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    workers = [threading.Thread(target=submit) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("anonymous", "allow_edit"), [(False, False), (True, False), (True, True), (False, True)]
)
def test_parallel_submissions_by_one_person_make_one_response(
    anonymous: bool, allow_edit: bool
) -> None:
    assert connection.vendor == "postgresql"
    city = build_city()
    consultation = make_consultation(city, anonymous=anonymous, allow_edit=allow_edit)
    _race.resident_pk = city.people["resident"].pk  # type: ignore[attr-defined]
    outcomes = _race(consultation, {first_question(consultation).field_name: "o1"}, 8)
    if allow_edit:
        assert outcomes == ["ok"] * 8  # later ones replace the first
    else:
        assert sorted(outcomes) == ["already_responded"] * 7 + ["ok"]
    assert ConsultationResponse.objects.filter(consultation=consultation).count() == 1
    assert ConsultationParticipation.objects.filter(consultation=consultation).count() == 1
