"""Pages for the signed-in person: profile, verification, data download, deletion."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civic.accounts.forms import AccountDeleteForm, CensusVerificationForm, ProfileForm
from civic.accounts.predicates import has_verified_email
from civic.accounts.selectors.users import user_profile
from civic.accounts.services.personal_data import account_delete, personal_data_export
from civic.accounts.services.profile import user_profile_update
from civic.accounts.services.verification import verification_by_census
from civic.errors import DomainError
from civic.http import acting_user
from civic.ratelimit import rate_limited


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    person = user_profile(user=acting_user(request))
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        user_profile_update(user=acting_user(request), **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        response = redirect("profile")
        # The chosen language applies at once, also over an earlier switcher choice.
        response.delete_cookie("django_language")
        return response
    return render(request, "accounts/profile.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def verification(request: HttpRequest) -> HttpResponse:
    person = user_profile(user=acting_user(request))
    form = CensusVerificationForm(request.POST or None)
    email_ok = has_verified_email(request.user)
    if request.method == "POST" and email_ok and form.is_valid():
        if rate_limited(request, action="census_verification", limit=10, period=3600):
            form.add_error(None, _("Too many attempts. Try again in an hour."))
        else:
            try:
                verification_by_census(user=acting_user(request), **form.cleaned_data)
            except DomainError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, str(error.message)
                )
            else:
                messages.success(request, _("You are verified as a resident. Thank you."))
                return redirect("verification")
    return render(
        request,
        "accounts/verification.html",
        {
            "form": form,
            "person": person,
            "email_ok": email_ok,
        },
    )


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    data = personal_data_export(user=acting_user(request))
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="civic-square-my-data-{stamp}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=acting_user(request))
    if request.method == "POST" and form.is_valid():
        user = acting_user(request)
        logout(request)
        account_delete(user=user)
        messages.success(request, _("Your account is deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
