"""The exact OpenAPI document of a service: every operation's error answers, documented once.

Litestar derives each operation's request and 2xx types from the handlers, but documents
its own error shape (`{status_code, detail, extra}`) and only `400`. The services answer
every error as RFC 9457 `application/problem+json` (`mtf.kernel.problems`), and the gateway
in front of them refuses some requests itself (`mtf.gateway.adapters.guard`). This module
rewrites each operation's error responses into what really comes back, all referencing one
`Problem` component:

- every operation: `400` (a path or body the gateway or the service cannot read), `401`,
  `422` (a field breaks a rule: `errors` names each), `503` (a service or the database is
  not answering; retry);
- an operation that needs a token: `403` (the token lacks the permission or scope);
- an operation on a resource (path parameters): `404`;
- a write (POST, PATCH, PUT, DELETE): `409` (the resource's current state refuses it; a
  checkout's ambiguous line choice names `candidates` and `candidate_lines`);
- an operation with a body: `413` (over 1 MiB) and `415` (not JSON);
- an operation whose handler says so with `opt=problems(...)`: those statuses too (`429`
  for the rate-limited sign-in and self-service routes), and its own wording of a status
  where the general one would be wrong (`problem_descriptions`: the statement upload takes
  files up to 5 MiB, not JSON);
- an operation that needs `Idempotency-Key` (`opt=IDEMPOTENT`): the header, required.

`tests/contract/test_openapi_contract.py` fails on an operation without these or with an
untyped 2xx body."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from typing import Any

import msgspec.inspect
from litestar import Litestar, Request
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.routes import HTTPRoute

from mtf.kernel.problems import PROBLEM_MEDIA_TYPE, TYPE_BASE

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
WRITES = ("post", "patch", "put", "delete")
HTTP_METHODS = ("get", "post", "patch", "put", "delete", "head", "options", "trace")

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "An RFC 9457 problem document: every error the API answers.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {
            "type": "string",
            "format": "uri",
            "description": f"Identifies the kind of problem ({TYPE_BASE}<slug>).",
        },
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "request_id": {
            "type": "string",
            "description": "The request's X-Request-ID, as in every log line about it.",
        },
        "errors": {
            "type": "array",
            "description": "Validation problems: one entry per field at fault.",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {
                        "type": "string",
                        "description": "The field path (components.data.quota_gb).",
                    },
                    "message": {"type": "string"},
                },
            },
        },
        "candidates": {
            "type": "array",
            "description": "An ambiguous choice (409): the subscriber ids to choose from.",
            "items": {"type": "string"},
        },
        "candidate_lines": {
            "type": "array",
            "description": "The candidates' lines (409 of a checkout).",
            "items": {
                "type": "object",
                "properties": {
                    "subscriber_id": {"type": "string"},
                    "number": {"type": ["string", "null"]},
                    "contract_id": {"type": ["string", "null"]},
                    "offer_code": {"type": ["string", "null"]},
                },
            },
        },
        "retry_after": {
            "type": "integer",
            "description": "Seconds to wait before retrying (429), as in Retry-After.",
        },
    },
    "additionalProperties": True,
}

DESCRIPTIONS: dict[int, str] = {
    400: "Unreadable request: a path the gateway refuses, a body that is not JSON, a "
    "missing Idempotency-Key",
    401: "Missing, malformed, expired or revoked credentials",
    403: "The token or API key lacks the permission or scope this operation needs",
    404: "No such resource",
    409: "The resource's current state refuses the operation (or the same "
    "Idempotency-Key is still being processed)",
    413: "The request body exceeds 1 MiB",
    415: "The request body is not JSON (send Content-Type: application/json)",
    422: "Validation failed: `errors` names each field and what is wrong with it",
    429: "Too many requests: retry after Retry-After seconds",
    503: "A service or the database is not answering: retry in a moment",
}

EXAMPLES: dict[int, dict[str, Any]] = {
    404: {
        "type": TYPE_BASE + "not-found",
        "title": "Not found",
        "status": 404,
        "detail": "no invoice with id 0b7e1a52-4d0c-4c4e-9b1e-4f1f0f6f2a10",
        "request_id": "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99",
    },
    422: {
        "type": TYPE_BASE + "validation-failed",
        "title": "Validation failed",
        "status": 422,
        "detail": "amount: must be a decimal with two places",
        "errors": [{"field": "amount", "message": "must be a decimal with two places"}],
        "request_id": "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99",
    },
}

RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying",
        "schema": {"type": "integer"},
    }
}

IDEMPOTENCY_KEY_PARAMETER: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": True,
    "description": "A unique value per request, reused when retrying it: the same key and "
    "body replay the first result; the same key with another body is 422.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
}

IDEMPOTENT: dict[str, Any] = {"idempotency_key": True}


def problems(*statuses: int, **more: Any) -> dict[str, Any]:
    """A handler's `opt`: the error statuses it answers beyond the rules above."""
    return {"problems": tuple(statuses), **more}


