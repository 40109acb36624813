"""Pabulib files: download a closed budget's anonymised ballots; import a file (officials)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from budgeting.models import Budget
from budgeting.selectors.results import ballots_public, budget_for_results
from budgeting.services.pabulib_io import (
    MAX_IMPORT_BYTES,
    PabulibImportError,
    decode_upload,
    export_filename,
    pabulib_export,
    pabulib_import,
)
from civic.errors import DomainError
from civic.http import acting_user
from civic.places.models import Area, Organisation


def budget_export(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        budget = budget_for_results(pk)
    except Budget.DoesNotExist:
        raise Http404 from None
    if not ballots_public(budget):
        raise Http404
    text = pabulib_export(budget=budget)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(budget)}"'
    return response


def organisations_for_import(user: object) -> list[Organisation]:
    return [
        organisation
        for organisation in Organisation.objects.order_by("name")
        if getattr(user, "has_perm")("budgeting.manage_round", organisation)  # noqa: B009
    ]


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )
    area = forms.ModelChoiceField(
        label=gettext_lazy("Area of the budget"),
        queryset=Area.objects.none(),
        help_text=gettext_lazy("An area of the chosen organisation."),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Leave empty to use the file's unit and year."),
    )
    file = forms.FileField(
        label=gettext_lazy("Pabulib file (.pb or .pb.gz)"),
        help_text=gettext_lazy(
            "The whole file is checked first: if a line is wrong, nothing "
            "is imported and you are told which line."
        ),
    )

    def __init__(self, *args: object, organisations: list[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        ids = [o.pk for o in organisations]
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=ids)  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            organisation_id__in=ids
        ).select_related("organisation")
        self.fields["area"].label_from_instance = (  # type: ignore[attr-defined]
            lambda area: f"{area.organisation.name}: {area.name}"
        )


@login_required
@require_http_methods(["GET", "POST"])
def pabulib_import_view(request: HttpRequest) -> HttpResponse:
    organisations = organisations_for_import(request.user)
    if not organisations:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    error_line = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise PabulibImportError(0, _("The file is too large."))
            round_ = pabulib_import(
                actor=acting_user(request),
                organisation=form.cleaned_data["organisation"],
                area=form.cleaned_data["area"],
                text=decode_upload(upload.read()),
                title=form.cleaned_data["title"],
            )
        except PabulibImportError as error:
            error_line = error.line or None
            form.add_error("file", str(error.message))
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(
                request,
                _("The file is imported as a closed round. Check the result, then publish it."),
            )
            return redirect("budgeting-results:budget", pk=round_.budgets.get().pk)
    return render(
        request, "budgeting/pabulib/import.html", {"form": form, "error_line": error_line}
    )
