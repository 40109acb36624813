"""Notifications: the event outbox, who hears what, email, digests, the in-app feed.

How a feature uses it
---------------------
1. Register its event kinds in ``AppConfig.ready()``::

       from civic.notifications.kinds import Channel, kind_register
       kind_register("round.phase_changed", _("A budget round moves on"), Channel.EMAIL)

2. Record events inside its own transaction (the event exists iff the change commits)::

       from civic.notifications.services.events import event_record, follow_add
       with transaction.atomic():
           round.phase = Phase.VOTING; round.save()
           event_record(kind="round.phase_changed", organisation=round.organisation,
                        subject_type="round", subject_id=round.pk, title=round.title,
                        url=round.get_absolute_url(), actor=actor,
                        area_ids=[round.area_id], dedupe_key=f"round.phase:{round.pk}:voting")

   Who hears: followers of (subject_type, subject_id), subscribers of the areas (and the
   areas above them), ``recipient_ids`` (e.g. an item's author, moderators of a report);
   never the actor; one notification per person per event, enforced by the database.

3. Follow automatically where it makes sense: ``follow_add(user=voter,
   subject_type="round", subject_id=round.pk, reason="voter")``. An explicit unfollow
   is remembered and beats later automatic follows.

4. Dated work (phase transitions, "closes in 48 hours", meeting reminders) goes in a
   scheduled job, run by Celery beat about every ``every``; it must be safe to run twice
   (``dedupe_key`` on its events, a state check before a transition)::

       from civic.notifications.schedules import scheduled_job_register
       scheduled_job_register("rounds.closing_soon", rounds_closing_soon,
                              every=timedelta(minutes=10))   # called as job(now)

Delivery: after commit the event goes to Celery (``event_fanout_task``); if the broker is
down the relay (beat, every 10 s) hands it over later. Fan-out bulk-inserts
notifications and plans email batches (``NOTIFICATIONS_BATCH_SIZE`` per task, one SMTP
connection each). Digests are planned by beat at 07:00 (daily) and Monday 07:00 (weekly).
"""
