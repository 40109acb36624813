from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from civic import demo, processes
        from civic.accounts import personal_data
        from civic.notifications.kinds import Channel, kind_register
        from participation import consultation_hooks

        kind_register("consultation.opened", _("A consultation opens"), Channel.EMAIL)
        kind_register("consultation.closed", _("A consultation closes"), Channel.IN_APP)
        kind_register("consultation.answered", _("The city answers a consultation"), Channel.EMAIL)
        kind_register(
            "consultation.closing_soon", _("A consultation closes in 48 hours"), Channel.EMAIL
        )
        from datetime import timedelta

        from civic.notifications.schedules import scheduled_job_register
        from participation.consultation_reminders import consultations_closing_soon_job

        scheduled_job_register(
            "consultations.closing_soon",
            consultations_closing_soon_job,
            every=timedelta(minutes=15),
        )
        processes.register("consultation", consultation_hooks.open_consultations)
        personal_data.register(
            "consultations",
            exporter=consultation_hooks.personal_data_export,
            eraser=consultation_hooks.personal_data_erase,
        )
        demo.register_step("consultations", consultation_hooks.demo_step)
        from participation import dialogue_hooks

        dialogue_hooks.register_all()
