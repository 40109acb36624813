"""Fan-out a chunk at a time: batches leave as each chunk commits, a retry goes on from
the cursor, and unsubscribe tokens are the ones Django's signer checks."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail, signing

from civic.notifications.kinds import Channel
from civic.notifications.models import DeliveryBatch, EmailState, Event, Notification
from civic.notifications.services.delivery import batch_send
from civic.notifications.services.fanout import _fanout_chunk, chunk_size, event_fanout
from civic.notifications.services.preferences import preferences_update
from civic.notifications.services.tokens import unsubscribe_claim, unsubscribe_token
from tests.factories import make_user
from tests.notifications.conftest import KIND, Record

pytestmark = pytest.mark.django_db


def test_chunks_are_whole_batches(settings: Any) -> None:
    settings.NOTIFICATIONS_FANOUT_CHUNK = 5000
    settings.NOTIFICATIONS_BATCH_SIZE = 2000
    assert chunk_size() == 4000
    settings.NOTIFICATIONS_BATCH_SIZE = 3
    assert chunk_size() % 3 == 0
    settings.NOTIFICATIONS_BATCH_SIZE = 9000  # larger than a chunk: one batch per chunk
    assert chunk_size() == 9000


def test_a_fan_out_that_dies_after_its_first_chunk_goes_on_from_there_when_retried(
    settings: Any, record_held: Record, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NOTIFICATIONS_BATCH_SIZE = 2
    settings.NOTIFICATIONS_FANOUT_CHUNK = 6
    people = [make_user() for _ in range(2 * chunk_size() + 1)]
    muted, in_app, silent = people[1], people[2], people[3]
    preferences_update(user=muted, muted=True)
    preferences_update(user=in_app, channels={KIND: Channel.IN_APP})
    preferences_update(user=silent, channels={KIND: Channel.OFF})
    event = record_held(recipient_ids=[p.pk for p in people])

    # The first chunk commits (and hands its batches over); then the worker dies.
    with django_capture_on_commit_callbacks(execute=False) as handed:
        created, finished = _fanout_chunk(event_id=event.pk)
    assert (created, finished) == (chunk_size() - 1, False)  # `silent` hears nothing
    assert len(handed) == 1
    event.refresh_from_db()
    assert event.state == Event.State.PENDING
    assert event.fanout_after == people[chunk_size() - 1].pk
    assert event.recipients == chunk_size() - 1
    first_batches = set(DeliveryBatch.objects.filter(event=event).values_list("pk", flat=True))
    assert first_batches

    # The retry goes on from the cursor; a duplicate task afterwards finds it done.
    assert event_fanout(event_id=event.pk) == len(people) - chunk_size()
    assert event_fanout(event_id=event.pk) == 0
    event.refresh_from_db()
    assert event.state == Event.State.DONE
    assert event.recipients == len(people) - 1
    notified = list(Notification.objects.filter(event=event).values_list("user_id", flat=True))
    assert sorted(notified) == sorted(p.pk for p in people if p is not silent)
    states = dict(Notification.objects.filter(event=event).values_list("user_id", "email_state"))
    assert states[muted.pk] == states[in_app.pk] == EmailState.NONE

    # Every email is in exactly one batch, batches are whole, and their keys distinct.
    batches = DeliveryBatch.objects.filter(event=event)
    keys = list(batches.values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    for batch in batches:
        assert 1 <= Notification.objects.filter(batch=batch).count() <= 2
        batch_send(batch_id=batch.pk)
    emailed = sorted(m.to[0] for m in mail.outbox)
    assert emailed == sorted(p.email for p in people if p not in (muted, in_app, silent))


def test_unsubscribe_tokens_are_those_of_djangos_signer_and_survive_a_key_rotation(
    settings: Any,
) -> None:
    for user_id, kind in [(1, KIND), (98765, "*"), (42, "round.phase_changed")]:
        token = unsubscribe_token(user_id=user_id, kind=kind)
        assert token == signing.Signer(salt="civic.notifications.unsubscribe").sign(
            f"{user_id}.{kind}"
        )
        claim = unsubscribe_claim(token)
        assert claim is not None
        assert (claim.user_id, claim.kind) == (user_id, kind)
    old = unsubscribe_token(user_id=5, kind=KIND)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    new = unsubscribe_token(user_id=5, kind=KIND)
    assert new != old  # signed with the new key...
    assert unsubscribe_claim(old) is not None  # ...while links already sent still work
    settings.SECRET_KEY_FALLBACKS = []
    assert unsubscribe_claim(old) is None
