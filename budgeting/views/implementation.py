"""Implementation pages: the public list and map, a project's timeline, official updates."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from budgeting.models import Project, ProjectStatus
from budgeting.selectors import implementation as sel
from budgeting.services import implementation as svc
from civic.errors import DomainError, ValidationFailed
from civic.http import acting_user
from civic.places.models import Area


def _project(pk: int) -> Project:
    try:
        return sel.project_detail(pk)
    except Project.DoesNotExist:
        raise Http404 from None


def project_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ProjectStatus.values:
        status = ""
    projects = list(sel.project_list(status=status, round_slug=request.GET.get("round", "")))
    area_ids = {p.item.budget.area_id for p in projects}
    areas = Area.objects.filter(pk__in=area_ids, boundary__isnull=False)
    return render(
        request,
        "budgeting/implementation/list.html",
        {
            "projects": projects,
            "map": sel.project_map(projects, areas),
            "statuses": ProjectStatus.choices,
            "status": status,
        },
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    return render(
        request,
        "budgeting/implementation/detail.html",
        {
            "project": project,
            "item": project.item,
            "timeline": svc.timeline(project),
            "can_manage": request.user.has_perm(
                "budgeting.manage_implementation", project.item.round
            ),
        },
    )


class ProjectForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ProjectStatus.choices)
    progress = forms.IntegerField(label=gettext_lazy("Progress (%)"), min_value=0, max_value=100)
    budget_spent = forms.DecimalField(
        label=gettext_lazy("Spent so far"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Note for the timeline"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class MilestoneForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Format: YYYY-MM-DD"),
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    text = forms.CharField(
        label=gettext_lazy("What happened"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    photo = forms.FileField(
        label=gettext_lazy("Photo"),
        required=False,
        help_text=gettext_lazy("JPEG, PNG or WebP, up to 5 MB."),
    )
    photo_alt = forms.CharField(
        label=gettext_lazy("Photo description"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Required with a photo: what it shows, for people who cannot see it."
        ),
    )


def _add_errors(form: forms.Form, error: DomainError) -> None:
    if isinstance(error, ValidationFailed) and error.errors:
        for field, messages_ in error.errors.items():
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(error.field if error.field in form.fields else None, str(error.message))


@login_required
@require_http_methods(["GET", "POST"])
def project_update(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    if not request.user.has_perm("budgeting.manage_implementation", project.item.round):
        raise PermissionDenied
    form = ProjectForm(
        request.POST or None,
        initial={
            "status": project.status,
            "progress": project.progress,
            "budget_spent": project.budget_spent,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.project_update(
                actor=acting_user(request),
                project=project,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
                budget_spent=form.cleaned_data["budget_spent"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The project is updated."))
            return redirect("budgeting-results:project", pk=project.pk)
    return render(
        request,
        "budgeting/implementation/update.html",
        {"project": project, "item": project.item, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    if not request.user.has_perm("budgeting.manage_implementation", project.item.round):
        raise PermissionDenied
    form = MilestoneForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.milestone_add(
                actor=acting_user(request),
                project=project,
                date=form.cleaned_data["date"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                photo=form.cleaned_data["photo"],
                photo_alt=form.cleaned_data["photo_alt"],
            )
        except DomainError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The milestone is on the timeline."))
            return redirect("budgeting-results:project", pk=project.pk)
    return render(
        request,
        "budgeting/implementation/milestone.html",
        {"project": project, "item": project.item, "form": form},
    )
