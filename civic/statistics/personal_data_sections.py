"""The self-declared gender (kept on the account, used only in suppressed statistics)."""

from __future__ import annotations

from civic.accounts import personal_data
from civic.accounts.models import User


def _gender(user: User) -> dict[str, str]:
    return {"gender": user.gender, "label": str(user.get_gender_display()) if user.gender else ""}


def _gender_erase(user: User) -> None:
    if user.gender:
        user.gender = ""
        user.save(update_fields=["gender"])


def register() -> None:
    personal_data.register("gender", exporter=_gender, eraser=_gender_erase)
