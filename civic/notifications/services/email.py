"""Queue rendered email for delivery after the transaction commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from civic.notifications.models import OutboundEmail


def email_queue(
    *,
    to: Sequence[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> OutboundEmail:
    """Store the message and deliver it from a Celery task once the caller commits."""
    from civic.notifications.tasks import email_deliver

    message = OutboundEmail.objects.create(
        to=list(to),
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        headers=headers or {},
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
    )
    transaction.on_commit(lambda: email_deliver.delay(message.pk))
    return message


def email_send(*, message_id: int) -> bool:
    """Send one queued message if it is still pending. Returns True if it was sent now.

    The row lock makes a duplicated or retried task harmless: whoever comes second finds
    the message sent. Bodies are cleared once sent, since they may hold sign-in links.
    """
    with transaction.atomic():
        message = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboundEmail.Status.PENDING)
            .first()
        )
        if message is None:
            return False
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=message.from_email,
            to=message.to,
            headers=message.headers,
            connection=get_connection(),
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        message.attempts += 1
        try:
            email.send()
        except Exception as exc:
            # Record the attempt in its own write, then let the task retry with backoff.
            OutboundEmail.objects.filter(pk=message.pk).update(
                attempts=message.attempts, last_error=str(exc)[:2000]
            )
            raise
        message.status = OutboundEmail.Status.SENT
        message.sent_at = timezone.now()
        message.body_text = ""
        message.body_html = ""
        message.last_error = ""
        message.save(
            update_fields=["status", "sent_at", "body_text", "body_html", "attempts", "last_error"]
        )
    return True


def email_pending_ids(*, limit: int = 1000) -> list[int]:
    """Messages still pending a minute after they were queued (their task was lost)."""
    cutoff = timezone.now() - timedelta(minutes=1)
    return list(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
