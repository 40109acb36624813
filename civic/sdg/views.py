"""Public SDG pages (/sdg/, /sdg/<n>/) and officials' pages for local targets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civic.errors import DomainError
from civic.forms import form_add_domain_error
from civic.http import acting_user
from civic.places.models import Organisation
from civic.sdg.forms import LocalTargetForm
from civic.sdg.goals import sdg_goal, sdg_goals
from civic.sdg.models import LocalTarget
from civic.sdg.selectors import goal_contents, goal_counts, local_target_list
from civic.sdg.services import local_target_create, local_target_delete, local_target_update


def sdg_index(request: HttpRequest) -> HttpResponse:
    language = get_language()
    counts = goal_counts()
    rows = [
        {
            "goal": goal,
            "short": goal.short(language),
            "title": goal.title(language),
            "counts": counts.for_goal(goal.number),
        }
        for goal in sdg_goals()
    ]
    return render(request, "sdg/index.html", {"rows": rows})


def sdg_goal_page(request: HttpRequest, number: int) -> HttpResponse:
    goal = sdg_goal(number)
    if goal is None:
        raise Http404
    language = get_language()
    return render(
        request,
        "sdg/goal.html",
        {
            "goal": goal,
            "short": goal.short(language),
            "title": goal.title(language),
            "targets": [(target.code, target.title(language)) for target in goal.targets],
            "contents": goal_contents(goal.number),
        },
    )


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("sdg.manage_localtarget", organisation):
        raise HttpPermissionDenied
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def local_targets_manage(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    form = LocalTargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            local_target_create(
                actor=acting_user(request), organisation=organisation, **form.cleaned_data
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The local target is saved."))
            return redirect("sdg-local-targets", slug=organisation.slug)
    return render(
        request,
        "sdg/local_targets.html",
        {
            "organisation": organisation,
            "targets": local_target_list(organisation_slug=organisation.slug),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def local_target_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation(request, slug)
    target = get_object_or_404(LocalTarget, organisation=organisation, pk=pk)
    initial = {name: getattr(target, name) for name in LocalTargetForm.base_fields}
    form = LocalTargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            local_target_update(actor=acting_user(request), target=target, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The local target is saved."))
            return redirect("sdg-local-targets", slug=organisation.slug)
    return render(
        request,
        "sdg/local_target_edit.html",
        {"organisation": organisation, "target": target, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def local_target_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation(request, slug)
    target = get_object_or_404(LocalTarget, organisation=organisation, pk=pk)
    local_target_delete(actor=acting_user(request), target=target)
    messages.success(request, _("The local target is deleted."))
    return redirect("sdg-local-targets", slug=organisation.slug)
