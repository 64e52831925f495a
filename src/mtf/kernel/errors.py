"""Errors every layer may raise; the HTTP adapter maps them to problem details."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    """Base for refused business operations."""

    status = 400
    title = "Bad request"
    type_slug = "bad-request"

    def __init__(self, detail: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}


class ValidationFailed(DomainError):
    """One or more fields break a rule; nothing was changed."""

    status = 422
    title = "Validation failed"
    type_slug = "validation-failed"

    def __init__(self, errors: list[FieldError], detail: str | None = None) -> None:
        self.errors = errors
        super().__init__(
            detail or "; ".join(f"{e.field}: {e.message}" for e in errors) or "invalid input"
        )


class AlreadyExists(ValidationFailed):
    """A value that must be unique is already another's (an offer code, a CIN): 409, the
    field named as for a validation error."""

    status = 409
    title = "Already exists"
    type_slug = "already-exists"


def already_exists(field_path: str, message: str) -> AlreadyExists:
    return AlreadyExists([FieldError(field_path, message)])


def invalid(field_path: str, message: str) -> ValidationFailed:
    return ValidationFailed([FieldError(field_path, message)])


class NotFound(DomainError):
    status = 404
    title = "Not found"
    type_slug = "not-found"


class Conflict(DomainError):
    """The request is valid but the current state refuses it (a rule of the lifecycle)."""

    status = 409
    title = "Conflict"
    type_slug = "conflict"


class Unauthorized(DomainError):
    status = 401
    title = "Unauthorized"
    type_slug = "unauthorized"


class Forbidden(DomainError):
    status = 403
    title = "Forbidden"
    type_slug = "forbidden"


class ServiceUnavailable(DomainError):
    status = 503
    title = "Service unavailable"
    type_slug = "service-unavailable"


@dataclass
class ErrorList:
    """Collects field errors so a request reports all of them at once."""

    errors: list[FieldError] = field(default_factory=list)

    def add(self, field_path: str, message: str) -> None:
        self.errors.append(FieldError(field_path, message))

    def has(self, field_path: str) -> bool:
        return any(e.field == field_path for e in self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(list(self.errors))
