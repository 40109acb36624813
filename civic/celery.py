"""The Celery application: Redis broker, tasks found in every installed app."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings")

app = Celery("civic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Scheduled work is idempotent: every entry is safe to run twice.
app.conf.beat_schedule = {
    "deliver-pending-email": {
        "task": "civic.notifications.tasks.email_deliver_pending",
        "schedule": crontab(minute="*/5"),
    },
    "consultations-advance": {
        "task": "participation.tasks.consultations_advance_task",
        "schedule": crontab(minute="*"),
    },
    # Notifications: the outbox relay, features' scheduled jobs, digests (city time).
    "notifications-relay": {
        "task": "civic.notifications.tasks.notifications_relay_task",
        "schedule": 10.0,
    },
    "notifications-scheduled-jobs": {
        "task": "civic.notifications.tasks.scheduled_jobs_task",
        "schedule": crontab(minute="*"),
    },
    "notifications-digest-daily": {
        "task": "civic.notifications.tasks.digests_plan_task",
        "schedule": crontab(hour="7", minute="0"),
        "args": ("daily",),
    },
    "notifications-digest-weekly": {
        "task": "civic.notifications.tasks.digests_plan_task",
        "schedule": crontab(hour="7", minute="0", day_of_week="1"),
        "args": ("weekly",),
    },
    # Statistics: every organisation's suppressed figures, computed ahead of the pages.
    "statistics-refresh": {
        "task": "civic.statistics.tasks.statistics_refresh_task",
        "schedule": crontab(minute="*/30"),
    },
}
