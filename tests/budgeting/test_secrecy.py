"""Ballot secrecy: no path from a person to what they voted, in models, API, admin, data."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db import models
from django.test import Client

from budgeting.models import Ballot, BallotChoice, VoterRoll
from budgeting.services.ballot_validation import ChoiceInput
from budgeting.services.ballots import ballot_cast
from civic.accounts.models import User
from tests.budgeting.factories import build_round
from tests.factories import CityFixture


def _related_models(model: type[models.Model]) -> set[type[models.Model]]:
    related = set()
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model is not None:
            related.add(field.related_model)
    return related


def test_ballot_tables_hold_no_link_to_a_person() -> None:
    for model in (Ballot, BallotChoice):
        assert User not in _related_models(model), model
        names = {field.name for field in model._meta.get_fields()}
        # No time either: timestamps could be matched against the voter roll.
        assert not names & {"user", "voter", "created_at", "updated_at", "cast_at"}, names
    assert isinstance(Ballot._meta.pk, models.UUIDField)  # no sequence to line up with the roll
    assert Ballot not in _related_models(VoterRoll)
    assert VoterRoll not in _related_models(Ballot)


def test_the_voter_key_cannot_be_recomputed_without_the_secret(
    city: CityFixture, settings: object
) -> None:
    import hashlib

    pb = build_round(city)
    resident = city.people["resident"]
    ballot_cast(voter=resident, budget=pb.city_budget, choices=[ChoiceInput(pb.city_items[3].pk)])
    key = Ballot.objects.get().voter_key
    guesses = {
        hashlib.sha256(f"{pb.city_budget.pk}:{resident.pk}".encode()).hexdigest(),
        hashlib.sha256(str(resident.pk).encode()).hexdigest(),
        hashlib.sha256(resident.email.encode()).hexdigest(),
    }
    assert key not in guesses


def test_no_api_or_page_shows_who_voted_what(city: CityFixture) -> None:
    pb = build_round(city)
    resident = city.people["resident"]
    choice = pb.city_items[2]
    ballot_cast(voter=resident, budget=pb.city_budget, choices=[ChoiceInput(choice.pk)])
    official = Client()
    official.force_login(city.people["superuser"])
    texts = []
    for path in (
        "/api/v1/me/export/",
        f"/api/v1/rounds/{pb.round.slug}/",
        f"/api/v1/rounds/{pb.round.slug}/items/",
        f"/budgeting/{pb.round.slug}/manage/",
    ):
        texts.append(official.get(path).content.decode())
    mine = Client()
    mine.force_login(resident)
    export = mine.get("/api/v1/me/export/").json()
    assert "budgeting" in export
    assert str(choice.pk) not in json.dumps(export["budgeting"])
    assert all(resident.email not in text or "budgeting" not in text for text in texts)


def test_admin_never_shows_ballots_next_to_voters(city: CityFixture, rf: Any) -> None:
    request = rf.get("/admin/")
    registered = admin.site._registry
    if Ballot in registered:
        ballot_admin = registered[Ballot]
        shown = set(ballot_admin.get_list_display(request)) | set(ballot_admin.get_fields(request))
        assert "voter_key" not in shown
    if VoterRoll in registered:
        roll_admin = registered[VoterRoll]
        assert not any("ballot" in str(name) for name in roll_admin.get_list_display(request))
    client = Client()
    client.force_login(city.people["superuser"])
    pb = build_round(city)
    ballot_cast(
        voter=city.people["resident"],
        budget=pb.city_budget,
        choices=[ChoiceInput(pb.city_items[3].pk)],
    )
    for model in (Ballot, VoterRoll, BallotChoice):
        if model in registered:
            url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            page = client.get(url).content.decode()
            assert Ballot.objects.get().voter_key not in page
