"""The production profile passes Django's deployment checks with no warnings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        {
            "CIVIC_ENV": "production",
            "ALLOWED_HOSTS": "civic.example",
            "CENSUS_HASH_KEY": "k1",
            "BALLOT_KEY": "k2",
            "RESPONSE_KEY": "k3",
            **extra,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings() -> None:
    result = _check(SECRET_KEY="pr0duction-" + "s3cr3t-k3y-" * 5)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _check()
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
