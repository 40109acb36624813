"""Send a batch of notification email over one SMTP connection, each message once.

A batch is taken under a lease (one worker at a time). Every message is rendered once per
(event, language) and stamped per recipient (address, unsubscribe link, Message-ID), then
marked sent right after the server accepts it: a worker killed mid-batch leaves exactly
the unsent rest for the next attempt. The only message in doubt after a hard kill is the
one whose acceptance had not been recorded yet; it is sent again with the same
Message-ID, so receiving servers and clients can discard the copy.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import smtplib
import socket
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

import psycopg
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import OperationalError
from django.db import connection as db
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from psycopg import pq

from civic.notifications.kinds import kind_label
from civic.notifications.models import DeliveryBatch, EmailState, Event, Notification
from civic.notifications.services.tokens import unsubscribe_token

logger = logging.getLogger(__name__)

TO_MARK = "civic-recipient@placeholder.invalid"
UNSUB_MARK = "https://civic-unsubscribe.invalid/"
MSGID_MARK = "civic-message-id@placeholder.invalid"


class BatchBusy(Exception):
    """Another worker holds the batch's lease."""

    def __init__(self, retry_in: float) -> None:
        super().__init__(f"batch leased for {retry_in:.0f}s more")
        self.retry_in = retry_in


def lease_seconds() -> int:
    return int(getattr(settings, "NOTIFICATIONS_LEASE_SECONDS", 660))


def absolute(url: str) -> str:
    if urlsplit(url).scheme:
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def message_id(kind: str, ident: int) -> str:
    return f"{kind}-{ident}@{_host(settings.SITE_URL)}"


@functools.lru_cache(maxsize=8)
def _host(site_url: str) -> str:
    return urlsplit(site_url).hostname or "localhost"


@dataclass
class Rendered:
    subject: str
    text: str
    html: str


@dataclass
class Outgoing:
    """One message to one person; ``mark`` lists the notification ids it covers."""

    to: str
    unsubscribe_url: str
    message_id: str
    mark: list[int]


