"""What results and implementation plug into the platform: event kinds, the Celery task
module and the demo step. Called once from ``BudgetingConfig.ready``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from budgeting import tasks_results  # noqa: F401 - registers the Celery task
    from budgeting.demo_results import seed_results
    from civic import demo
    from civic.notifications.kinds import Channel, kind_register

    kind_register(
        "round.results_published", _("Results of a budgeting round are published"), Channel.EMAIL
    )
    kind_register("milestone.added", _("News from a project being built"), Channel.IN_APP)
    demo.register_step("budgeting-results", seed_results)
