"""Calls to other services: a token signed with the caller's own key for that one service and
carrying only the permissions the call names, the caller's request id, trace context and
actor, and the other service's problem details turned back into our errors."""

from __future__ import annotations

import http.client
import json as jsonlib
import threading
import time
from typing import Any
from urllib.parse import urlsplit

import httpx

from mtf.kernel.auth import SERVICE_TOKEN_TTL, issue_service_token
from mtf.kernel.errors import (
    AlreadyExists,
    Conflict,
    DomainError,
    FieldError,
    Forbidden,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
    ValidationFailed,
)
from mtf.kernel.http import new_request_id
from mtf.kernel.logging import request_id_var
from mtf.kernel.service_keys import ServiceKeys

ON_BEHALF_OF = "x-on-behalf-of"


class ServiceClient:
    """A synchronous client for one other service (use cases run in worker threads)."""

    def __init__(self, caller: str, target: str, base_url: str, keys: ServiceKeys) -> None:
        self.caller = caller
        self.target = target
        self.base_url = base_url.rstrip("/")
        self.keys = keys
        keys.signer(caller)  # refuse at wiring time a process that cannot sign as `caller`
        self._client = httpx.Client(timeout=httpx.Timeout(10.0, connect=2.0))
        # one token per set of permissions, renewed well before it expires
        self._tokens: dict[tuple[str, ...], tuple[str, float]] = {}
        self._lean = threading.local()  # peek_json's connection, one per thread

    def _token(self, needs: tuple[str, ...]) -> str:
        key = tuple(sorted(needs))
        cached = self._tokens.get(key)
        now = time.monotonic()
        if cached is None or now - cached[1] > SERVICE_TOKEN_TTL / 2:
            token = issue_service_token(
                self.keys, caller=self.caller, target=self.target, permissions=key
            )
            self._tokens[key] = cached = (token, now)
        return cached[0]

    def _headers(self, actor: str | None, needs: tuple[str, ...] = ()) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {self._token(needs)}",
            "X-Request-ID": request_id_var.get() or new_request_id(),
        }
        from opentelemetry.propagate import inject

        inject(headers)
        if actor:
            headers[ON_BEHALF_OF] = actor
        return headers

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        actor: str | None = None,
        field_prefix: str = "",
        needs: tuple[str, ...] = (),
    ) -> Any:
        """`needs`: the permissions this call needs at the target (see `GRANTS`)."""
        try:
            response = self._client.request(
                method,
                self.base_url + path,
                json=json,
                params=params,
                headers=self._headers(actor, needs),
            )
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(
                f"the {self.target} service is not answering; try again"
            ) from exc
        if response.status_code >= 500:
            raise ServiceUnavailable(f"the {self.target} service failed ({response.status_code})")
        if response.status_code >= 400:
            raise problem_to_error(response, field_prefix)
        return response.json() if response.content else None

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def get_bytes(self, path: str, *, needs: tuple[str, ...] = ()) -> tuple[bytes, str]:
        """A binary resource (a PDF) and its content type."""
        try:
            response = self._client.get(self.base_url + path, headers=self._headers(None, needs))
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(
                f"the {self.target} service is not answering; try again"
            ) from exc
        if response.status_code >= 500:
            raise ServiceUnavailable(f"the {self.target} service failed ({response.status_code})")
        if response.status_code >= 400:
            raise problem_to_error(response)
        return response.content, response.headers.get("content-type", "application/octet-stream")

    def peek_json(self, path: str, *, needs: tuple[str, ...] = ()) -> dict[str, Any] | None:
        """A small internal answer asked very often (a feed's head before every read), over
        a plain keep-alive connection of this thread: a tenth of httpx's CPU per call. The
        answer's JSON object if it is a 200, else None (the caller then takes the usual path,
        which says what went wrong); a connection that fails is opened again once."""
        headers = self._headers(None, needs)
        for attempt in (0, 1):
            conn = self._lean_connection(fresh=attempt == 1)
            try:
                conn.request("GET", self._lean_prefix + path, headers=headers)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                if attempt:
                    raise ServiceUnavailable(
                        f"the {self.target} service is not answering; try again"
                    ) from None
                continue
            if response.status != 200:
                return None
            found = jsonlib.loads(body)
            return found if isinstance(found, dict) else None
        return None

    def _lean_connection(self, fresh: bool) -> http.client.HTTPConnection:
        local = self._lean
        conn: http.client.HTTPConnection | None = getattr(local, "conn", None)
        if conn is None or fresh:
            parts = urlsplit(self.base_url)
            factory = (
                http.client.HTTPSConnection
                if parts.scheme == "https"
                else http.client.HTTPConnection
            )
            conn = factory(parts.hostname or "127.0.0.1", parts.port, timeout=10.0)
            local.conn = conn
        return conn

    @property
    def _lean_prefix(self) -> str:
        return urlsplit(self.base_url).path.rstrip("/")

    def close(self) -> None:
        self._client.close()
        conn = getattr(self._lean, "conn", None)
        if conn is not None:
            conn.close()


def problem_to_error(response: httpx.Response, field_prefix: str = "") -> DomainError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    detail = str(body.get("detail") or response.text or response.reason_phrase)
    status = response.status_code
    errors = [
        FieldError(f"{field_prefix}{e.get('field', '')}", str(e.get("message", "")))
        for e in body.get("errors", []) or []
        if isinstance(e, dict)
    ]
    if status == 422:
        return ValidationFailed(errors or [FieldError(field_prefix.rstrip(".") or "body", detail)])
    if status == 409 and errors:
        return AlreadyExists(errors)  # a unique value already another's, the field named
    extra = {
        k: v
        for k, v in body.items()
        if k not in {"type", "title", "status", "detail", "request_id"}
    }
    error_class: type[DomainError] = {
        401: Unauthorized,
        403: Forbidden,
        404: NotFound,
        409: Conflict,
    }.get(status, DomainError)
    return error_class(detail, extra=extra)
