from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "civic.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from civic.statistics import personal_data_sections

        personal_data_sections.register()
