"""The audit trail: one append-only row per official action.

What changed is kept as two small JSON objects (the fields before and after). Never a
ballot's content, and nothing that links a voter to a choice: paper ballot entries record
counts of ballots and the batch, not the choices on them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from civic.places.models import Organisation


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    action = models.CharField(_("action"), max_length=60)
    subject_type = models.CharField(_("subject type"), max_length=40)
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    # The process the subject belongs to (a statement's dialogue, a batch's round), so that
    # each process shows one log.
    process_type = models.CharField(_("process type"), max_length=40)
    process_id = models.PositiveBigIntegerField(_("process id"))
    before = models.JSONField(_("before"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reason"), blank=True)
    public = models.BooleanField(_("public"), default=False)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["process_type", "process_id", "-created_at"]),
            models.Index(fields=["organisation", "-created_at"]),
            models.Index(fields=["actor"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.subject_type}#{self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an entry is written once and never changed.
        if self.pk is not None and not self._state.adding:
            raise ValueError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Audit entries cannot be deleted.")

    @property
    def label(self) -> str:
        from civic.audit.actions import action_label

        return action_label(self.action)

    @property
    def changed_fields(self) -> list[str]:
        return sorted(set(self.before) | set(self.after))

    @property
    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field named in the entry."""
        return [(k, self.before.get(k), self.after.get(k)) for k in self.changed_fields]
