"""Public pages of rounds and proposals, and what residents do on them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from budgeting.forms.items import AttachmentForm, CommentForm, ItemForm
from budgeting.models import Item, Phase, Round, Support
from budgeting.selectors.eligibility import voting_eligibility
from budgeting.selectors.rounds import item_detail_queryset, item_list, round_list
from budgeting.services.items import (
    item_attach,
    item_comment,
    item_submit,
    item_support,
    item_unsupport,
    item_update,
    item_withdraw,
)
from civic.errors import DomainError
from civic.forms import form_add_domain_error
from civic.http import acting_user
from civic.sdg.filters import goal_param, sdg_filter


def _round(request: HttpRequest, slug: str) -> Round:
    round = round_list(user=request.user).filter(slug=slug).first()
    if round is None:
        raise Http404
    return round


def round_index(request: HttpRequest) -> HttpResponse:
    return render(request, "budgeting/round_list.html", {"rounds": round_list(user=request.user)})


def round_detail(request: HttpRequest, slug: str) -> HttpResponse:
    round = _round(request, slug)
    budget_filter = request.GET.get("budget", "")
    items = item_list(round=round)
    if budget_filter.isdigit():
        items = items.filter(budget_id=int(budget_filter))
    sdg = goal_param(request.GET.get("sdg"))
    if sdg:
        items = sdg_filter(items, sdg)
    eligibility = (
        voting_eligibility(user=request.user, round=round) if round.phase == Phase.VOTING else None
    )
    supported: set[int] = set()
    if request.user.is_authenticated and round.phase == Phase.SUPPORTS:
        supported = set(
            Support.objects.filter(user=request.user, item__round=round).values_list(
                "item_id", flat=True
            )
        )
    return render(
        request,
        "budgeting/round_detail.html",
        {
            "round": round,
            "items": items,
            "budgets": round.budgets.all(),
            "budget_filter": budget_filter,
            "sdg": sdg,
            "eligibility": eligibility,
            "supported": supported,
            "phase_changes": round.phase_changes.all(),
            "can_manage": request.user.has_perm("budgeting.manage_round", round),
        },
    )


def item_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _round(request, slug)
    item = get_object_or_404(item_detail_queryset(), round=round, pk=pk)
    user = request.user
    return render(
        request,
        "budgeting/item_detail.html",
        {
            "round": round,
            "item": item,
            "comment_form": CommentForm(),
            "attachment_form": AttachmentForm(),
            "is_author": user.is_authenticated and item.author_id == user.pk,
            "supports": user.is_authenticated
            and Support.objects.filter(item=item, user=user).exists(),
            "can_assess": user.has_perm("budgeting.assess_item", round),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_propose(request: HttpRequest, slug: str) -> HttpResponse:
    round = _round(request, slug)
    form = ItemForm(request.POST or None, round=round)
    if request.method == "POST" and form.is_valid():
        try:
            item = item_submit(author=acting_user(request), round=round, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request, _("Your proposal is submitted. You can edit it while submission is open.")
            )
            return redirect("budgeting:item", slug=round.slug, pk=item.pk)
    return render(request, "budgeting/item_form.html", {"round": round, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round = _round(request, slug)
    item = get_object_or_404(Item, round=round, pk=pk, author=request.user)
    initial = {
        "title": item.title,
        "description": item.description,
        "budget": item.budget,
        "estimated_cost": item.estimated_cost,
        "latitude": item.latitude,
        "longitude": item.longitude,
        "sdg_goals": item.sdg_goals,
    }
    form = ItemForm(request.POST or None, round=round, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item_update(actor=acting_user(request), item=item, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Your proposal is saved."))
            return redirect("budgeting:item", slug=round.slug, pk=item.pk)
    return render(request, "budgeting/item_form.html", {"round": round, "form": form, "item": item})


@login_required
@require_POST
def item_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    """Withdraw, support, unsupport, comment, attach: small POST forms on the item page."""
    round = _round(request, slug)
    item = get_object_or_404(Item, round=round, pk=pk)
    user = acting_user(request)
    try:
        if action == "withdraw":
            item_withdraw(actor=user, item=item)
            messages.success(request, _("Your proposal is withdrawn."))
        elif action == "support":
            item_support(user=user, item=item)
            messages.success(request, _("You support this proposal."))
        elif action == "unsupport":
            item_unsupport(user=user, item=item)
            messages.success(request, _("You no longer support this proposal."))
        elif action == "comment":
            form = CommentForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("Write a comment first."), field="body")
            item_comment(author=user, item=item, body=form.cleaned_data["body"])
            messages.success(request, _("Your comment is published."))
        elif action == "attach":
            upload = request.FILES.get("file")
            if upload is None:
                raise DomainError(_("Choose a file."), field="file")
            item_attach(
                actor=user, item=item, upload=upload, title=str(request.POST.get("title", ""))
            )
            messages.success(request, _("The file is added."))
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, str(error.message))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/budgeting/"):
        return redirect(next_url)
    return redirect("budgeting:item", slug=round.slug, pk=item.pk)
