"""Announcements: an official tells everyone subscribed to an area (and the areas above)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.errors import DomainError, PermissionDenied
from civic.notifications.kinds import ANNOUNCEMENT
from civic.notifications.models import Event
from civic.notifications.services.events import event_record
from civic.places.models import Area


def announcement_send(
    *, actor: User, area: Area, title: str, summary: str = "", dedupe_key: str | None = None
) -> Event:
    if not actor.has_perm("notifications.announce", area.organisation):
        raise PermissionDenied(_("Only officials of this organisation may announce."))
    title = title.strip()
    if not title:
        raise DomainError(_("Give the announcement a title."), field="title")
    with transaction.atomic():
        return event_record(
            kind=ANNOUNCEMENT,
            organisation=area.organisation,
            subject_type="area",
            subject_id=area.pk,
            title=title,
            url=reverse("notification-feed"),
            actor=actor,
            area_ids=[area.pk],
            payload={"summary": summary.strip()[:2000], "area": area.name},
            dedupe_key=dedupe_key,
        )
