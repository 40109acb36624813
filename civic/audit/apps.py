from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "civic.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from civic.accounts import personal_data
        from civic.audit.personal_data import export_audit

        # The entries stay (the trail is the organisation's record); deleting the account
        # only clears who did it (actor is SET_NULL).
        personal_data.register("audit_trail", exporter=export_audit)
