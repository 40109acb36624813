"""Models of the participation app, split by domain."""

from participation.models.consultation_answers import (
    ConsultationAnswer,
    ConsultationAnswerItem,
)
from participation.models.consultation_drafts import (
    ConsultationDraftVersion,
    ConsultationParagraph,
    ConsultationParagraphComment,
    ConsultationParagraphRating,
)
from participation.models.consultations import (
    AgeBand,
    Audience,
    Consultation,
    ConsultationAttachment,
    ConsultationParticipation,
    ConsultationQuestion,
    ConsultationQuestionRevision,
    ConsultationResponse,
    ConsultationResponseDraft,
    ConsultationStatus,
    ConsultationTextAnswer,
    QuestionKind,
    ResultsVisibility,
)

__all__ = [
    "AgeBand",
    "Audience",
    "Consultation",
    "ConsultationAnswer",
    "ConsultationAnswerItem",
    "ConsultationAttachment",
    "ConsultationDraftVersion",
    "ConsultationParagraph",
    "ConsultationParagraphComment",
    "ConsultationParagraphRating",
    "ConsultationParticipation",
    "ConsultationQuestion",
    "ConsultationQuestionRevision",
    "ConsultationResponse",
    "ConsultationResponseDraft",
    "ConsultationStatus",
    "ConsultationTextAnswer",
    "QuestionKind",
    "ResultsVisibility",
]