class Sender:
    """Stamps and sends messages over one connection, marking each as it is accepted."""

    def __init__(self) -> None:
        self.backend: Any = get_connection()
        self.from_email = settings.DEFAULT_FROM_EMAIL
        self.envelope_from = parseaddr(self.from_email)[1] or self.from_email
        self.sent = 0
        self.failed = 0
        self.pipelining = False
        self.ahead_sent: str | None = None  # the recipient whose envelope is in flight
        self.pgconn: Any = None  # libpq connection for marking, found on first use
        self.envelope_bytes = self.envelope_from.encode()

    def __enter__(self) -> Sender:
        self.backend.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.backend.close()

    def _compose(self, rendered: Rendered, out: Outgoing) -> EmailMultiAlternatives:
        headers = {
            "List-Unsubscribe": f"<{out.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": f"<{out.message_id}>",
            "Auto-Submitted": "auto-generated",
        }
        email = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text.replace(UNSUB_MARK, out.unsubscribe_url),
            from_email=self.from_email,
            to=[out.to],
            headers=headers,
        )
        email.attach_alternative(
            rendered.html.replace(UNSUB_MARK, out.unsubscribe_url), "text/html"
        )
        return email

    def _template(self, rendered: Rendered) -> bytes | None:
        """The message as it goes over the wire after DATA (dot-stuffed, ending in
        CRLF.CRLF) with marks to stamp per recipient, when the SMTP fast path applies."""
        if not isinstance(self.backend, SmtpBackend) or self.backend.connection is None:
            return None
        raw = (
            self._compose(rendered, Outgoing(TO_MARK, UNSUB_MARK, MSGID_MARK, []))
            .message()
            .as_bytes(linesep="\r\n")  # type: ignore[call-arg]
        )
        expected = 1 + rendered.text.count(UNSUB_MARK) + rendered.html.count(UNSUB_MARK)
        if (
            raw.count(UNSUB_MARK.encode()) != expected
            or raw.count(TO_MARK.encode()) != 1
            or raw.count(MSGID_MARK.encode()) != 1
        ):
            return None  # the body got encoded (very long lines): compose each message
        # The marks sit inside lines, so stamping never creates a line that starts with
        # a dot: stuffing once here is stuffing every message.
        wire = smtplib._quote_periods(raw)  # type: ignore[attr-defined]
        if not wire.endswith(b"\r\n"):
            wire += b"\r\n"
        return wire + b".\r\n"

    def _envelope(self, to: str) -> bytes:
        return b"MAIL FROM:<" + self.envelope_bytes + b">\r\nRCPT TO:<" + to.encode() + b">\r\n"

    def _transmit(self, wire: bytes, to: str, *, ahead: str | None = None) -> None:
        """One message over the open connection: what ``SMTP.sendmail`` does for one
        recipient, without re-parsing the addresses for every message. Raises the
        exceptions ``sendmail`` raises.

        When the server offers PIPELINING (RFC 2920), MAIL, RCPT and DATA go in one
        write; and ``ahead`` (the next message's recipient) sends the next envelope in
        the same write as this message's content, which RFC 2920 allows (the content
        ends a group): one write and one read per message. The next message's content
        still waits until this one's acceptance is read and recorded."""
        if self.pipelining:
            if self.ahead_sent != to:
                self._send(self._envelope(to) + b"DATA\r\n")
            self.ahead_sent = None
            replies = [self._reply() for _ in range(3)]
        else:
            replies = []
            for command in [*self._envelope(to).split(b"\r\n")[:2], b"DATA"]:
                self._send(command + b"\r\n")
                replies.append(self._reply())
                if replies[-1][0] not in (250, 251, 354):
                    break
        mail, rcpt, data = (replies + [(503, b"not sent")] * 3)[:3]
        if mail[0] != 250:
            self._reset(mail[0])
            raise smtplib.SMTPSenderRefused(mail[0], mail[1], self.envelope_from)
        if rcpt[0] not in (250, 251):
            self._reset(rcpt[0])
            raise smtplib.SMTPRecipientsRefused({to: rcpt})
        if data[0] != 354:
            self._reset(data[0])
            raise smtplib.SMTPDataError(data[0], data[1])
        if self.pipelining and ahead is not None:
            self._send(wire + self._envelope(ahead) + b"DATA\r\n")
            self.ahead_sent = ahead
        else:
            self._send(wire)
        code, reply = self._reply()
        if code != 250:
            if self.ahead_sent is None or code < 500:
                self._reset(code)
            # A permanent refusal of the content leaves the next envelope in flight,
            # its replies read with the next message; a temporary one ends the batch.
            raise smtplib.SMTPDataError(code, reply)

    def _send(self, data: bytes) -> None:
        smtp = self.backend.connection
        if smtp is None or smtp.sock is None:
            raise smtplib.SMTPServerDisconnected("not connected")
        try:
            smtp.sock.sendall(data)
        except OSError as error:
            smtp.close()
            raise smtplib.SMTPServerDisconnected(f"server went away: {error}") from error

    def _reply(self) -> tuple[int, bytes]:
        """One reply: its code and text (single-line replies, the usual case, read in one
        call; anything else through smtplib)."""
        smtp = self.backend.connection
        assert smtp is not None
        if smtp.file is None:
            return smtp.getreply()
        line = smtp.file.readline(smtplib._MAXLINE + 1)  # type: ignore[attr-defined]
        if len(line) < 4 or line[3:4] != b" " or not line[:3].isdigit():
            if not line:
                smtp.close()
                raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
            # A multi-line (or odd) reply: let smtplib read the rest.
            code, rest = smtp.getreply()
            return (int(line[:3]) if line[:3].isdigit() else code), line[4:].strip() + rest
        return int(line[:3]), line[4:].rstrip()

    def _reset(self, code: int) -> None:
        smtp = self.backend.connection
        assert smtp is not None
        if code == 421:
            smtp.close()
            raise smtplib.SMTPServerDisconnected("the server closed the connection (421)")
        if self.ahead_sent is not None:
            # The next envelope is in flight and the server may be waiting for its
            # content: drop the connection (nothing half-sent is delivered), so that
            # closing does not send QUIT as message text.
            self.ahead_sent = None
            smtp.close()
            return
        smtp.rset()

    def send_all(self, rendered: Rendered, outgoing: Iterable[Outgoing], state: str) -> None:
        template = self._template(rendered)
        if template is not None:
            smtp = self.backend.connection
            assert smtp is not None
            if smtp.ehlo_resp is None and smtp.helo_resp is None:
                smtp.ehlo_or_helo_if_needed()
            self.pipelining = smtp.has_extn("pipelining")
            if smtp.sock is not None:
                # Small commands must not wait for the previous reply's ACK (Nagle).
                with contextlib.suppress(OSError):
                    smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.envelope_bytes = self.envelope_from.encode()
        queue = list(outgoing)
        fast = [template is not None and out.to.isascii() for out in queue]
        for index, out in enumerate(queue):
            try:
                if template is not None and fast[index]:
                    following = index + 1 < len(queue) and fast[index + 1]
                    self._transmit(
                        template.replace(TO_MARK.encode(), out.to.encode())
                        .replace(UNSUB_MARK.encode(), out.unsubscribe_url.encode())
                        .replace(MSGID_MARK.encode(), out.message_id.encode()),
                        out.to,
                        ahead=queue[index + 1].to if following else None,
                    )
                else:
                    self.backend.send_messages([self._compose(rendered, out)])
            except smtplib.SMTPRecipientsRefused as error:
                self._mark(out.mark, EmailState.FAILED, state)
                self.failed += 1
                logger.warning("recipient refused: %s", error)
                continue
            except smtplib.SMTPDataError as error:
                if error.smtp_code < 500:
                    raise
                self._mark(out.mark, EmailState.FAILED, state)
                self.failed += 1
                continue
            self._mark(out.mark, EmailState.SENT, state)
            self.sent += 1
        self.ahead_sent = None

    def _mark(self, ids: list[int], new: str, old: str) -> None:
        """Record the outcome at once, before the next message starts. This runs once
        per email, so on PostgreSQL it goes straight to libpq: one round trip to a
        statement prepared on the connection, none of the cursor machinery."""
        if not ids:
            return
        if self.pgconn is None:
            if db.vendor != "postgresql":
                Notification.objects.filter(pk__in=ids, email_state=old).update(
                    email_state=new, emailed_at=timezone.now()
                )
                return
            self.pgconn = _marking_connection()
        if len(ids) == 1:  # an event's email: `id = $2` costs PostgreSQL half of `ANY`
            statement, listed = MARK_ONE, str(ids[0]).encode()
        else:  # a digest covers several notifications
            statement, listed = MARK_MANY, ("{" + ",".join(map(str, ids)) + "}").encode()
        try:
            result = self.pgconn.exec_prepared(statement, [new.encode(), listed, old.encode()])
        except psycopg.Error as error:
            raise OperationalError(str(error)) from error
        if result.status != pq.ExecStatus.COMMAND_OK:
            message = (result.error_message or b"").decode(errors="replace")
            raise OperationalError(f"marking email {new} failed: {message}")


