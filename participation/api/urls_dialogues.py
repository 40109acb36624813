"""API URLs of dialogues and meetings (included from ``civic.api``)."""

from django.urls import path

from participation.api import dialogues as d
from participation.api import meetings as m

urlpatterns = [
    path("dialogues/", d.DialogueListView.as_view(), name="api-dialogue-list"),
    path("dialogues/<int:pk>/", d.DialogueDetailView.as_view(), name="api-dialogue-detail"),
    path("dialogues/<int:pk>/phase/", d.DialoguePhaseView.as_view(), name="api-dialogue-phase"),
    path(
        "dialogues/<int:pk>/statements/",
        d.StatementListView.as_view(),
        name="api-dialogue-statements",
    ),
    path(
        "dialogues/<int:pk>/statements/import/",
        d.StatementImportView.as_view(),
        name="api-dialogue-import",
    ),
    path("dialogues/<int:pk>/next/", d.NextStatementView.as_view(), name="api-dialogue-next"),
    path("dialogues/<int:pk>/my-votes/", d.MyVotesView.as_view(), name="api-dialogue-my-votes"),
    path("dialogues/<int:pk>/snapshot/", d.SnapshotView.as_view(), name="api-dialogue-snapshot"),
    path(
        "dialogues/<int:pk>/responses/",
        d.ResponseListView.as_view(),
        name="api-dialogue-responses",
    ),
    path(
        "dialogues/<int:pk>/moderation/queue/",
        d.ModerationQueueView.as_view(),
        name="api-dialogue-moderation-queue",
    ),
    path(
        "dialogues/<int:pk>/moderation/log/",
        d.ModerationLogView.as_view(),
        name="api-dialogue-moderation-log",
    ),
    path(
        "dialogues/statements/<int:statement_pk>/vote/",
        d.VoteView.as_view(),
        name="api-statement-vote",
    ),
    path(
        "dialogues/statements/<int:statement_pk>/replies/",
        d.ReplyListView.as_view(),
        name="api-statement-replies",
    ),
    path(
        "dialogues/statements/<int:statement_pk>/reports/",
        d.StatementReportView.as_view(),
        name="api-statement-reports",
    ),
    path(
        "dialogues/statements/<int:statement_pk>/moderate/",
        d.StatementModerateView.as_view(),
        name="api-statement-moderate",
    ),
    path(
        "dialogues/replies/<int:reply_pk>/reports/",
        d.ReplyReportView.as_view(),
        name="api-reply-reports",
    ),
    path(
        "dialogues/replies/<int:reply_pk>/moderate/",
        d.ReplyModerateView.as_view(),
        name="api-reply-moderate",
    ),
    path("meetings/", m.MeetingListView.as_view(), name="api-meeting-list"),
    path("meetings/room/vote/", m.RoomVoteView.as_view(), name="api-meeting-room-vote"),
    path("meetings/<int:pk>/", m.MeetingDetailView.as_view(), name="api-meeting-detail"),
    path(
        "meetings/<int:pk>/registration/",
        m.MeetingRegistrationView.as_view(),
        name="api-meeting-registration",
    ),
    path("meetings/<int:pk>/cancel/", m.MeetingCancelView.as_view(), name="api-meeting-cancel"),
    path("meetings/<int:pk>/room/", m.MeetingRoomView.as_view(), name="api-meeting-room"),
    path(
        "meetings/<int:pk>/room/session/",
        m.MeetingSessionView.as_view(),
        name="api-meeting-session",
    ),
    path(
        "meetings/<int:pk>/room/statements/",
        m.RoomStatementView.as_view(),
        name="api-meeting-room-statements",
    ),
    path(
        "meetings/<int:pk>/room/hand-counts/",
        m.HandCountView.as_view(),
        name="api-meeting-hand-counts",
    ),
    path(
        "meetings/<int:pk>/room/attendance/",
        m.AttendanceView.as_view(),
        name="api-meeting-attendance",
    ),
    path("meetings/<int:pk>/minutes/", m.MinutesView.as_view(), name="api-meeting-minutes"),
    path(
        "meetings/<int:pk>/minutes/amendment-window/",
        m.AmendmentWindowView.as_view(),
        name="api-meeting-amendment-window",
    ),
    path(
        "meetings/<int:pk>/minutes/final/",
        m.MinutesFinalView.as_view(),
        name="api-meeting-minutes-final",
    ),
    path(
        "meetings/<int:pk>/minutes/amendments/",
        m.AmendmentListView.as_view(),
        name="api-meeting-amendments",
    ),
    path(
        "meetings/<int:pk>/calendar.ics",
        m.MeetingCalendarView.as_view(),
        name="api-meeting-calendar",
    ),
]
