"""Consultation pages: list, read, respond, comment, results, the official answer."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civic.errors import DomainError, ValidationFailed
from civic.http import acting_user
from civic.notifications.services.events import is_following
from civic.sdg.filters import goal_param, sdg_filter
from participation.forms.consultations import (
    AttachmentForm,
    CommentForm,
    RatingForm,
    ResponseForm,
)
from participation.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationParagraph,
    ConsultationStatus,
)
from participation.selectors.consultation_results import (
    consultation_results,
    results_as_data,
    results_csv_rows,
    text_answer_list,
)
from participation.selectors.consultations import (
    audience_decision,
    audience_description,
    consultation_detail,
    consultation_list,
    draft_version_with_paragraphs,
    draft_versions,
    question_list,
)
from participation.selectors.dialogues import organisations_where
from participation.services.consultation_drafts import paragraph_comment_add, paragraph_rate
from participation.services.consultation_responses import (
    response_current,
    response_draft_save,
    response_submit,
)
from participation.services.consultation_text import draft_diff, draft_split
from participation.services.consultations import (
    attachment_add,
    consultation_follow,
    consultation_unfollow,
)


def consultation_for(request: HttpRequest, pk: int, permission: str) -> Consultation:
    """The consultation, if the person may ``permission`` it (404 if they may not see it)."""
    try:
        consultation = consultation_detail(pk=pk)
    except Consultation.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("participation.view_consultation", consultation):
        raise Http404
    if not request.user.has_perm(permission, consultation):
        raise PermissionDenied
    return consultation


def consultation_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in (None, *ConsultationStatus.values):
        status = None
    consultations = consultation_list(user=request.user, status=status)
    sdg = goal_param(request.GET.get("sdg"))
    if sdg:
        consultations = sdg_filter(consultations, sdg)
    page = Paginator(consultations, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/consultations/index.html",
        {
            "page": page,
            "status": status,
            "statuses": ConsultationStatus.choices,
            "sdg": sdg,
            "openable": organisations_where(
                user=request.user, permission="participation.add_consultation"
            ),
        },
    )


def consultation_page(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.view_consultation")
    user = request.user
    version = draft_version_with_paragraphs(
        consultation=consultation,
        number=int(request.GET["version"]) if request.GET.get("version", "").isdigit() else None,
        show_hidden=user.has_perm("participation.moderate_consultation", consultation),
    )
    versions = list(draft_versions(consultation=consultation))
    decision = audience_decision(user=user, consultation=consultation)
    state = "new"
    if user.is_authenticated and consultation.status == ConsultationStatus.OPEN:
        _answers, state = response_current(consultation=consultation, user=acting_user(request))
    answer = ConsultationAnswer.objects.filter(
        consultation=consultation, published_at__isnull=False
    ).first()
    return render(
        request,
        "participation/consultations/detail.html",
        {
            "consultation": consultation,
            "audience": audience_description(consultation),
            "decision": decision,
            "response_state": state,
            "version": version,
            "versions": versions,
            "is_latest_version": version is not None and version.number == versions[-1].number,
            "can_respond": user.has_perm("participation.respond_consultation", consultation),
            "can_manage": user.has_perm("participation.change_consultation", consultation),
            "can_see_results": user.has_perm(
                "participation.view_results_consultation", consultation
            ),
            "has_questions": consultation.questions.exists(),
            "following": user.is_authenticated
            and is_following(user=acting_user(request), subject_type="consultation", subject_id=pk),
            "can_follow": user.has_perm("participation.follow_consultation", consultation),
            "answer": answer,
            "answer_items": consultation.answer_items.select_related("question", "paragraph")
            if answer
            else [],
            "comment_form": CommentForm(),
            "rating_form": RatingForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.view_consultation")
    user = acting_user(request)
    decision = audience_decision(user=user, consultation=consultation)
    questions = list(question_list(consultation=consultation))
    answers, state = response_current(consultation=consultation, user=user)
    if consultation.status != ConsultationStatus.OPEN or not decision.allowed:
        return render(
            request,
            "participation/consultations/respond_refused.html",
            {"consultation": consultation, "decision": decision},
            status=403,
        )
    if state == "submitted_locked":
        return render(
            request,
            "participation/consultations/respond_done.html",
            {"consultation": consultation},
        )
    form = ResponseForm(request.POST or None, questions=questions, answers=answers)
    if request.method == "POST" and form.is_valid():
        saving = "save" in request.POST
        try:
            if saving:
                response_draft_save(user=user, consultation=consultation, answers=form.answers())
            else:
                response_submit(user=user, consultation=consultation, answers=form.answers())
        except ValidationFailed as error:
            form.add_answer_errors(error.errors)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            if saving:
                messages.success(request, _("Your answers are saved. Come back to finish them."))
                return redirect("consultation-respond", pk=pk)
            messages.success(request, _("Thank you: your response is recorded."))
            return redirect("consultation-detail", pk=pk)
    return render(
        request,
        "participation/consultations/respond.html",
        {
            "consultation": consultation,
            "form": form,
            "rows": form.question_rows(),
            "state": state,
            "can_save_draft": state in ("new", "draft"),
        },
    )


@login_required
@require_POST
def paragraph_comment(request: HttpRequest, pk: int, paragraph_pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.view_consultation")
    paragraph = get_object_or_404(
        ConsultationParagraph.objects.select_related("version__consultation"),
        pk=paragraph_pk,
        version__consultation=consultation,
    )
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            paragraph_comment_add(
                user=acting_user(request), paragraph=paragraph, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your comment is published."))
    else:
        messages.error(request, _("Write a comment of up to 4000 characters."))
    return redirect(f"/consultations/{pk}/#paragraph-{paragraph.pk}")


@login_required
@require_POST
def paragraph_rating(request: HttpRequest, pk: int, paragraph_pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.view_consultation")
    paragraph = get_object_or_404(
        ConsultationParagraph.objects.select_related("version__consultation"),
        pk=paragraph_pk,
        version__consultation=consultation,
    )
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            paragraph_rate(
                user=acting_user(request), paragraph=paragraph, value=form.cleaned_data["value"]
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your view is recorded."))
    else:
        messages.error(request, _("Choose agree, unsure or disagree."))
    return redirect(f"/consultations/{pk}/#paragraph-{paragraph.pk}")


@login_required
@require_POST
def consultation_follow_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.follow_consultation")
    user = acting_user(request)
    if request.POST.get("follow") == "0":
        consultation_unfollow(user=user, consultation=consultation)
        messages.success(request, _("You no longer follow this consultation."))
    else:
        consultation_follow(user=user, consultation=consultation)
        messages.success(request, _("You follow this consultation."))
    return redirect("consultation-detail", pk=pk)


def consultation_diff(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.view_consultation")
    versions = {v.number: v for v in draft_versions(consultation=consultation)}
    if len(versions) < 2:
        raise Http404
    numbers = sorted(versions)
    try:
        old = int(request.GET.get("from", numbers[-2]))
        new = int(request.GET.get("to", numbers[-1]))
    except ValueError:
        raise Http404 from None
    if old not in versions or new not in versions:
        raise Http404
    blocks = draft_diff(draft_split(versions[old].source), draft_split(versions[new].source))
    return render(
        request,
        "participation/consultations/diff.html",
        {
            "consultation": consultation,
            "old": versions[old],
            "new": versions[new],
            "versions": [versions[n] for n in numbers],
            "blocks": blocks,
        },
    )


def consultation_results_page(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.view_results_consultation")
    results = consultation_results(consultation=consultation)
    texts = Paginator(text_answer_list(consultation=consultation), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "participation/consultations/results.html",
        {
            "consultation": consultation,
            "results": results,
            "texts": texts,
            "can_moderate": request.user.has_perm(
                "participation.moderate_consultation", consultation
            ),
        },
    )


def consultation_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "json"):
        raise Http404
    consultation = consultation_for(request, pk, "participation.view_results_consultation")
    results = consultation_results(consultation=consultation)
    texts = text_answer_list(consultation=consultation)
    filename = f"consultation-{consultation.pk}-results"
    if fmt == "json":
        data = results_as_data(results)
        data["consultation"] = {"id": consultation.pk, "title": consultation.title}
        data["texts"] = [{"question": t.question_id, "text": t.text} for t in texts]
        response: HttpResponse = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    for row in results_csv_rows(results, texts):
        writer.writerow([_csv_safe(cell) for cell in row])
    return response


def _csv_safe(value: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return (
        "'" + value
        if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(value)
        else value
    )


def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


@login_required
@require_POST
def consultation_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_for(request, pk, "participation.change_consultation")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment_add(
                actor=acting_user(request),
                consultation=consultation,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The attachment is added."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect("consultation-manage", pk=pk)


def json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