MARK_ONE = b"civic_notification_mark_one"
MARK_MANY = b"civic_notification_mark_many"


def _mark_statements() -> dict[bytes, bytes]:
    update = f"UPDATE {Notification._meta.db_table} SET email_state = $1, emailed_at = now() "  # noqa: S608  # table name from the model, values bound  # nosec B608
    return {
        MARK_ONE: (update + "WHERE id = $2::bigint AND email_state = $3").encode(),
        MARK_MANY: (update + "WHERE id = ANY($2::bigint[]) AND email_state = $3").encode(),
    }


def _marking_connection() -> Any:
    """The libpq connection, with the marking statements prepared on it: parsing and
    planning the update for every email cost PostgreSQL more than the update itself.
    Looked up once per batch, since the driver deallocates every prepared statement
    after a rollback."""
    db.ensure_connection()
    pgconn = db.connection.pgconn
    statements = _mark_statements()
    found = pgconn.exec_params(
        b"SELECT name FROM pg_prepared_statements WHERE name = ANY($1::text[])",
        [b"{" + b",".join(statements) + b"}"],
    )
    if found.status != pq.ExecStatus.TUPLES_OK:
        message = (found.error_message or b"").decode(errors="replace")
        raise OperationalError(f"looking up the marking statements failed: {message}")
    prepared = {found.get_value(row, 0) for row in range(found.ntuples)}
    for name, sql in statements.items():
        if name in prepared:
            continue
        result = pgconn.prepare(name, sql)
        if result.status != pq.ExecStatus.COMMAND_OK:
            message = (result.error_message or b"").decode(errors="replace")
            raise OperationalError(f"preparing the marking statement failed: {message}")
    return pgconn


def render_event_email(event: Event, language: str) -> Rendered:
    with translation.override(language):
        context: dict[str, Any] = {
            "event": event,
            "kind_label": kind_label(event.kind),
            "url": absolute(event.url),
            "summary": str(event.payload.get("summary", "")) if event.payload else "",
            "unsubscribe_url": UNSUB_MARK,
            "preferences_url": absolute(reverse("notification-preferences")),
            "site_name": getattr(settings, "SITE_NAME", "Civic Square"),
            "language": language,
        }
        subject = render_to_string("notifications/email/event_subject.txt", context)
        return Rendered(
            subject=" ".join(subject.split()),
            text=render_to_string("notifications/email/event.txt", context),
            html=render_to_string("notifications/email/event.html", context),
        )


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return _unsubscribe_pattern(settings.SITE_URL).replace("TOKEN", token)


