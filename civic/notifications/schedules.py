"""Scheduled jobs that features plug into; Celery beat runs them every minute.

A feature registers a job in its ``AppConfig.ready()``::

    from datetime import timedelta
    from civic.notifications.schedules import scheduled_job_register

    def consultations_closing_soon(now):
        for consultation in consultations_closing_between(now, now + timedelta(hours=48)):
            with transaction.atomic():
                event_record(
                    kind="consultation.closing_soon", ...,
                    recipient_ids=followers_who_have_not_answered(consultation),
                    dedupe_key=f"consultation.closing_soon:{consultation.pk}",
                )

    scheduled_job_register("consultations.closing_soon", consultations_closing_soon,
                           every=timedelta(minutes=10))

Each job must be safe to run twice (``dedupe_key`` on the events it records; a state
check before a phase transition). The runner adds a claim so that two beats, or a beat
and a manual run, do not run the same job at the same time within its interval.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from civic.notifications.models import JobRun

logger = logging.getLogger(__name__)

Job = Callable[[datetime], Any]


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    run: Job
    every: timedelta


_jobs: dict[str, ScheduledJob] = {}


def scheduled_job_register(name: str, run: Job, *, every: timedelta = timedelta(minutes=5)) -> None:
    """Run ``run(now)`` about every ``every`` (at the next beat tick once due)."""
    if every < timedelta(minutes=1):
        raise ValueError("scheduled jobs run at most once a minute")
    _jobs[name] = ScheduledJob(name=name, run=run, every=every)


def scheduled_job_unregister(name: str) -> None:
    _jobs.pop(name, None)


def scheduled_jobs() -> list[ScheduledJob]:
    return [_jobs[name] for name in sorted(_jobs)]


def _claim(job: ScheduledJob, now: datetime) -> bool:
    JobRun.objects.get_or_create(name=f"job:{job.name}")
    # Slack of a few seconds so that a job every 5 minutes on a 1-minute beat keeps pace.
    due_before = now - job.every + timedelta(seconds=5)
    return bool(
        JobRun.objects.filter(name=f"job:{job.name}")
        .filter(Q(last_started_at__isnull=True) | Q(last_started_at__lte=due_before))
        .update(last_started_at=now)
    )


def scheduled_jobs_run(*, now: datetime | None = None) -> dict[str, str]:
    """Run every due job once; a failing job is recorded and does not stop the others."""
    now = now or timezone.now()
    outcome: dict[str, str] = {}
    for job in scheduled_jobs():
        if not _claim(job, now):
            outcome[job.name] = "not due"
            continue
        try:
            result = job.run(now)
        except Exception as error:
            logger.exception("scheduled job %s failed", job.name)
            JobRun.objects.filter(name=f"job:{job.name}").update(
                last_error=str(error)[:2000], runs=F("runs") + 1
            )
            outcome[job.name] = "failed"
            continue
        JobRun.objects.filter(name=f"job:{job.name}").update(
            last_finished_at=timezone.now(),
            last_error="",
            last_result={"result": result} if isinstance(result, int | str | None) else {},
            runs=F("runs") + 1,
        )
        outcome[job.name] = "ran"
    return outcome
