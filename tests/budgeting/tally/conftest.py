"""Shared helpers for the tally tests (test data lives in tests/data/pabulib/)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "pabulib"


def instance_files() -> list[Path]:
    return sorted(p for p in DATA.iterdir() if p.name.endswith((".pb", ".pb.gz")))


def instance_name(path: Path) -> str:
    return path.name.removesuffix(".gz")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
