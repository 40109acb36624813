"""The demo consultations, attachments checked by content, the home page and personal data."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civic.errors import DomainError
from participation.models import Consultation, ConsultationStatus, QuestionKind
from participation.selectors.consultation_results import consultation_results
from participation.services.consultations import _DOCX, ATTACHMENT_MAX_BYTES, attachment_add
from tests.factories import CityFixture
from tests.participation.consultations.helpers import make_consultation

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_three_consultations_and_is_idempotent(settings: Any) -> None:
    from civic.demo import seed

    seed(lambda _line: None)
    seed(lambda _line: None)  # a second run adds nothing
    every = Consultation.objects.get(title__startswith="Riverside park")
    assert every.status == ConsultationStatus.OPEN
    assert set(every.questions.values_list("kind", flat=True)) == set(QuestionKind.values)
    assert every.questions.filter(condition_question__isnull=False).exists()
    draft = Consultation.objects.get(title__startswith="Draft by-law")
    versions = list(draft.draft_versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].paragraphs.filter(comments__isnull=False).exists()
    assert versions[1].paragraphs.filter(comments__isnull=False).exists()
    answered = Consultation.objects.get(title__startswith="Cycling")
    assert answered.status == ConsultationStatus.ANSWERED
    assert answered.official_answer.published_at is not None
    assert answered.answer_items.count() == 3
    results = consultation_results(consultation=answered)
    assert results.respondents >= 100
    breakdowns = [b for q in results.questions for b in q.breakdowns]
    assert any(b.suppressed for b in breakdowns)  # suppression shows
    assert any(c is not None for b in breakdowns for r in b.rows for c in r.cells)  # and results


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("plan.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("map.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        ("notes.txt", "Übersicht".encode(), "text/plain"),
        ("data.csv", b"a,b\n1,2\n", "text/csv"),
        ("plan.docx", _docx(), _DOCX),
        ("plan.pdf", b"MZ\x90\x00 an executable", None),  # the name lies
        ("plan.png", b"%PDF-1.7", None),  # content and name disagree
        ("page.html", b"<script>alert(1)</script>", None),
        ("archive.zip", _docx(), None),
    ],
)  # fmt: skip
def test_attachments_are_checked_by_content(
    city: CityFixture, settings: Any, tmp_path: Any, name: str, content: bytes, accepted: str | None
) -> None:
    settings.MEDIA_ROOT = tmp_path
    consultation = make_consultation(city, open_now=False)
    if accepted is None:
        with pytest.raises(DomainError):
            attachment_add(
                actor=city.people["official"],
                consultation=consultation,
                file=_upload(name, content),
            )
    else:
        attachment = attachment_add(
            actor=city.people["official"], consultation=consultation, file=_upload(name, content)
        )
        assert attachment.content_type == accepted and attachment.size == len(content)


def test_attachments_have_a_size_limit(city: CityFixture, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    consultation = make_consultation(city, open_now=False)
    big = _upload("big.txt", b"a" * (ATTACHMENT_MAX_BYTES + 1))
    with pytest.raises(DomainError):
        attachment_add(actor=city.people["official"], consultation=consultation, file=big)


def test_personal_data_download_lists_identified_contributions(
    client: Any, city: CityFixture
) -> None:
    from participation.consultation_hooks import personal_data_export
    from participation.services.consultation_responses import response_submit

    consultation = make_consultation(city, anonymous=False)
    question = consultation.questions.get()
    response_submit(
        user=city.people["resident"], consultation=consultation, answers={question.field_name: "o3"}
    )
    data = personal_data_export(city.people["resident"])
    assert data["responded_to"] == ["Park"]
    assert data["responses"][0]["answers"] == {question.field_name: "o3"}
