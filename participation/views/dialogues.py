"""Dialogue pages: list, the dialogue with its opinion map and voting, a statement with
replies, reports, the moderation queue and public log, the organisers' page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civic.errors import DomainError
from civic.forms import form_add_domain_error
from civic.http import acting_user
from civic.sdg.filters import goal_param, sdg_filter
from participation.forms.dialogues import (
    ImportForm,
    ModerationForm,
    ReplyForm,
    ReportForm,
    ResponseForm,
    SeedForm,
    StatementForm,
    VoteForm,
)
from participation.models import (
    ContentStatus,
    Dialogue,
    DialogueParticipant,
    DialoguePhase,
    Meeting,
    Statement,
    StatementReply,
)
from participation.selectors.dialogues import (
    dialogue_detail,
    dialogue_list,
    moderation_log,
    moderation_queue,
    next_statement,
    organisations_where,
    participant_of,
    participation_decision,
    reply_tree,
    response_list,
    snapshot_latest,
    statement_list,
)
from participation.selectors.opinion_map_view import opinion_map_view
from participation.services import moderation as moderation_service
from participation.services.dialogue_responses import response_publish, responses_missing
from participation.services.dialogues import (
    PHASE_ORDER,
    dialogue_phase_set,
    reply_add,
    statement_add,
    statement_seed,
    statements_import,
    vote_cast,
)


def dialogue_for(request: HttpRequest, pk: int, permission: str) -> Dialogue:
    try:
        dialogue = dialogue_detail(pk=pk)
    except Dialogue.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("participation.view_dialogue", dialogue):
        raise Http404
    if not request.user.has_perm(permission, dialogue):
        raise PermissionDenied
    return dialogue


def _statement(dialogue: Dialogue, statement_pk: int, *, moderator: bool = False) -> Statement:
    statement = get_object_or_404(Statement, pk=statement_pk, dialogue=dialogue)
    if statement.status != ContentStatus.PUBLISHED and not moderator:
        raise Http404
    statement.dialogue = dialogue
    return statement


def dialogue_index(request: HttpRequest) -> HttpResponse:
    phase = request.GET.get("phase") or None
    if phase not in (None, *DialoguePhase.values):
        phase = None
    dialogues = dialogue_list(user=request.user, phase=phase)
    sdg = goal_param(request.GET.get("sdg"))
    if sdg:
        dialogues = sdg_filter(dialogues, sdg)
    page = Paginator(dialogues, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/dialogues/index.html",
        {
            "page": page,
            "phase": phase,
            "sdg": sdg,
            "phases": DialoguePhase.choices,
            "can_open": bool(
                organisations_where(user=request.user, permission="participation.add_dialogue")
            ),
        },
    )


def dialogue_page(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = dialogue_for(request, pk, "participation.view_dialogue")
    user = request.user
    participant = participant_of(dialogue=dialogue, user=user)
    statements = list(statement_list(dialogue=dialogue, participant=participant))
    by_id = {s.pk: s for s in statements}
    snapshot = snapshot_latest(dialogue=dialogue)
    opinion_map = (
        opinion_map_view(
            snapshot=snapshot,
            statements=by_id,
            participant_id=participant.pk if participant else None,
        )
        if snapshot is not None
        else None
    )
    decision = participation_decision(user=user, dialogue=dialogue)
    upcoming = next_statement(dialogue=dialogue, participant=participant)
    responses = list(response_list(dialogue=dialogue))
    voted = sum(1 for s in statements if getattr(s, "my_vote", None) is not None)
    return render(
        request,
        "participation/dialogues/detail.html",
        {
            "dialogue": dialogue,
            "statements": statements,
            "participant": participant,
            "decision": decision,
            "can_vote": decision.allowed and dialogue.phase == DialoguePhase.OPEN,
            "can_add": decision.allowed
            and dialogue.phase == DialoguePhase.OPEN
            and dialogue.participants_may_add,
            "next": upcoming,
            "voted": voted,
            "vote_form": VoteForm(),
            "statement_form": StatementForm(max_length=dialogue.statement_max_length),
            "map": opinion_map,
            "responses": responses,
            "meetings": Meeting.objects.filter(dialogue=dialogue).order_by("starts_at"),
            "can_moderate": user.has_perm("participation.moderate_dialogue", dialogue),
            "can_manage": user.has_perm("participation.change_dialogue", dialogue),
            "can_edit": user.has_perm("participation.edit_dialogue", dialogue)
            and dialogue.phase != DialoguePhase.CLOSED,
            "can_add_meeting": user.has_perm("participation.add_meeting", dialogue.organisation),
            "can_facilitate": user.has_perm(
                "participation.facilitate_meeting", Meeting(organisation=dialogue.organisation)
            ),
        },
    )


def statement_page(request: HttpRequest, pk: int, statement_pk: int) -> HttpResponse:
    dialogue = dialogue_for(request, pk, "participation.view_dialogue")
    moderator = request.user.has_perm("participation.moderate_dialogue", dialogue)
    statement = _statement(dialogue, statement_pk, moderator=moderator)
    participant = participant_of(dialogue=dialogue, user=request.user)
    counted = statement_list(dialogue=dialogue, participant=participant).filter(pk=statement.pk)
    decision = participation_decision(user=request.user, dialogue=dialogue)
    return render(
        request,
        "participation/dialogues/statement.html",
        {
            "dialogue": dialogue,
            "statement": counted.first() or statement,
            "replies": reply_tree(statement=statement),
            "decision": decision,
            "can_vote": decision.allowed and dialogue.phase == DialoguePhase.OPEN,
            "can_reply": decision.allowed
            and dialogue.phase in (DialoguePhase.OPEN, DialoguePhase.RESPOND),
            "reply_form": ReplyForm(),
            "report_form": ReportForm(),
            "vote_form": VoteForm(),
            "can_moderate": moderator,
        },
    )


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def vote(request: HttpRequest, pk: int, statement_pk: int) -> HttpResponse:
    dialogue = dialogue_for(request, pk, "participation.take_part_dialogue")
    statement = _statement(dialogue, statement_pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose agree, disagree or pass."))
    else:
        try:
            vote_cast(
                user=acting_user(request),
                statement=statement,
                value=form.cleaned_data["value"],
                important=form.cleaned_data["important"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your vote is recorded."))
    return _back(request, reverse("dialogue-detail", args=[dialogue.pk]) + "#vote")


@login_required
@require_POST
def statement_new(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = dialogue_for(request, pk, "participation.take_part_dialogue")
    form = StatementForm(request.POST, max_length=dialogue.statement_max_length)
    if form.is_valid():
        try:
            statement = statement_add(
                user=acting_user(request), dialogue=dialogue, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            if statement.status == ContentStatus.PENDING:
                messages.success(request, _("Thank you: a moderator will review your statement."))
            else:
                messages.success(request, _("Your statement is published."))
    else:
        messages.error(request, _("Write a statement."))
    return redirect(reverse("dialogue-detail", args=[dialogue.pk]) + "#add-statement")


@login_required
@require_POST
def reply_new(request: HttpRequest, pk: int, statement_pk: int) -> HttpResponse:
    dialogue = dialogue_for(request, pk, "participation.take_part_dialogue")
    statement = _statement(dialogue, statement_pk)
    form = ReplyForm(request.POST)
    url = reverse("dialogue-statement", args=[dialogue.pk, statement.pk])
    if not form.is_valid():
        messages.error(request, _("Choose your position and write a reply."))
        return redirect(url)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = get_object_or_404(
            StatementReply, pk=form.cleaned_data["parent"], statement=statement
        )
    try:
        reply_add(
            user=acting_user(request),
            statement=statement,
            parent=parent,
            stance=form.cleaned_data["stance"],
            body=form.cleaned_data["body"],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your reply is published."))
    return redirect(url + "#replies")


@login_required
@require_POST
def report(
    request: HttpRequest, pk: int, statement_pk: int, reply_pk: int | None = None
) -> HttpResponse:
    dialogue = dialogue_for(request, pk, "participation.take_part_dialogue")
    statement = _statement(dialogue, statement_pk)
    target: Statement | StatementReply = statement
    if reply_pk is not None:
        target = get_object_or_404(StatementReply, pk=reply_pk, statement=statement)
        target.statement = statement
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason."))
    else:
        try:
            moderation_service.report_add(
                user=acting_user(request),
                target=target,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Thank you: a moderator will look at your report."))
    return redirect(reverse("dialogue-statement", args=[dialogue.pk, statement.pk]))


MODERATION_ACTIONS = ("hide", "restore", "dismiss", "promote", "block", "unblock")


@login_required
@require_http_methods(["GET", "POST"])
def moderation_page(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = dialogue_for(request, pk, "participation.moderate_dialogue")
    if request.method == "POST":
        _moderate(request, dialogue)
        return redirect("dialogue-moderation", pk=dialogue.pk)
    from participation.services.dialogues import statement_texts
    from participation.services.moderation import near_duplicates

    texts = list(statement_texts(dialogue))
    by_id = dict(texts)
    duplicates = [
        {"a": a, "b": b, "a_text": by_id[a], "b_text": by_id[b], "similarity": s}
        for a, b, s in near_duplicates(texts=texts)
    ]
    return render(
        request,
        "participation/dialogues/moderation.html",
        {
            "dialogue": dialogue,
            "queue": moderation_queue(dialogue=dialogue),
            "duplicates": duplicates,
            "blocked": DialogueParticipant.objects.filter(
                dialogue=dialogue, blocked_at__isnull=False
            ),
            "form": ModerationForm(),
        },
    )


def _moderate(request: HttpRequest, dialogue: Dialogue) -> None:
    action = request.POST.get("action", "")
    kind = request.POST.get("kind", "statement")
    reason = ModerationForm(request.POST)
    reason.is_valid()
    public_reason = reason.cleaned_data.get("public_reason", "")
    actor = acting_user(request)
    try:
        target_pk = int(request.POST.get("target", ""))
    except ValueError:
        messages.error(request, _("Nothing was chosen."))
        return
    try:
        if action in ("block", "unblock"):
            participant = get_object_or_404(DialogueParticipant, pk=target_pk, dialogue=dialogue)
            if action == "block":
                moderation_service.participant_block(
                    actor=actor, participant=participant, public_reason=public_reason
                )
            else:
                moderation_service.participant_unblock(
                    actor=actor, participant=participant, public_reason=public_reason
                )
        elif action == "merge":
            statement = get_object_or_404(Statement, pk=target_pk, dialogue=dialogue)
            into_pk = str(request.POST.get("into", ""))
            into = get_object_or_404(
                Statement, pk=int(into_pk) if into_pk.isdigit() else 0, dialogue=dialogue
            )
            moderation_service.statement_merge(actor=actor, statement=statement, into=into)
        else:
            target: Statement | StatementReply = (
                get_object_or_404(StatementReply, pk=target_pk, statement__dialogue=dialogue)
                if kind == "reply"
                else get_object_or_404(Statement, pk=target_pk, dialogue=dialogue)
            )
            if action == "hide":
                moderation_service.content_hide(
                    actor=actor, target=target, public_reason=public_reason
                )
            elif action == "restore":
                moderation_service.content_restore(
                    actor=actor, target=target, public_reason=public_reason
                )
            elif action == "dismiss":
                moderation_service.reports_dismiss(actor=actor, target=target)
            elif action == "promote" and isinstance(target, StatementReply):
                moderation_service.reply_promote(actor=actor, reply=target)
            else:
                messages.error(request, _("Unknown action."))
                return
    except DomainError as error:
        messages.error(request, str(error.message))
        return
    messages.success(request, _("Done. The public moderation log records it."))


def moderation_log_page(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = dialogue_for(request, pk, "participation.view_dialogue")
    page = Paginator(moderation_log(dialogue=dialogue), 50).get_page(request.GET.get("page"))
    return render(
        request, "participation/dialogues/moderation_log.html", {"dialogue": dialogue, "page": page}
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_page(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = dialogue_for(request, pk, "participation.change_dialogue")
    actor = acting_user(request)
    seed_form, import_form, response_form = SeedForm(), ImportForm(), ResponseForm()
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "seed":
                seed_form = SeedForm(request.POST)
                if seed_form.is_valid():
                    statement_seed(actor=actor, dialogue=dialogue, **seed_form.cleaned_data)
                    messages.success(request, _("The statement is added."))
                    return redirect("dialogue-manage", pk=dialogue.pk)
            elif step == "import":
                import_form = ImportForm(request.POST, request.FILES)
                if import_form.is_valid():
                    added = statements_import(
                        actor=actor, dialogue=dialogue, data=import_form.cleaned_data["file"].read()
                    )
                    messages.success(request, _("%(n)d statements imported.") % {"n": len(added)})
                    return redirect("dialogue-manage", pk=dialogue.pk)
            elif step == "phase":
                dialogue_phase_set(
                    actor=actor, dialogue=dialogue, phase=request.POST.get("phase", "")
                )
                messages.success(request, _("The phase has changed."))
                return redirect("dialogue-manage", pk=dialogue.pk)
            elif step == "respond":
                response_form = ResponseForm(request.POST)
                if response_form.is_valid():
                    data = response_form.cleaned_data
                    statement = get_object_or_404(
                        Statement, pk=data.pop("statement"), dialogue=dialogue
                    )
                    response_publish(actor=actor, dialogue=dialogue, statement=statement, **data)
                    messages.success(request, _("The response is published."))
                    return redirect("dialogue-manage", pk=dialogue.pk)
        except DomainError as error:
            form: Any = {"seed": seed_form, "import": import_form, "respond": response_form}.get(
                step or ""
            )
            if form is not None and form.is_bound:
                form_add_domain_error(form, error)
            else:
                messages.error(request, str(error.message))
    missing = set(responses_missing(dialogue=dialogue))
    statements = list(statement_list(dialogue=dialogue))
    current = PHASE_ORDER.index(DialoguePhase(dialogue.phase))
    return render(
        request,
        "participation/dialogues/manage.html",
        {
            "dialogue": dialogue,
            "statements": statements,
            "missing": missing,
            "seed_form": seed_form,
            "import_form": import_form,
            "response_form": response_form,
            "next_phases": [
                (value, label)
                for value, label in DialoguePhase.choices
                if PHASE_ORDER.index(DialoguePhase(value)) > current
            ],
        },
    )
