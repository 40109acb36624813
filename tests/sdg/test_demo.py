from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from civic.sdg.models import LocalTarget


@pytest.mark.django_db
def test_demo_adds_local_targets_once() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    assert "SDG: 4 local targets" in out.getvalue()
    assert LocalTarget.objects.count() == 4
    assert set(LocalTarget.objects.values_list("goal", flat=True)) == {11, 13, 16}
