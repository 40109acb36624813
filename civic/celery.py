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
}
