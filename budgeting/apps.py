from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "budgeting"
    verbose_name = _("Participatory budgeting")

    def ready(self) -> None:
        from budgeting import registrations

        registrations.register()
        from budgeting import results_setup

        results_setup.register()
