"""Page URLs of consultations (included from ``civic.urls``)."""

from django.urls import path

from participation.views import consultation_manage as manage
from participation.views import consultations as views

urlpatterns = [
    path("", views.consultation_index, name="consultation-index"),
    path("new/<slug:slug>/", manage.consultation_new, name="consultation-new"),
    path("<int:pk>/", views.consultation_page, name="consultation-detail"),
    path("<int:pk>/respond/", views.consultation_respond, name="consultation-respond"),
    path("<int:pk>/follow/", views.consultation_follow_toggle, name="consultation-follow"),
    path("<int:pk>/diff/", views.consultation_diff, name="consultation-diff"),
    path("<int:pk>/results/", views.consultation_results_page, name="consultation-results"),
    path(
        "<int:pk>/results.<str:fmt>",
        views.consultation_export,
        name="consultation-export",
    ),
    path(
        "<int:pk>/paragraphs/<int:paragraph_pk>/comment/",
        views.paragraph_comment,
        name="consultation-paragraph-comment",
    ),
    path(
        "<int:pk>/paragraphs/<int:paragraph_pk>/rate/",
        views.paragraph_rating,
        name="consultation-paragraph-rate",
    ),
    path("<int:pk>/manage/", manage.consultation_manage, name="consultation-manage"),
    path("<int:pk>/edit/", manage.consultation_edit, name="consultation-edit"),
    path("<int:pk>/transition/", manage.consultation_transition, name="consultation-transition"),
    path("<int:pk>/questions/new/", manage.question_edit, name="consultation-question-new"),
    path(
        "<int:pk>/questions/<int:question_pk>/",
        manage.question_edit,
        name="consultation-question-edit",
    ),
    path("<int:pk>/versions/new/", manage.draft_version_new, name="consultation-version-new"),
    path(
        "<int:pk>/attachments/new/",
        views.consultation_attachment_add,
        name="consultation-attachment-new",
    ),
    path("<int:pk>/moderation/", manage.consultation_moderation, name="consultation-moderation"),
    path("<int:pk>/answer/", manage.consultation_answer_edit, name="consultation-answer-edit"),
]
