"""Pages of the audit trail: a process's log (public actions for everyone, every action for
the organisation's officials) and the organisation's full log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from civic.audit.actions import ACTIONS
from civic.audit.selectors import (
    PROCESS_TYPES,
    may_see_full_log,
    organisation_log,
    process_find,
    process_log,
)
from civic.places.models import Organisation


def process_log_page(request: HttpRequest, process_type: str, pk: int) -> HttpResponse:
    process = process_find(process_type, pk)
    if process is None:
        raise Http404
    full = may_see_full_log(request.user, process.organisation)
    if not process.public and not full:
        raise Http404
    page = Paginator(process_log(process=process, full=full), 50).get_page(request.GET.get("page"))
    return render(
        request, "audit/process_log.html", {"process": process, "page": page, "full": full}
    )


@login_required
def organisation_log_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not may_see_full_log(request.user, organisation):
        raise PermissionDenied
    process_type = request.GET.get("process_type", "")
    process_type = process_type if process_type in PROCESS_TYPES else ""
    action = request.GET.get("action", "")
    action = action if action in ACTIONS else ""
    entries = organisation_log(organisation=organisation, process_type=process_type, action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/organisation_log.html",
        {
            "organisation": organisation,
            "page": page,
            "process_type": process_type,
            "process_types": PROCESS_TYPES,
            "action": action,
            "actions": sorted((key, str(kind.label)) for key, kind in ACTIONS.items()),
        },
    )
