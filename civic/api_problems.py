"""One error shape for the whole API: RFC 9457 problem details with field errors.

{"type", "title", "status", "detail", "instance", "errors": [{"field", "message", "code"}]}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from civic.errors import DomainError, ValidationFailed

PROBLEM_CONTENT_TYPE = "application/problem+json"

_TITLES = {
    400: gettext_lazy("The request is not valid"),
    401: gettext_lazy("Authentication required"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Unsupported media type"),
    422: gettext_lazy("The content cannot be processed"),
    429: gettext_lazy("Too many requests"),
}


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail as a flat list of {field, message, code}."""
    errors: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            field = (
                prefix
                if key in ("non_field_errors", "__all__")
                else (f"{prefix}.{key}" if prefix else str(key))
            )
            errors.extend(_flatten(value, field))
    elif isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            for item in detail:
                errors.append(
                    {
                        "field": prefix,
                        "message": str(item),
                        "code": getattr(item, "code", "invalid"),
                    }
                )
        else:
            for index, item in enumerate(detail):
                errors.extend(_flatten(item, f"{prefix}[{index}]" if prefix else f"[{index}]"))
    else:
        errors.append(
            {"field": prefix, "message": str(detail), "code": getattr(detail, "code", "invalid")}
        )
    return errors


def problem_response(
    status_code: int,
    *,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    code: str | None = None,
    instance: str = "",
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": f"urn:civic-square:problem:{code}" if code else "about:blank",
        "title": str(_TITLES.get(status_code, _("Error"))),
        "status": status_code,
        "detail": detail,
        "instance": instance,
    }
    if errors:
        body["errors"] = errors
    response = Response(
        body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE
    )
    return response


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, ValidationFailed):
        errors = [
            {"field": field, "message": message, "code": exc.code}
            for field, messages in exc.errors.items()
            for message in messages
        ]
        return problem_response(
            exc.status_code,
            detail=str(exc.message),
            errors=errors,
            code=exc.code,
            instance=instance,
        )
    if isinstance(exc, DomainError):
        errors = [{"field": exc.field or "", "message": str(exc.message), "code": exc.code}]
        return problem_response(
            exc.status_code,
            detail=str(exc.message),
            errors=errors,
            code=exc.code,
            instance=instance,
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    headers = {
        key: value
        for key, value in response.headers.items()
        if key in ("Retry-After", "WWW-Authenticate", "Allow")
    }
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        return problem_response(
            status.HTTP_400_BAD_REQUEST,
            detail=str(_("Some fields are not valid.")),
            errors=errors,
            code="invalid",
            instance=instance,
            headers=headers,
        )
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return problem_response(
        response.status_code,
        detail=str(detail),
        code=str(getattr(exc, "default_code", "error")),
        instance=instance,
        headers=headers,
    )
