"""Scheduled work of the statistics app: keep every organisation's figures computed."""

from __future__ import annotations

from celery import shared_task

from civic.places.models import Organisation
from civic.statistics.selectors.statistics import organisation_statistics


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def statistics_refresh_task() -> dict[str, int]:
    """Recompute and cache each organisation's statistics; safe to run twice."""
    done = 0
    for organisation in Organisation.objects.order_by("pk"):
        organisation_statistics(organisation=organisation, refresh=True)
        done += 1
    return {"organisations": done}
