"""Facilitator tools, as pages and through the API: statements raised in the room, hand
counts (channel = meeting), attendance, and the minutes from draft through the amendment
window to final. Who may do what is decided by rules predicates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from participation.models import (
    MeetingHandCount,
    MinutesAmendment,
    MinutesStatus,
    Statement,
    StatementOrigin,
)
from participation.services.meetings import registration_add
from tests.factories import CityFixture
from tests.participation.dialogues.helpers import make_dialogue, seed
from tests.participation.dialogues.test_meetings import make_meeting


def web_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_for(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def dialogue_meeting(city: CityFixture) -> Any:
    dialogue = make_dialogue(city)
    statements = seed(city, dialogue, "More trees", "Fewer cars")
    meeting = make_meeting(city, dialogue=dialogue, capacity=None)
    return meeting, statements


@pytest.mark.django_db
def test_the_facilitator_runs_the_room_on_the_page(city: CityFixture) -> None:
    meeting, (trees, _cars) = dialogue_meeting(city)
    attendee = city.people["resident"]
    registration_add(user=attendee, meeting=meeting)
    web = web_for(city.people["moderator"])
    url = f"/meetings/{meeting.pk}/facilitate/"
    page = web.get(url)
    assert page.status_code == 200
    assert url in web.get(f"/meetings/{meeting.pk}/").content.decode()

    assert web.post(url, {"step": "session", "open": "1"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.session_open and meeting.session_code
    assert meeting.session_code in web.get(url).content.decode()

    assert web.post(url, {"step": "statement", "text": "A  bench by the pond"}).status_code == 302
    raised = Statement.objects.get(text="A bench by the pond")
    assert raised.origin == StatementOrigin.ROOM and raised.meeting == meeting

    assert web.post(url, {"step": "attendance", "attendance": "20"}).status_code == 302
    hands = {"step": "hands", "statement": trees.pk, "agree": 12, "disagree": 5, "passed": 2}
    assert web.post(url, hands).status_code == 302
    assert web.post(url, {**hands, "agree": 11}).status_code == 302  # a recount replaces
    count = MeetingHandCount.objects.get(meeting=meeting, statement=trees)
    assert (count.agree, count.disagree, count.passed) == (11, 5, 2)
    too_many = web.post(url, {**hands, "agree": 30})
    assert too_many.status_code == 200
    assert "agree" in too_many.context["forms"]["hands"].errors

    # Minutes: draft -> amendment window -> final.
    assert web.post(url, {"step": "minutes", "text": "We met."}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.DRAFT
    past = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    refused = web.post(url, {"step": "amendments", "until": past})
    assert "until" in refused.context["forms"]["amendments"].errors
    until = timezone.localtime(timezone.now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    assert web.post(url, {"step": "amendments", "until": until}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.AMENDMENT

    resident_page = web_for(attendee).get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/meetings/{meeting.pk}/amendments/" in resident_page
    web_for(attendee).post(f"/meetings/{meeting.pk}/amendments/", {"body": "Add the pond."})
    assert MinutesAmendment.objects.get(meeting=meeting).body == "Add the pond."
    assert "Add the pond." in web.get(url).content.decode()

    final = {"step": "final", "final-text": "We met. The pond was discussed."}
    assert web.post(url, final).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.FINAL
    assert meeting.minutes == "We met. The pond was discussed."
    again = web.post(url, {"step": "minutes", "text": "Rewrite"})
    assert again.status_code == 200 and again.context["forms"]["minutes"].errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("official", True),
        ("moderator", True),
        ("org_admin", True),
        ("superuser", True),
        ("official_other", False),
        ("assessor", False),
        ("resident", False),
        ("signed_in", False),
    ],
)
def test_who_may_facilitate(city: CityFixture, person: str, allowed: bool) -> None:
    meeting, (trees, _cars) = dialogue_meeting(city)
    user = city.people[person]
    page = web_for(user).get(f"/meetings/{meeting.pk}/facilitate/")
    assert page.status_code == (200 if allowed else 403)
    api = api_for(user)
    base = f"/api/v1/meetings/{meeting.pk}"
    calls = [
        api.get(f"{base}/room/"),
        api.post(f"{base}/room/session/", {"open": True}, format="json"),
        api.post(f"{base}/room/statements/", {"text": "Raised here"}, format="json"),
        api.post(
            f"{base}/room/hand-counts/",
            {"statement": trees.pk, "agree": 1, "disagree": 0, "passed": 0},
            format="json",
        ),
        api.post(f"{base}/room/attendance/", {"count": 9}, format="json"),
        api.post(f"{base}/minutes/", {"text": "Draft"}, format="json"),
    ]
    codes = [c.status_code for c in calls]
    if allowed:
        assert codes == [200, 200, 201, 200, 200, 200], [c.content for c in calls]
    else:
        assert codes == [403] * 6


@pytest.mark.django_db
def test_the_facilitator_api_flow(city: CityFixture) -> None:
    meeting, (trees, cars) = dialogue_meeting(city)
    attendee = city.people["resident"]
    registration_add(user=attendee, meeting=meeting)
    api = api_for(city.people["official"])
    base = f"/api/v1/meetings/{meeting.pk}"
    room = api.post(f"{base}/room/session/", {"open": True}, format="json").json()
    assert room["session_open"] and len(room["session_code"]) == 6
    assert "session_code" not in api_for().get(f"{base}/").json()
    raised = api.post(f"{base}/room/statements/", {"text": "Shade for the playground"})
    assert raised.status_code == 201 and raised.json()["origin"] == "room"
    duplicate = api.post(f"{base}/room/statements/", {"text": "More trees"})
    assert duplicate.status_code == 400
    assert api.post(f"{base}/room/attendance/", {"count": 15}).json()["attendance_count"] == 15
    for statement, hands in ((trees, (9, 4, 1)), (cars, (3, 10, 2))):
        body = dict(zip(("agree", "disagree", "passed"), hands, strict=True))
        response = api.post(f"{base}/room/hand-counts/", {"statement": statement.pk, **body})
        assert response.status_code == 200
    counts = api.get(f"{base}/room/hand-counts/").json()
    assert [(c["statement"], c["agree"]) for c in counts] == [(trees.pk, 9), (cars.pk, 3)]
    other = seed(city, make_dialogue(city, question="Elsewhere"), "Not here")[0]
    wrong = api.post(
        f"{base}/room/hand-counts/", {"statement": other.pk, "agree": 1, "disagree": 0, "passed": 0}
    )
    assert wrong.status_code == 400

    assert api.post(f"{base}/minutes/final/", {}).status_code == 409  # nothing to finalise
    assert api.post(f"{base}/minutes/", {"text": "Draft"}).json()["minutes_status"] == "draft"
    until = (timezone.now() + timedelta(days=3)).isoformat()
    window = api.post(f"{base}/minutes/amendment-window/", {"until": until})
    assert window.json()["minutes_status"] == "amendment"
    amend = api_for(attendee).post(f"{base}/minutes/amendments/", {"body": "Spell my street."})
    assert amend.status_code == 201
    outsider = api_for(city.people["signed_in"]).post(
        f"{base}/minutes/amendments/", {"body": "Me too"}
    )
    assert outsider.status_code == 409
    assert api_for(attendee).get(f"{base}/minutes/amendments/").status_code == 403
    assert [a["body"] for a in api.get(f"{base}/minutes/amendments/").json()] == [
        "Spell my street."
    ]
    final = api.post(f"{base}/minutes/final/", {"text": "Final text"}).json()
    assert final["minutes_status"] == "final" and final["minutes_final_at"]
    assert api.post(f"{base}/minutes/", {"text": "Again"}).status_code == 409
    assert api_for().get(f"{base}/").json()["minutes"] == "Final text"


@pytest.mark.django_db
def test_meeting_edit_and_cancel_through_the_api(city: CityFixture) -> None:
    meeting, (trees, _cars) = dialogue_meeting(city)
    base = f"/api/v1/meetings/{meeting.pk}"
    payload = {"title": "Walk and talk", "agenda": [{"title": "Trees", "statement": trees.pk}]}
    assert (
        api_for(city.people["moderator"]).patch(base + "/", payload, format="json").status_code
        == 403
    )
    response = api_for(city.people["official"]).patch(base + "/", payload, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Walk and talk"
    assert body["agenda"] == [{"position": 1, "title": "Trees", "statement": trees.pk}]
    bad = api_for(city.people["official"]).patch(base + "/", {"mode": "online"}, format="json")
    assert bad.status_code == 400 and "online_url" in str(bad.json())
    cancel = api_for(city.people["official"]).post(base + "/cancel/", {"reason": "Storm"})
    assert cancel.status_code == 200 and cancel.json()["status"] == "cancelled"
    assert (
        api_for(city.people["official"]).post(base + "/cancel/", {"reason": "x"}).status_code == 409
    )
    closed = api_for(city.people["official"]).post(base + "/room/statements/", {"text": "Late"})
    assert closed.status_code == 409


@pytest.mark.django_db
def test_meeting_lists_and_hand_counts_cost_constant_queries(city: CityFixture) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting, statements = dialogue_meeting(city)
    official = city.people["official"]
    api = api_for(official)
    base = f"/api/v1/meetings/{meeting.pk}/room/hand-counts/"

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        return len(queries)

    from participation.services.meetings import hand_count_record, meeting_update

    meeting_update(actor=official, meeting=meeting, agenda=[("Trees", statements[0])])
    hand_count_record(
        actor=official, meeting=meeting, statement=statements[0], agree=1, disagree=0, passed=0
    )
    urls = ["/api/v1/meetings/", base]
    for url in urls:
        api.get(url)
    before = [count(url) for url in urls]
    more = seed(city, meeting.dialogue, *[f"Point {i}" for i in range(6)])
    for statement in more:
        hand_count_record(
            actor=official, meeting=meeting, statement=statement, agree=2, disagree=1, passed=0
        )
    for index in range(4):
        other = make_meeting(city, title=f"Walk {index}", dialogue=meeting.dialogue)
        meeting_update(
            actor=official, meeting=other, agenda=[(f"Item {n}", s) for n, s in enumerate(more)]
        )
    assert [count(url) for url in urls] == before


@pytest.mark.django_db
def test_amendments_are_in_the_data_download_and_outlive_the_account(city: CityFixture) -> None:
    from participation.dialogue_hooks import personal_data_export
    from participation.services.meetings import (
        amendment_add,
        minutes_open_amendments,
        minutes_save,
    )
    from tests.factories import make_user

    meeting, _statements = dialogue_meeting(city)
    person = make_user()
    registration_add(user=person, meeting=meeting)
    official = city.people["official"]
    minutes_save(actor=official, meeting=meeting, text="Draft")
    minutes_open_amendments(
        actor=official, meeting=meeting, until=timezone.now() + timedelta(days=2)
    )
    amendment = amendment_add(user=person, meeting=meeting, body="My street is Elm Road.")
    exported = personal_data_export(person)["minutes_amendments"]
    assert [a["body"] for a in exported] == ["My street is Elm Road."]
    person.delete()
    amendment.refresh_from_db()
    assert amendment.author is None and amendment.body == "My street is Elm Road."


@pytest.mark.django_db
def test_the_meeting_page_shows_what_the_room_said(city: CityFixture) -> None:
    from participation.services.meetings import hand_count_record, room_statement_record

    meeting, (trees, _cars) = dialogue_meeting(city)
    official = city.people["official"]
    room_statement_record(actor=official, meeting=meeting, text="Water fountains, please")
    hand_count_record(
        actor=official, meeting=meeting, statement=trees, agree=6, disagree=2, passed=1
    )
    page = Client().get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Water fountains, please" in page
    assert "Hand counts in the room" in page and "<td>6</td>" in page
    assert f"/meetings/{meeting.pk}/facilitate/" not in page


@pytest.mark.django_db
def test_a_head_count_cannot_fall_below_the_hands_already_counted(city: CityFixture) -> None:
    from civic.errors import DomainError
    from participation.services.meetings import attendance_record, hand_count_record

    meeting, statements = dialogue_meeting(city)
    official = city.people["official"]
    attendance_record(actor=official, meeting=meeting, count=30)
    hand_count_record(
        actor=official, meeting=meeting, statement=statements[0], agree=12, disagree=8, passed=4
    )
    with pytest.raises(DomainError) as refused:
        attendance_record(actor=official, meeting=meeting, count=23)
    assert refused.value.field == "attendance"
    assert attendance_record(actor=official, meeting=meeting, count=24).attendance_count == 24
    with pytest.raises(DomainError) as too_many:
        hand_count_record(
            actor=official, meeting=meeting, statement=statements[1], agree=20, disagree=5, passed=0
        )
    assert too_many.value.field == "agree"


def _head_count_against_hands(city: CityFixture) -> tuple[dict[str, str], Any]:
    """Attendance lowered to 10 while 30 hands are counted, at the same moment."""
    import threading

    from django.db import connection

    from civic.errors import DomainError
    from participation.services.meetings import attendance_record, hand_count_record

    official = city.people["official"]
    meeting, statements = dialogue_meeting(city)
    attendance_record(actor=official, meeting=meeting, count=40)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def head_count() -> None:
        barrier.wait()
        try:
            attendance_record(actor=official, meeting=meeting, count=10)
            outcomes["attendance"] = "stored"
        except DomainError:
            outcomes["attendance"] = "refused"
        finally:
            connection.close()

    def hands() -> None:
        barrier.wait()
        try:
            hand_count_record(
                actor=official,
                meeting=meeting,
                statement=statements[0],
                agree=20,
                disagree=10,
                passed=0,
            )
            outcomes["hands"] = "stored"
        except DomainError:
            outcomes["hands"] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=head_count), threading.Thread(target=hands)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, meeting


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_head_count_and_a_hand_count_at_the_same_moment_never_disagree() -> None:
    """One of the two is refused, never both stored: the meeting's row lock orders them."""
    from django.db import connection

    from participation.models import Meeting
    from tests.factories import build_city

    assert connection.vendor == "postgresql"
    city = build_city()
    for _attempt in range(5):
        outcomes, meeting = _head_count_against_hands(city)
        assert sorted(outcomes.values()) == ["refused", "stored"]
        attendance = Meeting.objects.get(pk=meeting.pk).attendance_count
        assert attendance is not None
        for c in MeetingHandCount.objects.filter(meeting=meeting):
            assert c.agree + c.disagree + c.passed <= attendance
