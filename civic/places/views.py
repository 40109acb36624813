"""Organisation pages: public profile; census and in-person verification for officials."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civic.accounts.forms import CensusUploadForm, InPersonVerificationForm
from civic.accounts.selectors.users import user_by_email
from civic.accounts.services.verification import verification_in_person
from civic.errors import DomainError
from civic.http import acting_user
from civic.places.models import Organisation
from civic.places.selectors.places import area_list, census_import_list
from civic.places.services.census import census_import


def _organisation_for(request: HttpRequest, slug: str, permission: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm(permission, organisation):
        raise PermissionDenied
    return organisation


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), slug=slug)
    return render(
        request,
        "places/organisation_detail.html",
        {
            "organisation": organisation,
            "areas": area_list(organisation=organisation),
            "can_manage_census": request.user.has_perm("places.manage_census", organisation),
            "can_verify": request.user.has_perm("accounts.verify_in_person", organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def census(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for(request, slug, "places.manage_census")
    form = CensusUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = census_import(
            actor=acting_user(request),
            organisation=organisation,
            file=upload,
            filename=upload.name or "census.csv",
            mode=form.cleaned_data["mode"],
        )
        if record.status == record.Status.APPLIED:
            messages.success(request, _("The census file was imported."))
        else:
            messages.error(request, _("The census file was not imported. Nothing was changed."))
        return redirect("census-report", slug=organisation.slug, pk=record.pk)
    return render(
        request,
        "places/census.html",
        {
            "organisation": organisation,
            "form": form,
            "imports": census_import_list(organisation=organisation)[:20],
        },
    )


@login_required
def census_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_for(request, slug, "places.manage_census")
    record = get_object_or_404(census_import_list(organisation=organisation), pk=pk)
    return render(
        request,
        "places/census_report.html",
        {
            "organisation": organisation,
            "record": record,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify_in_person(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for(request, slug, "accounts.verify_in_person")
    form = InPersonVerificationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        resident = user_by_email(email=form.cleaned_data["email"])
        if resident is None:
            form.add_error("email", _("No account uses this email address."))
        else:
            try:
                verification_in_person(
                    actor=acting_user(request),
                    user=resident,
                    organisation=organisation,
                    area=form.cleaned_data["area"],
                    birth_year=form.cleaned_data["birth_year"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, str(error.message)
                )
            else:
                messages.success(request, _("The resident is verified."))
                return redirect("verify-in-person", slug=organisation.slug)
    return render(
        request,
        "places/verify_in_person.html",
        {
            "organisation": organisation,
            "form": form,
        },
    )
