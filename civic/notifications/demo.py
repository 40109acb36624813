"""Demo data: residents subscribe to their neighbourhood (some to the whole city), and
the city welcomes them, so the worker prints notification email as soon as it starts."""

from __future__ import annotations

from collections.abc import Callable

from civic.accounts.models import Verification
from civic.demo import DemoCity
from civic.notifications.services.announcements import announcement_send
from civic.notifications.services.events import area_subscribe


def demo_step(demo: DemoCity, say: Callable[[str], None]) -> None:
    city_area = demo.areas.get("riverton")
    home = dict(
        Verification.objects.filter(user__in=demo.residents).values_list("user_id", "area_id")
    )
    areas_by_id = {area.pk: area for area in demo.areas.values()}
    for number, resident in enumerate(demo.residents, start=1):
        if home.get(resident.pk) in areas_by_id:
            area_subscribe(user=resident, area=areas_by_id[home[resident.pk]])
        if city_area is not None and number <= 8:
            area_subscribe(user=resident, area=city_area)
    official = demo.staff.get("official")
    if city_area is not None and official is not None:
        announcement_send(
            actor=official,
            area=city_area,
            title="Welcome to Civic Square notifications",
            summary="You hear here about consultations, budgets and meetings in your area.",
            dedupe_key="demo:welcome",
        )
    say("Notifications: residents subscribed to their neighbourhoods; a welcome announcement.")
