from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SdgConfig(AppConfig):
    name = "civic.sdg"
    label = "sdg"
    verbose_name = _("Sustainable Development Goals")

    def ready(self) -> None:
        from civic.accounts import personal_data
        from civic.sdg.personal_data import export_local_targets

        # The targets are the organisation's; deleting the account clears created_by only.
        personal_data.register("sdg_local_targets", exporter=export_local_targets)

        from civic import demo
        from civic.sdg.demo import demo_step

        demo.register_step("sdg", demo_step)
