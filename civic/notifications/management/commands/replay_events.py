"""Hand undelivered events and unfinished email batches to Celery again.

Everything it hands over is idempotent: an event already fanned out is skipped, a
person already notified or emailed is not notified or emailed again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from civic.notifications.models import DeliveryBatch, Event
from civic.notifications.services.events import event_dispatch
from civic.notifications.services.failures import failed_requeue
from civic.notifications.services.fanout import batches_dispatch, event_fanout


class Command(BaseCommand):
    help = "Replay undelivered notification events (and unfinished email batches)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--event", type=int, action="append", help="only these event ids")
        parser.add_argument(
            "--since-hours", type=float, default=None, help="only events newer than this"
        )
        parser.add_argument(
            "--inline",
            action="store_true",
            help="fan events out in this process instead of handing them to Celery",
        )
        parser.add_argument(
            "--failed",
            action="store_true",
            help="also re-queue events and batches set aside as failed (fresh attempts)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="only count what would be replayed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["failed"]:
            failed_events = Event.objects.filter(state=Event.State.FAILED)
            failed_batches = DeliveryBatch.objects.filter(state=DeliveryBatch.State.FAILED)
            if options["event"]:
                failed_events = failed_events.filter(pk__in=options["event"])
                failed_batches = failed_batches.filter(event_id__in=options["event"])
            self.stdout.write(
                f"{failed_events.count()} failed events, {failed_batches.count()} failed batches"
            )
            if not options["dry_run"]:
                requeued_events, requeued_batches = failed_requeue(
                    event_ids=list(failed_events.values_list("pk", flat=True)),
                    batch_ids=list(failed_batches.values_list("pk", flat=True)),
                )
                self.stdout.write(
                    f"re-queued {len(requeued_events)} events and {len(requeued_batches)} batches"
                )
        events = Event.objects.filter(state=Event.State.PENDING)
        batches = DeliveryBatch.objects.filter(state=DeliveryBatch.State.PENDING)
        if options["event"]:
            events = events.filter(pk__in=options["event"])
            batches = batches.filter(event_id__in=options["event"])
        if options["since_hours"] is not None:
            since = timezone.now() - timedelta(hours=options["since_hours"])
            events = events.filter(created_at__gte=since)
            batches = batches.filter(created_at__gte=since)
        event_ids = list(events.order_by("created_at").values_list("pk", flat=True))
        batch_ids = list(batches.order_by("created_at").values_list("pk", flat=True))
        self.stdout.write(f"{len(event_ids)} undelivered events, {len(batch_ids)} open batches")
        if options["dry_run"]:
            return
        handed = 0
        for event_id in event_ids:
            if options["inline"]:
                event_fanout(event_id=event_id)
                handed += 1
            elif event_dispatch(event_id=event_id):
                handed += 1
            else:
                self.stderr.write("The broker is unreachable; run again later or use --inline.")
                break
        # Leases protect batches that are being sent right now.
        batches_handed = batches_dispatch(batch_ids=batch_ids)
        self.stdout.write(
            self.style.SUCCESS(f"replayed {handed} events and {batches_handed} batches")
        )