@functools.lru_cache(maxsize=8)
def _unsubscribe_pattern(site_url: str) -> str:
    # Resolved once per process, not once per message.
    return absolute(reverse("notification-unsubscribe", args=["TOKEN"]))


def _lease(batch_id: int, now: datetime) -> DeliveryBatch | None:
    """Take the batch's lease, or None if it is done; BatchBusy if someone holds it."""
    taken = (
        DeliveryBatch.objects.filter(pk=batch_id, state=DeliveryBatch.State.PENDING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + timedelta(seconds=lease_seconds()), attempts=F("attempts") + 1)
    )
    batch = DeliveryBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.state != DeliveryBatch.State.PENDING:
        return None
    if not taken:
        assert batch.lease_until is not None
        raise BatchBusy(max(1.0, (batch.lease_until - now).total_seconds()))
    return batch


class BatchFailed(Exception):
    """A batch attempt failed and was recorded. ``retry_in``: seconds until the task
    should try again itself; None when it gave up or leaves the retry to the relay."""

    def __init__(self, error: BaseException, retry_in: float | None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_in = retry_in


def batch_send(*, batch_id: int, transient: tuple[type[BaseException], ...] | None = None) -> int:
    """Send what is left of one batch. Returns the number of messages sent now.

    A failure is recorded on the batch (error, backoff; set aside as failed once it has
    used its attempts) and raised as is, or, when ``transient`` is given, as
    :class:`BatchFailed` telling the task whether to retry it itself."""
    from civic.notifications.services.failures import (
        batch_failure_record,
        describe,
        max_attempts,
    )

    now = timezone.now()
    batch = _lease(batch_id, now)
    if batch is None:
        return 0
    if batch.attempts > max_attempts():
        # Earlier attempts died with their worker (killed, time limit): give up.
        batch_failure_record(
            batch_id=batch.pk,
            attempts=batch.attempts,
            error=batch.last_error or f"no attempt finished in {batch.attempts - 1}",
        )
        return 0
    sender = Sender()
    try:
        with sender:
            if batch.kind == DeliveryBatch.Kind.DIGEST:
                from civic.notifications.services.digests import digest_batch_send

                digest_batch_send(batch=batch, sender=sender)
            else:
                _event_batch_send(batch=batch, sender=sender)
    except Exception as error:
        DeliveryBatch.objects.filter(pk=batch.pk).update(
            sent=F("sent") + sender.sent, failed=F("failed") + sender.failed
        )
        retried = transient is not None and isinstance(error, transient)
        gave_up = batch_failure_record(
            batch_id=batch.pk,
            attempts=batch.attempts,
            error=describe(error),
            retried_by_task=retried,
        )
        logger.warning(
            "batch %s: attempt %s failed (%s)%s",
            batch.pk,
            batch.attempts,
            describe(error),
            " and is set aside as failed" if gave_up else "",
        )
        if transient is None:
            raise
        retry_in = None
        if retried and not gave_up:
            from civic.notifications.services.failures import backoff

            retry_in = backoff(batch.attempts).total_seconds()
        raise BatchFailed(error, retry_in) from error
    DeliveryBatch.objects.filter(pk=batch.pk).update(
        state=DeliveryBatch.State.DONE,
        lease_until=None,
        finished_at=timezone.now(),
        sent=F("sent") + sender.sent,
        failed=F("failed") + sender.failed,
        last_error="",
    )
    return sender.sent


def _event_batch_send(*, batch: DeliveryBatch, sender: Sender) -> None:
    rows = list(
        Notification.objects.filter(batch=batch, email_state=EmailState.PENDING)
        .order_by("id")
        .values_list("pk", "event_id", "user_id", "user__email", "user__preferred_language")
    )
    events = Event.objects.in_bulk({row[1] for row in rows})
    groups: dict[tuple[int, str], list[Outgoing]] = defaultdict(list)
    for pk, event_id, user_id, email, language in rows:
        event = events[event_id]
        groups[(event_id, language or settings.LANGUAGE_CODE)].append(
            Outgoing(
                to=email,
                unsubscribe_url=unsubscribe_url(user_id=user_id, kind=event.kind),
                message_id=message_id("n", pk),
                mark=[pk],
            )
        )
    for (event_id, language), outgoing in groups.items():
        sender.send_all(
            render_event_email(events[event_id], language), outgoing, EmailState.PENDING
        )
