"""RFC 9457 problem details for every error, in every service."""

from __future__ import annotations

import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from mtf.kernel.errors import DomainError, ValidationFailed
from mtf.kernel.logging import get_logger, request_id_var

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://mt-facturation.dev/problems/"
_AT_PATH = re.compile(r"at `\$\.?([^`]*)`")

log = get_logger("mtf.problems")


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    type_slug: str,
    errors: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    request: Request[Any, Any, Any] | None = None,
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": TYPE_BASE + type_slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    request_id = request_id_var.get()
    if not request_id and request is not None:
        request_id = request.scope.get("state", {}).get("request_id", "")
    if request_id:
        body["request_id"] = request_id
    if extra:
        body.update(extra)
    return Response(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


_UNKNOWN_FIELD = re.compile(r"(?:unknown|missing required) field `([^`]*)`")
_MISSING_PARAMETER = re.compile(
    r"^Missing required (?:query|header|cookie|path) parameter '([^']+)'"
)


def _field_of(message: str, key: str | None) -> str:
    missing = _MISSING_PARAMETER.match(message)
    if missing:
        return missing.group(1)
    match = _AT_PATH.search(message)
    base = match.group(1).replace("[", ".").replace("]", "") if match else ""
    unknown = _UNKNOWN_FIELD.search(message)
    if unknown:
        return f"{base}.{unknown.group(1)}" if base else unknown.group(1)
    if base:
        return base
    if key in (None, "data"):
        return "body"
    return key


def handle_domain_error(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    errors = (
        [{"field": e.field, "message": e.message} for e in exc.errors]
        if isinstance(exc, ValidationFailed)
        else None
    )
    log.info(
        "request_refused",
        status=exc.status,
        reason=exc.type_slug,
        path=request.url.path,
        method=request.method,
    )
    retry_after = exc.extra.get("retry_after")
    return problem(
        exc.status,
        exc.title,
        exc.detail,
        type_slug=exc.type_slug,
        errors=errors,
        extra=exc.extra,
        headers={"Retry-After": str(retry_after)} if retry_after is not None else None,
        request=request,
    )


def handle_validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """Body and parameter errors from Litestar/msgspec: malformed JSON is 400, the rest 422."""
    raw = exc.extra if isinstance(exc.extra, list) else []
    errors: list[dict[str, str]] = []
    malformed = False
    for item in raw:
        message = str(item.get("message", "")) if isinstance(item, dict) else str(item)
        key = item.get("key") if isinstance(item, dict) else None
        if "malformed" in message.lower() or "JSON is malformed" in message:
            malformed = True
        errors.append({"field": _field_of(message, key), "message": message})
    if not errors:
        text = str(exc.detail)
        malformed = "malformed" in text.lower()
        errors.append({"field": _field_of(text, None), "message": text})
    log.info("request_invalid", path=request.url.path, method=request.method, errors=errors)
    if malformed:
        return problem(
            400,
            "Malformed request body",
            "The request body is not valid JSON.",
            type_slug="malformed-body",
            errors=errors,
            request=request,
        )
    return problem(
        422,
        "Validation failed",
        "; ".join(f"{e['field']}: {e['message']}" for e in errors),
        type_slug="validation-failed",
        errors=errors,
        request=request,
    )


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    slug = {
        401: "unauthorized",
        403: "forbidden",
        404: "not-found",
        405: "method-not-allowed",
        409: "conflict",
        413: "payload-too-large",
        415: "unsupported-media-type",
        429: "too-many-requests",
    }.get(status, "http-error")
    titles: dict[type[HTTPException], str] = {
        NotAuthorizedException: "Unauthorized",
        PermissionDeniedException: "Forbidden",
        NotFoundException: "Not found",
    }
    title = titles.get(
        type(exc),
        "Bad request" if status == 400 else str(exc.detail) if status < 500 else "Server error",
    )
    if status == 400:
        slug = "bad-request"
    log.info("request_refused", status=status, path=request.url.path, method=request.method)
    return problem(
        status, title, str(exc.detail), type_slug=slug, headers=exc.headers, request=request
    )


def _database_unavailable(exc: BaseException) -> bool:
    """The database went away (restart, failover, connection killed) or no connection was
    free in time: a condition to retry, not a bug."""
    import psycopg
    import psycopg_pool
    from eventsourcing.persistence import InterfaceError as EsInterfaceError
    from eventsourcing.persistence import OperationalError as EsOperationalError
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DBAPIError) and seen.connection_invalidated:
            return True
        if isinstance(
            seen,
            psycopg.OperationalError
            | psycopg.InterfaceError
            | psycopg_pool.PoolTimeout
            | EsOperationalError
            | EsInterfaceError
            | PoolTimeout,
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if _database_unavailable(exc):
        log.warning("database_unavailable", path=request.url.path, error=str(exc)[:200])
        return problem(
            503,
            "Service unavailable",
            "The database could not be reached. Retry in a moment (with the same "
            "Idempotency-Key where the request has one, so a retry never applies twice).",
            type_slug="unavailable",
            headers={"Retry-After": "1"},
            request=request,
        )
    if isinstance(exc, RecursionError) and "deserializing" in str(exc):
        # msgspec gives up on JSON nested thousands deep: the caller's fault, not ours
        return problem(
            400,
            "Malformed request body",
            "The request body nests too deeply.",
            type_slug="malformed-body",
            errors=[{"field": "body", "message": "nests too deeply"}],
            request=request,
        )
    log.exception("unhandled_error", path=request.url.path, method=request.method)
    return problem(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "Internal error",
        "An unexpected error occurred; it has been logged with this request id.",
        type_slug="internal-error",
        request=request,
    )


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    DomainError: handle_domain_error,
    ValidationException: handle_validation,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}
