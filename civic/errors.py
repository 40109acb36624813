"""Domain errors raised by services and turned into friendly messages at the boundary."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused an action.

    ``field`` names the input the error concerns (None for the whole request);
    ``message`` is already translatable text for the person who acted.
    """

    status_code = 400
    code = "invalid"

    def __init__(
        self, message: str | Promise, *, field: str | None = None, code: str | None = None
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code:
            self.code = code


class ValidationFailed(DomainError):
    """Several field errors at once (e.g. rows of an uploaded file)."""

    def __init__(
        self, message: str | Promise, *, errors: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(message)
        self.errors = errors or {}


class PermissionDenied(DomainError):
    status_code = 403
    code = "permission_denied"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"
