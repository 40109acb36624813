"""Form helpers shared by every app's pages."""

from __future__ import annotations

from django import forms

from civic.errors import DomainError, ValidationFailed


def form_add_domain_error(form: forms.Form, error: DomainError, *, prefix: str = "") -> None:
    """Show a service's error on the form field it concerns (or on the whole form)."""
    if isinstance(error, ValidationFailed) and error.errors:
        for field, messages in error.errors.items():
            name = field.removeprefix(prefix)
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
        return
    form.add_error(error.field if error.field in form.fields else None, str(error.message))
