"""The ballot endpoint's request and response bodies without a serializer's per-request
work (copying its fields, running each field's validators) on the common case.

A well-formed JSON ballot is read here exactly as ``BallotInputSerializer`` reads it;
anything else (form data, strings or decimals for numbers, out-of-range values, missing
fields) returns None and goes through the serializer, whose errors and conversions stay
the API's. The receipt is the dictionary ``ReceiptSerializer`` produces. The serializers
remain the schema of both bodies.
"""

from __future__ import annotations

from typing import Any

from budgeting.services.ballot_validation import ChoiceInput
from budgeting.services.ballots import Receipt

# BallotChoiceSerializer's bounds.
POINTS_MIN, POINTS_MAX = 0, 1000
RANK_MIN, RANK_MAX = 1, 1000


def ballot_choices_plain(data: Any) -> list[ChoiceInput] | None:
    """The choices of a plain JSON ballot, or None when the serializer must read it."""
    if type(data) is not dict:
        return None
    entries = data.get("choices")
    if type(entries) is not list:
        return None
    choices = []
    for entry in entries:
        if type(entry) is not dict:
            return None
        item = entry.get("item")
        points = entry.get("points", 1)
        rank = entry.get("rank")
        if type(item) is not int or type(points) is not int:
            return None
        if not POINTS_MIN <= points <= POINTS_MAX:
            return None
        if rank is not None and (type(rank) is not int or not RANK_MIN <= rank <= RANK_MAX):
            return None
        choices.append(ChoiceInput(item_id=item, points=points, rank=rank))
    return choices


def receipt_payload(receipt: Receipt) -> dict[str, Any]:
    """What ``ReceiptSerializer`` makes of a receipt."""
    return {
        "receipt": str(receipt.code),
        "budget": int(receipt.budget_id),
        "replaced": bool(receipt.replaced),
        "channel": str(receipt.channel),
    }
