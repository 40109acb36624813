"""Pages: the feed, preferences, one-click unsubscribe, the operator view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from civic.accounts.models import User
from civic.errors import DomainError
from civic.http import acting_user
from civic.notifications.forms import AnnouncementForm, PreferencesForm
from civic.notifications.kinds import kind_label
from civic.notifications.models import AreaSubscription, Notification
from civic.notifications.selectors.notifications import (
    notification_feed,
    operations_overview,
    unread_count,
)
from civic.notifications.services.announcements import announcement_send
from civic.notifications.services.events import area_subscriptions_set
from civic.notifications.services.feed import notification_mark_read, notifications_mark_all_read
from civic.notifications.services.preferences import (
    channels_for,
    mute_all,
    preferences_update,
    settings_for,
    unsubscribe_kind,
)
from civic.notifications.services.tokens import unsubscribe_claim
from civic.places.models import Area, Organisation


@login_required
def feed(request: HttpRequest) -> HttpResponse:
    person = acting_user(request)
    page = Paginator(notification_feed(user=person), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/feed.html",
        {
            "page": page,
            "items": [(n, kind_label(n.event.kind)) for n in page.object_list],
            "unread": unread_count(user=person),
            "can_announce": any(
                person.has_perm("notifications.announce", o)
                for o in Organisation.objects.filter(memberships__user=person).distinct()
            ),
        },
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    person = acting_user(request)
    notification = get_object_or_404(
        Notification.objects.select_related("event"), pk=pk, user=person
    )
    notification_mark_read(user=person, notification_id=notification.pk)
    target = notification.event.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
@require_POST
def feed_read_all(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=acting_user(request))
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notification-feed")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    person = acting_user(request)
    switches = settings_for(user=person)
    initial = {
        "muted": switches.muted,
        "quiet_start": switches.quiet_start,
        "quiet_end": switches.quiet_end,
        "areas": list(
            AreaSubscription.objects.filter(user=person).values_list("area_id", flat=True)
        ),
        **{f"kind:{kind}": channel for kind, channel in channels_for(user=person).items()},
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        preferences_update(
            user=person,
            channels=form.channels(),
            muted=form.cleaned_data["muted"],
            quiet_start=form.cleaned_data["quiet_start"],
            quiet_end=form.cleaned_data["quiet_end"],
            quiet_hours=True,
        )
        area_subscriptions_set(user=person, areas=form.cleaned_data["areas"])
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notification-preferences")
    kind_fields = [form[name] for name in form.fields if name.startswith("kind:")]
    return render(
        request, "notifications/preferences.html", {"form": form, "kind_fields": kind_fields}
    )


@csrf_exempt  # one-click unsubscribe (RFC 8058): the signed token is the authority
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners must not unsubscribe anyone); POST acts."""
    claim = unsubscribe_claim(token)
    person = User.objects.filter(pk=claim.user_id).first() if claim else None
    if claim is None or person is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    if claim.kind == "*":
        what = _("all email")
    elif claim.kind.startswith("digest:"):
        what = _("email summaries")
    else:
        what = kind_label(claim.kind)
    done = False
    if request.method == "POST":
        if claim.kind == "*" or request.POST.get("all") == "1":
            mute_all(user=person)
            what = _("all email")
        elif claim.kind.startswith("digest:"):
            frequency = claim.kind.removeprefix("digest:")
            for kind, channel in channels_for(user=person).items():
                if channel == frequency:
                    unsubscribe_kind(user=person, kind=kind)
        else:
            unsubscribe_kind(user=person, kind=claim.kind)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {"what": what, "done": done, "token": token, "invalid": False},
    )


@login_required
def operations(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("notifications.view_operations"):
        raise PermissionDenied
    return render(request, "notifications/operations.html", {"o": operations_overview()})


@login_required
@require_http_methods(["GET", "POST"])
def announce(request: HttpRequest) -> HttpResponse:
    """Officials tell the residents subscribed to an area (or above it) about something."""
    person = acting_user(request)
    organisations = [
        o for o in Organisation.objects.all() if person.has_perm("notifications.announce", o)
    ]
    if not organisations:
        raise PermissionDenied
    areas = Area.objects.filter(organisation__in=organisations).order_by("path")
    form = AnnouncementForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            event = announcement_send(actor=person, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(
                request,
                _("Announcement recorded: it is being delivered to %(area)s.")
                % {"area": event.payload.get("area", "")},
            )
            return redirect("notification-announce")
    return render(request, "notifications/announce.html", {"form": form})
