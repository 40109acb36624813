from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "civic.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from civic import demo
        from civic.notifications import personal_data_sections
        from civic.notifications.kinds import ANNOUNCEMENT, Channel, kind_register

        personal_data_sections.register()
        kind_register(ANNOUNCEMENT, _("Announcements for your area"), Channel.EMAIL)

        def demo_step(city: Any, say: Any) -> None:
            from civic.notifications.demo import demo_step as step

            step(city, say)

        demo.register_step("notifications", demo_step)
