"""django-allauth adapter: email goes through the outbox, never sent inside a request."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives

from civic.notifications.services.email import email_queue


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = allauth_context.request
        ctx: dict[str, Any] = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = ""
        if isinstance(message, EmailMultiAlternatives):
            html = next(
                (str(body) for body, mimetype in message.alternatives if mimetype == "text/html"),
                "",
            )
        email_queue(
            to=list(message.to),
            subject=str(message.subject),
            body_text=str(message.body),
            body_html=html,
            headers=dict(message.extra_headers),
            from_email=str(message.from_email),
        )
