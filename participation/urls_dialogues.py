"""Page URLs of dialogues and meetings (included from ``civic.urls``)."""

from django.urls import path

from participation.views import dialogue_edit, meeting_manage, meetings
from participation.views import dialogues as views

urlpatterns = [
    path("dialogues/", views.dialogue_index, name="dialogue-index"),
    path("dialogues/new/", dialogue_edit.dialogue_new_choose, name="dialogue-new-choose"),
    path("dialogues/new/<slug:slug>/", dialogue_edit.dialogue_new, name="dialogue-new"),
    path("dialogues/<int:pk>/", views.dialogue_page, name="dialogue-detail"),
    path("dialogues/<int:pk>/edit/", dialogue_edit.dialogue_edit, name="dialogue-edit"),
    path("dialogues/<int:pk>/manage/", views.manage_page, name="dialogue-manage"),
    path("dialogues/<int:pk>/moderation/", views.moderation_page, name="dialogue-moderation"),
    path(
        "dialogues/<int:pk>/moderation/log/",
        views.moderation_log_page,
        name="dialogue-moderation-log",
    ),
    path("dialogues/<int:pk>/statements/new/", views.statement_new, name="dialogue-statement-new"),
    path(
        "dialogues/<int:pk>/statements/<int:statement_pk>/",
        views.statement_page,
        name="dialogue-statement",
    ),
    path(
        "dialogues/<int:pk>/statements/<int:statement_pk>/vote/",
        views.vote,
        name="dialogue-vote",
    ),
    path(
        "dialogues/<int:pk>/statements/<int:statement_pk>/reply/",
        views.reply_new,
        name="dialogue-reply",
    ),
    path(
        "dialogues/<int:pk>/statements/<int:statement_pk>/report/",
        views.report,
        name="dialogue-report",
    ),
    path(
        "dialogues/<int:pk>/statements/<int:statement_pk>/replies/<int:reply_pk>/report/",
        views.report,
        name="dialogue-reply-report",
    ),
    path("meetings/room/", meetings.room, name="meeting-room"),
    path("meetings/new/", meeting_manage.meeting_new_choose, name="meeting-new-choose"),
    path("meetings/new/<slug:slug>/", meeting_manage.meeting_new, name="meeting-new"),
    path("meetings/<int:pk>/", meetings.meeting_page, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meeting_manage.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", meeting_manage.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/facilitate/", meeting_manage.facilitate, name="meeting-facilitate"),
    path("meetings/<int:pk>/amendments/", meeting_manage.amendment_new, name="meeting-amendment"),
    path("meetings/<int:pk>/register/", meetings.meeting_register, name="meeting-register"),
    path("meetings/<int:pk>/calendar.ics", meetings.meeting_calendar, name="meeting-calendar"),
]
