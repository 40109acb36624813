"""Official pages: run the round, assess proposals, and the voting desk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budgeting.forms.items import AssessmentForm, BallotDecisionForm, DeskVoterForm
from budgeting.models import PHASE_ORDER, Item, PaperBatch, Phase, Round
from budgeting.selectors.ballots import ballot_items
from budgeting.selectors.rounds import item_list
from budgeting.services.assessment import (
    assessment_record,
    ballot_decide,
    incompatibility_mark,
    item_merge,
)
from budgeting.services.ballots import (
    ballot_cast,
    paper_batch_confirm,
    paper_batch_enter,
    paper_voter_mark,
)
from budgeting.services.rounds import round_phase_set, round_publish
from budgeting.views.ballots import _choices_from_post
from budgeting.views.rounds import _round
from civic.accounts.selectors.users import user_by_email
from civic.errors import DomainError
from civic.forms import form_add_domain_error
from civic.http import acting_user


def _posted_id(request: HttpRequest, name: str) -> int:
    """A posted object id; anything but digits matches nothing (a 404, never a 500)."""
    value = str(request.POST.get(name, ""))
    return int(value) if value.isdigit() else 0


def _checked_round(request: HttpRequest, slug: str, permission: str) -> Round:
    round = _round(request, slug)
    if not request.user.has_perm(permission, round):
        raise PermissionDenied
    return round


@login_required
@require_http_methods(["GET", "POST"])
def manage_round(request: HttpRequest, slug: str) -> HttpResponse:
    round = _checked_round(request, slug, "budgeting.manage_round")
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                round_publish(actor=acting_user(request), round=round)
            else:
                round_phase_set(
                    actor=acting_user(request),
                    round=round,
                    phase=str(request.POST.get("phase", "")),
                )
            messages.success(request, _("The round moved on."))
        except DomainError as error:
            messages.error(request, str(error.message))
        return redirect("budgeting:manage", slug=round.slug)
    index = PHASE_ORDER.index(round.phase)
    later = [
        Phase(p)
        for p in PHASE_ORDER[index + 1 :]
        if not (p == Phase.SUPPORTS and round.supports_open is None)
    ]
    return render(
        request,
        "budgeting/manage.html",
        {
            "round": round,
            "later_phases": later,
            "items": item_list(round=round, include_withdrawn=True),
            "pending_batches": PaperBatch.objects.filter(
                budget__round=round, status=PaperBatch.Status.PENDING
            ).select_related("budget", "entered_by"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assess_item(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _checked_round(request, slug, "budgeting.assess_item")
    item = get_object_or_404(
        Item.objects.select_related("assessment", "budget"), round=round, pk=pk
    )
    assessment = getattr(item, "assessment", None)
    initial = (
        {
            "feasibility": assessment.feasibility,
            "reason": assessment.reason,
            "cost_estimate": assessment.cost_estimate,
            "notes": assessment.notes,
        }
        if assessment
        else {}
    )
    form = AssessmentForm(
        request.POST if request.POST.get("form") == "assess" else None, initial=initial
    )
    decision = BallotDecisionForm(request.POST if request.POST.get("form") == "ballot" else None)
    can_decide = request.user.has_perm("budgeting.manage_round", round)
    others = Item.objects.filter(round=round).exclude(pk=item.pk).order_by("title")
    if request.method == "POST":
        try:
            which = request.POST.get("form")
            if which == "assess" and form.is_valid():
                assessment_record(actor=acting_user(request), item=item, **form.cleaned_data)
                messages.success(request, _("The assessment is saved; the author is told."))
                return redirect("budgeting:assess", slug=round.slug, pk=item.pk)
            if which == "ballot" and can_decide and decision.is_valid():
                ballot_decide(actor=acting_user(request), item=item, **decision.cleaned_data)
                messages.success(request, _("The ballot decision is saved; the author is told."))
                return redirect("budgeting:assess", slug=round.slug, pk=item.pk)
            if which in ("merge", "incompatible") and can_decide:
                other = get_object_or_404(others, pk=_posted_id(request, "other"))
                if which == "merge":
                    item_merge(actor=acting_user(request), duplicate=item, into=other)
                else:
                    incompatibility_mark(
                        actor=acting_user(request),
                        first=item,
                        second=other,
                        reason=str(request.POST.get("reason", "")),
                    )
                messages.success(request, _("Saved."))
                return redirect("budgeting:assess", slug=round.slug, pk=item.pk)
        except DomainError as error:
            form_add_domain_error(form if request.POST.get("form") == "assess" else decision, error)
    return render(
        request,
        "budgeting/assess.html",
        {
            "round": round,
            "item": item,
            "form": form,
            "decision": decision,
            "can_decide": can_decide,
            "others": others,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest, slug: str) -> HttpResponse:
    """Assisted and paper voting for residents identified in person."""
    round = _checked_round(request, slug, "budgeting.record_paper_ballot")
    budgets = list(round.budgets.select_related("area"))
    budget_param = str(request.POST.get("budget") or request.GET.get("budget") or "")
    budget = next(
        (b for b in budgets if str(b.pk) == budget_param), budgets[0] if budgets else None
    )
    voter_form = DeskVoterForm(request.POST or None)
    if request.method == "POST" and budget is not None:
        action = request.POST.get("action")
        try:
            if action == "confirm":
                batch = get_object_or_404(
                    PaperBatch, budget__round=round, pk=_posted_id(request, "batch")
                )
                paper_batch_confirm(actor=acting_user(request), batch=batch)
                messages.success(request, _("The paper batch is confirmed and will be counted."))
            elif action == "batch":
                counts = {
                    int(k[len("count-") :]): int(str(v))
                    for k, v in request.POST.items()
                    if k.startswith("count-") and k[len("count-") :].isdigit() and str(v).isdigit()
                }
                ballots_text = str(request.POST.get("ballots", ""))
                if not ballots_text.isdigit() or int(ballots_text) < 1:
                    raise DomainError(_("Enter how many ballots were in the box."), field="ballots")
                paper_batch_enter(
                    actor=acting_user(request),
                    budget=budget,
                    label=str(request.POST.get("label", ""))[:120],
                    ballots=int(ballots_text),
                    counts=counts,
                )
                messages.success(
                    request, _("The batch is entered. A second official must confirm it.")
                )
            elif voter_form.is_valid():
                voter = user_by_email(email=voter_form.cleaned_data["email"])
                if voter is None:
                    raise DomainError(_("No account uses this email address."), field="email")
                if action == "paper":
                    paper_voter_mark(actor=acting_user(request), voter=voter, budget=budget)
                    messages.success(request, _("Checked off the roll: hand over a paper ballot."))
                else:
                    receipt = ballot_cast(
                        voter=voter,
                        budget=budget,
                        channel="desk",
                        recorded_by=acting_user(request),
                        choices=_choices_from_post(budget, request.POST),
                    )
                    messages.success(
                        request,
                        _("The ballot is recorded. Receipt code for the resident: %(code)s")
                        % {"code": receipt.code},
                    )
        except DomainError as error:
            messages.error(request, str(error.message))
        return redirect(f"{request.path}?budget={budget.pk}")
    return render(
        request,
        "budgeting/desk.html",
        {
            "round": round,
            "budgets": budgets,
            "budget": budget,
            "voter_form": voter_form,
            "items": list(ballot_items(budget=budget).values()) if budget else [],
            "pending": PaperBatch.objects.filter(
                budget__round=round, status=PaperBatch.Status.PENDING
            ).select_related("budget", "entered_by"),
        },
    )
