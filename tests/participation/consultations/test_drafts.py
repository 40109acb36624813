"""Draft texts: versions, the visible diff, comments kept on their version, ratings."""

from __future__ import annotations

from typing import Any

import pytest

from civic.errors import Conflict, PermissionDenied
from participation.models import ConsultationParagraphComment
from participation.services.consultation_drafts import (
    comment_moderate,
    draft_version_publish,
    paragraph_comment_add,
    paragraph_rate,
)
from participation.services.consultation_text import draft_diff, draft_split, markdown_render
from tests.factories import CityFixture
from tests.participation.consultations.helpers import make_consultation

pytestmark = pytest.mark.django_db

V1 = (
    "# Hours\nQuiet from 22:00.\n\nWeekends from 23:00.\n\n"
    "# Exceptions\nBuilding work with a permit."
)
V2 = "# Hours\nQuiet from 22:00.\n\nWeekends from 23:30.\n\n# Exceptions\nFestivals until midnight."


def test_split_into_sections_and_paragraphs() -> None:
    parts = draft_split(V1)
    assert [(p.section, p.text) for p in parts] == [
        ("Hours", "Quiet from 22:00."),
        ("Hours", "Weekends from 23:00."),
        ("Exceptions", "Building work with a permit."),
    ]


def test_diff_marks_changed_words_and_escapes_text() -> None:
    blocks = draft_diff(draft_split(V1), draft_split(V2 + "\n\n<b>new</b>"))
    statuses = [b.status for b in blocks]
    assert statuses[0] == "same" and "changed" in statuses and "added" in statuses
    changed = next(b for b in blocks if b.status == "changed" and "Weekends" in b.html)
    assert "<del>23:00.</del>" in changed.html and "<ins>23:30.</ins>" in changed.html
    assert "&lt;b&gt;new&lt;/b&gt;" in blocks[-1].html


def test_markdown_is_sanitised() -> None:
    html = markdown_render("# Title\n\n<script>x()</script> [a](javascript:alert(1)) **b**")
    assert "<script" not in html and "javascript:" not in html
    assert "<h2>Title</h2>" in html and "<strong>b</strong>" in html


def test_comments_stay_on_their_version(client: Any, city: CityFixture) -> None:
    consultation = make_consultation(city, questions=False, open_now=False)
    official, resident = city.people["official"], city.people["resident"]
    v1 = draft_version_publish(actor=official, consultation=consultation, title="By-law", source=V1)
    from participation.services.consultations import consultation_open

    consultation_open(actor=official, consultation=consultation)
    old = v1.paragraphs.get(position=2)
    paragraph_comment_add(user=resident, paragraph=old, body="Too early")
    paragraph_rate(user=resident, paragraph=old, value=-1)
    paragraph_rate(user=resident, paragraph=old, value=1)  # a person's rating is replaced
    v2 = draft_version_publish(actor=official, consultation=consultation, title="By-law", source=V2)
    assert v2.number == 2
    assert ConsultationParagraphComment.objects.get().paragraph.version == v1
    with pytest.raises(Conflict):
        paragraph_comment_add(user=resident, paragraph=old, body="Again")
    with pytest.raises(PermissionDenied):
        paragraph_comment_add(
            user=city.people["unverified"], paragraph=v2.paragraphs.get(position=1), body="x"
        )
    page = client.get(f"/consultations/{consultation.pk}/?version=1").content.decode()
    assert "Too early" in page and "1 agree, 0 unsure, 0 disagree" in page
    assert "Too early" not in client.get(f"/consultations/{consultation.pk}/").content.decode()
    diff = client.get(f"/consultations/{consultation.pk}/diff/?from=1&to=2").content.decode()
    assert "<ins>23:30.</ins>" in diff
    comment = ConsultationParagraphComment.objects.get()
    comment_moderate(
        actor=city.people["moderator"], comment=comment, hidden=True, reason="Off topic"
    )
    assert (
        "Too early"
        not in client.get(f"/consultations/{consultation.pk}/?version=1").content.decode()
    )


def test_comment_and_rate_through_pages(client: Any, city: CityFixture) -> None:
    consultation = make_consultation(city, questions=False, open_now=False)
    version = draft_version_publish(
        actor=city.people["official"], consultation=consultation, title="T", source=V1
    )
    from participation.services.consultations import consultation_open

    consultation_open(actor=city.people["official"], consultation=consultation)
    paragraph = version.paragraphs.get(position=1)
    client.force_login(city.people["resident"])
    base = f"/consultations/{consultation.pk}/paragraphs/{paragraph.pk}"
    assert client.post(f"{base}/comment/", {"body": "Good"}).status_code == 302
    assert client.post(f"{base}/rate/", {"value": "0"}).status_code == 302
    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert "Good" in page and "0 agree, 1 unsure" in page
