"""Organisers' page forms of dialogues: open a dialogue and edit it.

The forms only parse input; ``dialogue_create`` and ``dialogue_update`` check it, exactly as
for the API, and their errors are shown next to the fields they concern.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civic.errors import DomainError
from civic.forms import form_add_domain_error
from civic.http import acting_user
from civic.places.models import Organisation
from participation.forms.dialogues import DialogueForm
from participation.selectors.dialogues import organisations_where
from participation.services.dialogues import dialogue_create, dialogue_update
from participation.views.dialogues import dialogue_for


@login_required
def dialogue_new_choose(request: HttpRequest) -> HttpResponse:
    """Which organisation opens the dialogue (skipped when there is only one)."""
    organisations = organisations_where(user=request.user, permission="participation.add_dialogue")
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1:
        return redirect("dialogue-new", slug=organisations[0].slug)
    return render(
        request,
        "participation/dialogues/choose_organisation.html",
        {"organisations": organisations},
    )


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("participation.add_dialogue", organisation):
        raise PermissionDenied
    form = DialogueForm(
        request.POST or None,
        organisation=organisation,
        initial={
            "identity_mode": "pseudonymous",
            "moderation_mode": "post",
            "statement_max_length": 140,
            "participants_may_add": True,
            "auto_hide_reports": 3,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = dialogue_create(
                actor=acting_user(request),
                organisation=organisation,
                **{name: form.cleaned_data[name] for name in DialogueForm.FIELDS},
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The dialogue is created as a draft."))
            return redirect("dialogue-detail", pk=dialogue.pk)
    return render(
        request,
        "participation/dialogues/form.html",
        {"form": form, "organisation": organisation, "dialogue": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = dialogue_for(request, pk, "participation.edit_dialogue")
    initial = {name: getattr(dialogue, name) for name in DialogueForm.FIELDS if name != "areas"}
    initial["areas"] = list(dialogue.areas.all())
    form = DialogueForm(request.POST or None, organisation=dialogue.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {
            name: form.cleaned_data[name]
            for name in DialogueForm.FIELDS
            if name in form.changed_data
        }
        try:
            dialogue_update(actor=acting_user(request), dialogue=dialogue, **changed)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The dialogue is saved."))
            return redirect("dialogue-detail", pk=dialogue.pk)
    return render(
        request,
        "participation/dialogues/form.html",
        {"form": form, "organisation": dialogue.organisation, "dialogue": dialogue},
    )
