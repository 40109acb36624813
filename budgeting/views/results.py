"""Results pages: per budget (chart, table, turnout, rule), anonymised ballots, receipts."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from budgeting.models import Budget, Round
from budgeting.selectors import results as sel
from budgeting.selectors.rounds import round_visible_to
from budgeting.services.results import (
    result_compute_later,
    result_publish,
    rule_explanation,
    rule_label,
)
from civic.errors import DomainError
from civic.http import acting_user


def _budget(pk: int) -> Budget:
    try:
        return sel.budget_for_results(pk)
    except Budget.DoesNotExist:
        raise Http404 from None


def round_results(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("organisation"), slug=slug)
    if not round_visible_to(user=request.user, round=round_):
        raise Http404
    can_manage = request.user.has_perm("budgeting.manage_round", round_)
    budgets = list(sel.budgets_with_results(round_))
    return render(
        request,
        "budgeting/results/round.html",
        {
            "round": round_,
            "budgets": budgets,
            "can_manage": can_manage,
            "closed": sel.voting_closed(round_),
        },
    )


def budget_results(request: HttpRequest, pk: int) -> HttpResponse:
    budget = _budget(pk)
    round_ = budget.round
    if not round_visible_to(user=request.user, round=round_):
        raise Http404
    can_manage = request.user.has_perm("budgeting.manage_round", round_)
    result = sel.result_of(budget, include_unpublished=can_manage)
    lines = sel.result_lines(result) if result else []
    rows = [{"line": line, "share": sel.share_of_budget(line, budget)} for line in lines]
    explanation = result.explanation if result else {}
    reasons = {line.item_id: line.reason for line in lines}
    steps = [
        {**step, "reason": reasons.get(step["item_id"], "")}
        for step in explanation.get("steps", [])
        if step.get("action") == "selected"
    ]
    return render(
        request,
        "budgeting/results/budget.html",
        {
            "budget": budget,
            "round": round_,
            "result": result,
            "rows": rows,
            "winners": [line for line in lines if line.selected],
            "chart": sel.bar_chart(lines) if lines else None,
            "turnout": result.turnout if result else None,
            "rule_name": rule_label(result.rule) if result else rule_label(round_.rule),
            "rule_text": explanation.get("text")
            or rule_explanation(round_.rule, round_.completion or "none"),
            "steps": steps,
            "is_mes": (result.rule if result else round_.rule).startswith("mes-"),
            "can_manage": can_manage,
            "closed": sel.voting_closed(round_),
            "ballots_public": sel.ballots_public(budget),
        },
    )


@login_required
@require_POST
def budget_compute(request: HttpRequest, pk: int) -> HttpResponse:
    budget = _budget(pk)
    if not request.user.has_perm("budgeting.manage_round", budget.round):
        raise PermissionDenied
    try:
        queued = result_compute_later(actor=acting_user(request), budget=budget)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        if queued:
            messages.info(request, _("The count is running; reload this page in a minute."))
        else:
            messages.success(request, _("The result is computed. Check it, then publish it."))
    return redirect("budgeting-results:budget", pk=budget.pk)


@login_required
@require_POST
def budget_publish(request: HttpRequest, pk: int) -> HttpResponse:
    budget = _budget(pk)
    if not request.user.has_perm("budgeting.manage_round", budget.round):
        raise PermissionDenied
    try:
        result_publish(actor=acting_user(request), budget=budget)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The result is published."))
    return redirect("budgeting-results:budget", pk=budget.pk)


def budget_ballots(request: HttpRequest, pk: int) -> HttpResponse:
    budget = _budget(pk)
    if not sel.ballots_public(budget):
        raise Http404
    paginator = Paginator(sel.anonymised_ballots(budget), 100)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "budgeting/results/ballots.html",
        {
            "budget": budget,
            "round": budget.round,
            "page": page,
            "rows": sel.ballot_rows(list(page.object_list), start=page.start_index()),
        },
    )


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Receipt code"),
        max_length=64,
        help_text=gettext_lazy("The code you received when you voted, e.g. ABCD-EFGH-JKLM."),
    )


@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(request.POST or None)
    check = None
    if request.method == "POST" and form.is_valid():
        check = sel.receipt_check(form.cleaned_data["code"])
    return render(request, "budgeting/results/receipt.html", {"form": form, "check": check})
