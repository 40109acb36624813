"""Pages for officials: create and edit, the questionnaire, the lifecycle, draft text
versions, moderation and the official answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civic.errors import DomainError
from civic.forms import form_add_domain_error
from civic.http import acting_user
from civic.places.models import Organisation
from participation.forms.consultations import (
    AnswerForm,
    AnswerItemForm,
    AttachmentForm,
    ConsultationForm,
    DraftVersionForm,
    ModerationForm,
    QuestionForm,
)
from participation.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationAnswerItem,
    ConsultationParagraph,
    ConsultationParagraphComment,
    ConsultationQuestion,
    ConsultationTextAnswer,
)
from participation.selectors.consultation_results import text_answer_list
from participation.selectors.consultations import (
    draft_versions,
    has_responses,
    question_list,
)
from participation.services.consultation_answers import (
    answer_item_add,
    answer_item_remove,
    answer_save,
    consultation_answer_publish,
)
from participation.services.consultation_drafts import (
    comment_moderate,
    draft_version_publish,
    text_answer_moderate,
)
from participation.services.consultation_questions import (
    question_add,
    question_remove,
    question_update,
)
from participation.services.consultations import (
    consultation_close,
    consultation_create,
    consultation_open,
    consultation_schedule,
    consultation_unschedule,
    consultation_update,
)
from participation.views.consultations import consultation_for

FIELDS = (
    "title", "summary", "body", "areas", "sdg_goals", "languages", "opens_at", "closes_at",
    "audience", "audience_areas", "min_age", "anonymous", "allow_edit", "results_visibility",
)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("participation.add_consultation", organisation):
        raise PermissionDenied
    form = ConsultationForm(
        request.POST or None,
        organisation=organisation,
        initial={"audience": "signed_in", "results_visibility": "after_close", "allow_edit": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consultation_create(
                actor=acting_user(request),
                organisation=organisation,
                **{name: form.cleaned_data[name] for name in FIELDS},
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The consultation is created as a draft."))
            return redirect("consultation-manage", pk=consultation.pk)
    return render(
        request,
        "participation/consultations/form.html",
        {"form": form, "organisation": organisation, "consultation": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.change_consultation")
    initial = {name: getattr(consultation, name) for name in FIELDS}
    initial["areas"] = list(consultation.areas.all())
    initial["audience_areas"] = list(consultation.audience_areas.all())
    form = ConsultationForm(
        request.POST or None, organisation=consultation.organisation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in FIELDS if name in form.changed_data}
        try:
            consultation_update(actor=acting_user(request), consultation=consultation, **changed)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The consultation is saved."))
            return redirect("consultation-manage", pk=pk)
    return render(
        request,
        "participation/consultations/form.html",
        {"form": form, "organisation": consultation.organisation, "consultation": consultation},
    )


@login_required
def consultation_manage(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.change_consultation")
    return render(
        request,
        "participation/consultations/manage.html",
        {
            "consultation": consultation,
            "questions": question_list(consultation=consultation).select_related(
                "condition_question"
            ),
            "responded": has_responses(consultation=consultation),
            "versions": draft_versions(consultation=consultation),
            "question_form": QuestionForm(earlier=list(question_list(consultation=consultation))),
            "version_form": DraftVersionForm(),
            "attachment_form": AttachmentForm(),
        },
    )


@login_required
@require_POST
def consultation_transition(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.change_consultation")
    actions: dict[str, Any] = {
        "schedule": consultation_schedule,
        "unschedule": consultation_unschedule,
        "open": consultation_open,
        "close": consultation_close,
    }
    action = actions.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Unknown action."))
    else:
        try:
            action(actor=acting_user(request), consultation=consultation)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("The consultation is now: %(status)s.")
                % {"status": Consultation.objects.get(pk=pk).get_status_display()},
            )
    return redirect("consultation-manage", pk=pk)


def _question_from_form(form: QuestionForm, consultation: Consultation) -> dict[str, Any]:
    condition_id, values = form.condition_parts()
    condition = (
        ConsultationQuestion.objects.filter(pk=condition_id, consultation=consultation).first()
        if condition_id
        else None
    )
    return {"condition_question": condition, "condition_values": values}


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int, question_pk: int | None = None) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.change_consultation")
    question = (
        get_object_or_404(ConsultationQuestion, pk=question_pk, consultation=consultation)
        if question_pk
        else None
    )
    earlier = [
        q for q in question_list(consultation=consultation)
        if question is None or q.position < question.position
    ]  # fmt: skip
    form = QuestionForm(
        request.POST or None,
        earlier=earlier,
        initial=QuestionForm.initial_for(question) if question else None,
    )
    if request.method == "POST" and "delete" in request.POST and question is not None:
        try:
            question_remove(actor=acting_user(request), question=question)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The question is removed."))
        return redirect("consultation-manage", pk=pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "kind": data["kind"],
            "text": data["text"],
            "help_text": data["help_text"],
            "required": data["required"],
            "config": form.config(question),
            **_question_from_form(form, consultation),
        }
        try:
            if question is None:
                question_add(actor=acting_user(request), consultation=consultation, **fields)
            else:
                question_update(actor=acting_user(request), question=question, **fields)
        except DomainError as error:
            form_add_domain_error(form, error, prefix="config.")
        else:
            messages.success(request, _("The question is saved."))
            return redirect("consultation-manage", pk=pk)
    return render(
        request,
        "participation/consultations/question_form.html",
        {
            "consultation": consultation,
            "question": question,
            "form": form,
            "responded": has_responses(consultation=consultation),
        },
    )


@login_required
@require_POST
def draft_version_new(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.change_consultation")
    form = DraftVersionForm(request.POST)
    if form.is_valid():
        try:
            draft_version_publish(
                actor=acting_user(request), consultation=consultation, **form.cleaned_data
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The new version of the text is published."))
    else:
        messages.error(request, _("Give the version a title and a text."))
    return redirect("consultation-manage", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_moderation(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.moderate_consultation")
    if request.method == "POST":
        form = ModerationForm(request.POST)
        if form.is_valid():
            kind, _sep, target = request.POST.get("target", "").partition(":")
            try:
                if kind == "text":
                    text = get_object_or_404(
                        ConsultationTextAnswer, pk=target, question__consultation=consultation
                    )
                    text_answer_moderate(
                        actor=acting_user(request), text_answer=text, **form.cleaned_data
                    )
                elif kind == "comment":
                    comment = get_object_or_404(
                        ConsultationParagraphComment,
                        pk=target,
                        paragraph__version__consultation=consultation,
                    )
                    comment_moderate(
                        actor=acting_user(request), comment=comment, **form.cleaned_data
                    )
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("Moderation saved."))
        return redirect("consultation-moderation", pk=pk)
    comments = ConsultationParagraphComment.objects.filter(
        paragraph__version__consultation=consultation
    ).select_related("paragraph__version", "author")
    return render(
        request,
        "participation/consultations/moderation.html",
        {
            "consultation": consultation,
            "texts": text_answer_list(consultation=consultation, show_hidden=True)[:500],
            "comments": comments[:500],
        },
    )


def _answer_links(consultation: Consultation) -> list[tuple[str, str]]:
    links = [
        (f"question:{q.pk}", _("Question %(n)s: %(text)s") % {"n": q.position, "text": q.text})
        for q in question_list(consultation=consultation)
    ]
    for p in ConsultationParagraph.objects.filter(
        version__consultation=consultation
    ).select_related("version"):
        label = _("Version %(v)s, paragraph %(n)s") % {"v": p.version.number, "n": p.position}
        links.append((f"paragraph:{p.pk}", f"{label}: {p.text[:60]}"))
    for c in ConsultationParagraphComment.objects.filter(
        paragraph__version__consultation=consultation, hidden=False
    ):
        links.append((f"comment:{c.pk}", _("Comment: %(text)s") % {"text": c.body[:60]}))
    return links


@login_required
@require_http_methods(["GET", "POST"])
def consultation_answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.answer_consultation")
    answer = ConsultationAnswer.objects.filter(consultation=consultation).first()
    links = _answer_links(consultation)
    answer_form = AnswerForm(initial={"body": answer.body if answer else ""})
    item_form = AnswerItemForm(links=links)
    actor = acting_user(request)
    if request.method == "POST":
        try:
            if "save_answer" in request.POST:
                answer_form = AnswerForm(request.POST)
                if answer_form.is_valid():
                    answer_save(actor=actor, consultation=consultation, **answer_form.cleaned_data)
                    messages.success(request, _("The response document is saved."))
                    return redirect("consultation-answer-edit", pk=pk)
            elif "add_item" in request.POST:
                item_form = AnswerItemForm(request.POST, links=links)
                if item_form.is_valid():
                    data = dict(item_form.cleaned_data)
                    kind, _sep, target = data.pop("link").partition(":")
                    targets: dict[str, Any] = {}
                    if kind == "question":
                        targets["question"] = ConsultationQuestion.objects.get(pk=target)
                    elif kind == "paragraph":
                        targets["paragraph"] = ConsultationParagraph.objects.get(pk=target)
                    elif kind == "comment":
                        targets["comment"] = ConsultationParagraphComment.objects.get(pk=target)
                    answer_item_add(actor=actor, consultation=consultation, **data, **targets)
                    messages.success(request, _("The entry is added."))
                    return redirect("consultation-answer-edit", pk=pk)
            elif "remove_item" in request.POST:
                item = get_object_or_404(
                    ConsultationAnswerItem,
                    pk=request.POST["remove_item"],
                    consultation=consultation,
                )
                answer_item_remove(actor=actor, item=item)
                return redirect("consultation-answer-edit", pk=pk)
            elif "publish" in request.POST:
                consultation_answer_publish(actor=actor, consultation=consultation)
                messages.success(request, _("The official answer is published."))
                return redirect("consultation-detail", pk=pk)
        except DomainError as error:
            messages.error(request, str(error.message))
    return render(
        request,
        "participation/consultations/answer_form.html",
        {
            "consultation": consultation,
            "answer": answer,
            "answer_form": answer_form,
            "item_form": item_form,
            "items": consultation.answer_items.select_related("question", "paragraph", "comment"),
        },
    )