def operation_options(app: Litestar) -> dict[tuple[str, str], Mapping[str, Any]]:
    """(method, path template) -> the handler's `opt`, for every HTTP route of the app."""
    found: dict[tuple[str, str], Mapping[str, Any]] = {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in handler.http_methods:
                found[(str(method).lower(), route.path_format)] = handler.opt or {}
    return found


def closed_request_types(app: Litestar) -> dict[str, Any]:
    """The request body types (nested ones too) that refuse unknown fields
    (`forbid_unknown_fields`), by name: their schemas say `additionalProperties: false`, and
    take what a type's `__openapi_extra__` adds (a rule across fields, such as which
    components an offer's service takes)."""
    roots: list[Any] = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            data = handler.parsed_fn_signature.parameters.get("data")
            if data is not None:
                roots.append(data.annotation)
    names: dict[str, Any] = {}
    seen: set[Any] = set()

    def walk(info: Any) -> None:
        if isinstance(info, msgspec.inspect.StructType):
            if info.cls in seen:  # a recursive type
                return
            seen.add(info.cls)
            if info.forbid_unknown_fields:
                names[info.cls.__name__] = info.cls
            for field_info in info.fields:
                walk(field_info.type)
        for attribute in ("types", "item_type", "value_type"):
            inner = getattr(info, attribute, None)
            if isinstance(inner, tuple):
                for one in inner:
                    walk(one)
            elif inner is not None:
                walk(inner)

    for root in roots:
        try:
            walk(msgspec.inspect.type_info(root))
        except (TypeError, ValueError):  # not a msgspec type (raw bytes, a dict)
            continue
    return names


def _problem_response(status: int, description: str | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": dict(PROBLEM_REF)}
    if status in EXAMPLES:
        media["example"] = EXAMPLES[status]
    response: dict[str, Any] = {
        "description": description or DESCRIPTIONS.get(status, "Problem"),
        "content": {PROBLEM_MEDIA_TYPE: media},
    }
    if status in (429, 503):
        response["headers"] = copy.deepcopy(RETRY_AFTER)
    return response


def expected_problems(
    method: str, path: str, operation: Mapping[str, Any], secured: bool, extra: Iterable[int]
) -> set[int]:
    """The error statuses an operation can answer (see the module docstring)."""
    statuses = {400, 401, 422, 503, *extra}
    if secured:
        statuses.add(403)
    if "{" in path:
        statuses.add(404)
    if method in WRITES:
        statuses.add(409)
    if "requestBody" in operation:
        statuses |= {413, 415}
    return statuses


def complete_document(
    doc: Mapping[str, Any],
    options: Mapping[tuple[str, str], Mapping[str, Any]],
    closed: Mapping[str, Any] | Iterable[str] = (),
) -> dict[str, Any]:
    """A copy of a Litestar-built document with every operation's problems documented."""
    out = copy.deepcopy(dict(doc))
    schemas = out.setdefault("components", {}).setdefault("schemas", {})
    for name in closed:
        if name in schemas and schemas[name].get("type") == "object":
            schemas[name]["additionalProperties"] = False
            _no_nul_in_text(schemas[name])
            extra = (
                getattr(closed[name], "__openapi_extra__", None)
                if isinstance(closed, Mapping)
                else None
            )
            if extra:
                schemas[name].update(copy.deepcopy(extra))
    schemas["Problem"] = copy.deepcopy(PROBLEM_SCHEMA)
    default_security = out.get("security", [])
    for path, item in out.get("paths", {}).items():
        for method, operation in item.items():
            if method not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            opt = options.get((method, path), {})
            _optional_nullable_body(operation)
            if path in SIGN_IN_PATHS:
                operation["security"] = []  # where a caller gets a token: none needed
            responses: dict[str, Any] = operation.setdefault("responses", {})
            for code in [c for c in responses if not c.startswith(("1", "2", "3"))]:
                del responses[code]  # Litestar's own error shape: not what is sent
            for code, response in responses.items():
                if code.startswith("2"):
                    _binary_documents(response)
            secured = operation.get("security", default_security) != []
            described = opt.get("problem_descriptions", {})
            for status in sorted(
                expected_problems(method, path, operation, secured, opt.get("problems", ()))
            ):
                responses[str(status)] = _problem_response(status, described.get(status))
            for parameter in operation.get("parameters", []):
                _state_sort_fields(parameter)
            if opt.get("idempotency_key"):
                parameters = operation.setdefault("parameters", [])
                if not any(p.get("name") == "Idempotency-Key" for p in parameters):
                    parameters.append(copy.deepcopy(IDEMPOTENCY_KEY_PARAMETER))
    return out


# the operations that hand out a token (an operator's, a self-service session's)
SIGN_IN_PATHS = ("/api/v1/auth/token", "/api/v1/self-service/sessions")

NO_NUL = "^[^\\u0000]*$"


def _no_nul_in_text(schema: dict[str, Any]) -> None:
    """Text a request may carry never holds NUL (PostgreSQL refuses it; the services answer
    422): the schema says so, for every free-text field of a request body."""
    for prop in schema.get("properties", {}).values():
        for one in [prop, *prop.get("anyOf", []), *prop.get("oneOf", [])]:
            if (
                isinstance(one, dict)
                and one.get("type") == "string"
                and not {"pattern", "format", "enum", "const"} & set(one)
            ):
                one["pattern"] = NO_NUL
            items = one.get("items") if isinstance(one, dict) else None
            if (
                isinstance(items, dict)
                and items.get("type") == "string"
                and not {"pattern", "format", "enum", "const"} & set(items)
            ):
                items["pattern"] = NO_NUL


def _optional_nullable_body(operation: dict[str, Any]) -> None:
    """A body the handler takes as `X | None = None` may be left out: the document says so
    (Litestar marks every body required)."""
    body = operation.get("requestBody")
    if not isinstance(body, dict):
        return
    schema = body.get("content", {}).get("application/json", {}).get("schema", {})
    if {"type": "null"} in schema.get("oneOf", []):
        body["required"] = False


def _binary_documents(response: dict[str, Any]) -> None:
    """A PDF or other document is bytes, not text: a generated client reads it as such."""
    for media, content in response.get("content", {}).items():
        schema = content.get("schema", {})
        if (
            media.startswith(("application/pdf", "application/octet-stream", "application/xml"))
            and schema.get("type") == "string"
        ):
            schema["format"] = "binary"
            schema["contentMediaType"] = media


_SORT_FIELDS = re.compile(r"^([a-z_]+(?:, [a-z_]+)*)(?:;|$)")


def _state_sort_fields(parameter: dict[str, Any]) -> None:
    """A list's `sort` names its fields in its description ("a, b; prefix - for
    descending"): the schema states them, so a value the list refuses breaks the schema."""
    if parameter.get("in") != "query" or parameter.get("name") != "sort":
        return
    match = _SORT_FIELDS.match(parameter.get("description", ""))
    if match is None:
        return
    fields = "|".join(match.group(1).split(", "))
    # empty: the default order
    parameter["schema"]["pattern"] = f"^(-?({fields}))?$"


def service_document(app: Litestar) -> dict[str, Any]:
    """The service's complete OpenAPI document, as served at /schema/openapi.json."""
    return complete_document(
        app.openapi_schema.to_schema(), operation_options(app), closed_request_types(app)
    )


class ProblemDocumentingJsonRender(JsonRenderPlugin):
    """Serves `service_document` rather than Litestar's bare derivation."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        cached: bytes | None = getattr(request.app.state, "_openapi_document", None)
        if cached is None:
            cached = self.render_json(request, service_document(request.app))
            request.app.state._openapi_document = cached
        return cached
