"""The ballot page: works without JavaScript (a "check my total" button recomputes the
running total on the server); a small script updates it live where JavaScript runs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budgeting.models import BallotType, Budget
from budgeting.selectors.ballots import ballot_items
from budgeting.selectors.eligibility import voting_eligibility
from budgeting.services.ballot_validation import ChoiceInput, ballot_summary, ballot_validate
from budgeting.services.ballots import ballot_cast, ballot_of
from budgeting.views.rounds import _round
from civic.errors import DomainError, ValidationFailed
from civic.http import acting_user


def _choices_from_post(budget: Budget, data: QueryDict) -> list[ChoiceInput]:
    getlist = data.getlist
    get = data.get
    kind = budget.ballot_type
    choices: list[ChoiceInput] = []
    if kind in (BallotType.APPROVAL, BallotType.KNAPSACK, BallotType.SINGLE):
        for value in getlist("item"):
            if str(value).isdigit():
                choices.append(ChoiceInput(int(value)))
    else:
        prefix = "points-" if kind == BallotType.CUMULATIVE else "rank-"
        for key in data:
            if key.startswith(prefix) and key[len(prefix) :].isdigit():
                raw = str(get(key, "")).strip()
                if not raw:
                    continue
                number = int(raw) if raw.isdigit() else -1
                item_id = int(key[len(prefix) :])
                if kind == BallotType.CUMULATIVE:
                    if number != 0:
                        choices.append(ChoiceInput(item_id, points=number))
                else:
                    choices.append(ChoiceInput(item_id, rank=number))
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def ballot_page(request: HttpRequest, slug: str, budget_id: int) -> HttpResponse:
    round = _round(request, slug)
    budget = get_object_or_404(
        Budget.objects.select_related("round", "round__organisation", "area"),
        round=round,
        pk=budget_id,
    )
    user = acting_user(request)
    items = ballot_items(budget=budget)
    eligibility = voting_eligibility(user=user, round=round)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        choices = _choices_from_post(budget, request.POST)
        if request.POST.get("action") == "cast":
            try:
                receipt = ballot_cast(voter=user, budget=budget, choices=choices)
            except ValidationFailed as error:
                errors = error.errors
            except DomainError as error:
                errors = {"": [str(error.message)]}
            else:
                messages.success(
                    request,
                    _(
                        "Your ballot is cast. Your receipt code is "
                        "%(code)s: keep it to check that your ballot is "
                        "counted when the results are published."
                    )
                    % {"code": receipt.code},
                )
                return redirect("budgeting:ballot", slug=round.slug, budget_id=budget.pk)
        else:
            try:
                ballot_validate(budget=budget, items=items, choices=choices)
            except ValidationFailed as error:
                errors = error.errors
    else:
        choices = [
            ChoiceInput(c.item_id, c.points, c.rank) for c in ballot_of(voter=user, budget=budget)
        ]
    summary = ballot_summary(budget=budget, items=items, choices=choices)
    chosen = {c.item_id: c for c in choices}
    rows = [{"item": item, "choice": chosen.get(item.pk)} for item in items.values()]
    return render(
        request,
        "budgeting/ballot.html",
        {
            "round": round,
            "budget": budget,
            "rows": rows,
            "summary": summary,
            "errors": errors,
            "eligibility": eligibility,
            "can_vote": eligibility.allows(budget) and round.phase == "voting",
            "has_ballot": bool(ballot_of(voter=user, budget=budget))
            if request.method == "GET"
            else False,
            "rank_options": range(1, budget.rank_top + 1),
            "point_options": range(budget.points_max_per_item + 1),
        },
    )
