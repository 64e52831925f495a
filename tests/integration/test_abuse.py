"""The abuse suite: every public route, as the merged OpenAPI document lists it, tried through
the gateway with what an attacker sends. Each answer is a 4xx problem document (never a 5xx)
and, at the end, not one row of any table of any service has changed.

One stack for the module (every service and the gateway in-process, real HTTP), the cases
parametrised per operation; each body is a well-formed request for the operation (built from
its schema) with one field made hostile, so the hostile value is what gets judged."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest

from mtf.gateway.adapters.guard import MAX_BODY_BYTES
from mtf.kernel.settings import SERVICES, Settings
from tests.conftest import ROOT
from tests.integration.gateway_harness import raw_request
from tests.integration.services import running_services

MERGED: dict[str, Any] = json.loads((ROOT / "docs" / "openapi" / "openapi.json").read_text())
SCHEMAS: dict[str, Any] = MERGED["components"]["schemas"]
METHODS = ("get", "post", "put", "patch", "delete")
OPERATIONS: list[tuple[str, str, dict[str, Any]]] = [
    (method.upper(), path, op)
    for path, item in MERGED["paths"].items()
    if path.startswith("/api/v1/")
    for method, op in item.items()
    if method in METHODS
]
WITH_BODY = [(m, p, op) for m, p, op in OPERATIONS if op.get("requestBody")]
LISTS = [(m, p, op) for m, p, op in OPERATIONS if m == "GET" and op.get("parameters")]


def _ids(ops: list[tuple[str, str, dict[str, Any]]]) -> list[str]:
    return [f"{m} {p}" for m, p, _ in ops]


def concrete(path: str, known: dict[str, str] | None = None) -> str:
    """The path with ids filled in: the known ones (so the request reaches the validation of
    its body), else random ones."""
    return re.sub(
        r"\{([^}]+)\}",
        lambda m: (known or {}).get(m.group(1)) or str(uuid.uuid4()),
        path.replace("{aggregate_type}", "offer"),
    )


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].split("/")[-1]]
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = [s for s in schema[key] if resolve(s).get("type") != "null"]
            return resolve(options[0]) if options else {"type": "null"}
    return schema


KNOWN: dict[str, str] = {}  # ids of a real client and a published offer, once created


def sample(schema: dict[str, Any], name: str = "", depth: int = 0) -> Any:
    """A plausible value for a schema: enough for a request to reach its validation."""
    schema = resolve(schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        if depth > 4:
            return {}
        return {
            key: sample(sub, key, depth + 1) for key, sub in schema.get("properties", {}).items()
        }
    if kind == "array":
        count = schema.get("minItems", 1)
        item = name[:-1] if name.endswith("s") else name  # invoice_ids: each an invoice_id
        return [sample(schema.get("items", {}), item, depth + 1) for _ in range(count)]
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    fmt = schema.get("format", "")
    if fmt == "uuid" or name.endswith("_id"):
        return KNOWN.get(name) or str(uuid.uuid4())
    if fmt == "date":
        return "2026-01-15"
    if fmt == "date-time":
        return "2026-01-15T10:00:00Z"
    if fmt == "email" or "email" in name:
        return "someone@example.com"
    if fmt in ("uri", "url") or name == "url":
        return "https://partner.example/hooks"
    if is_numeric(schema, name):
        return "10.00"
    return "x" * max(int(schema.get("minLength", 3)), 3)


def is_numeric(schema: dict[str, Any], name: str) -> bool:
    schema = resolve(schema)
    if schema.get("type") in ("integer", "number"):
        return True
    pattern = schema.get("pattern", "")
    return "\\d" in pattern or any(
        word in name for word in ("amount", "rate", "total", "price", "fee", "hours", "quota")
    )


def body_schema(op: dict[str, Any]) -> dict[str, Any]:
    content = op["requestBody"]["content"]
    return resolve(next(iter(content.values()))["schema"])


# hostile values, as JSON text: for number-like fields, and for text fields
NUMBER_ATTACKS = [
    "1e400",
    "-1e400",
    "1" + "0" * 400,
    '"1e30"',
    '"1e400"',
    '"-1e30"',
    '"NaN"',
    '"Infinity"',
    '"0x10"',
    "[]",
    "{}",
]
TEXT_ATTACKS = [
    '"\\ud800"',  # a lone surrogate
    '"abc\\udfff"',
    '"\\u0000"',  # NUL
    '"nul\\u0000inside"',
    '"gpj.exe\\u202e"',  # RIGHT-TO-LEFT OVERRIDE
    '"\\u2067isolate\\u2069"',  # RIGHT-TO-LEFT ISOLATE
    "[]",
    "{}",
    "12",
]


LIST_ATTACKS = ['["\\ud800"]', "[1e400]", '["\\u202e"]', '"not a list"', "{}", "12"]
OBJECT_ATTACKS = ['{"k": "\\ud800"}', '{"k": 1e400}', "[]", '"not an object"', "12"]


def attacks_for(schema: dict[str, Any], name: str) -> list[str]:
    kind = resolve(schema).get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "array":
        return LIST_ATTACKS
    if kind == "object" or "properties" in resolve(schema):
        return OBJECT_ATTACKS
    return NUMBER_ATTACKS if is_numeric(schema, name) else TEXT_ATTACKS


def hostile_bodies(op: dict[str, Any]) -> Iterator[bytes]:
    schema = body_schema(op)
    base = sample(schema)
    if not isinstance(base, dict):
        yield b"[]"
        return
    for field, sub in schema.get("properties", {}).items():
        for attack in attacks_for(sub, field):
            others = {k: v for k, v in base.items() if k != field}
            text = json.dumps(others)
            text = text[:-1] + (", " if others else "") + f'"{field}": {attack}' + "}"
            yield text.encode()


@pytest.fixture(scope="module")
def gateway(migrated_settings: Settings) -> Iterator[str]:
    with running_services(migrated_settings, (*SERVICES, "gateway")) as settings:
        yield settings.service_urls["gateway"]


@pytest.fixture(scope="module")
def auth(gateway: str, migrated_settings: Settings) -> dict[str, str]:
    r = httpx.post(
        gateway + "/api/v1/auth/token",
        json={"username": "admin", "password": migrated_settings.admin_password},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def row_counts(settings: Settings) -> dict[str, int]:
    with psycopg.connect(settings.database_url) as conn:
        tables = conn.execute(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_type = 'BASE TABLE'"
            " AND table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
        counts = {}
        for schema, table in tables:
            row = conn.execute(f'SELECT count(*) FROM "{schema}"."{table}"').fetchone()
            counts[f"{schema}.{table}"] = int(row[0]) if row else 0
    return counts


@pytest.fixture(scope="module")
def known(gateway: str, auth: dict[str, str]) -> dict[str, str]:
    """A real client and a published offer: hostile bodies naming them get past "not found"."""
    client = httpx.post(
        gateway + "/api/v1/clients",
        json={
            "first_name": "Abuse",
            "last_name": "Target",
            "cin": f"AB{uuid.uuid4().int % 1_000_000:06d}",
            "phone": "0522334455",
        },
        headers={**auth, "Idempotency-Key": str(uuid.uuid4())},
        timeout=30,
    )
    assert client.status_code == 201, client.text
    offer = httpx.post(
        gateway + "/api/v1/offers",
        json={
            "code": f"ABUSE-{uuid.uuid4().hex[:6].upper()}",
            "name": "Abuse 20 Go",
            "service": "mobile",
            "monthly_fee": "99.00",
            "commitment_months": 12,
            "components": {"data": {"quota_gb": 20}, "calls": {"hours": 10}},
        },
        headers={**auth, "Idempotency-Key": str(uuid.uuid4())},
        timeout=30,
    )
    assert offer.status_code == 201, offer.text
    offer_id = offer.json()["id"]
    published = httpx.post(
        f"{gateway}/api/v1/offers/{offer_id}/publish",
        headers={**auth, "Idempotency-Key": str(uuid.uuid4())},
        timeout=30,
    )
    assert published.status_code == 200, published.text
    KNOWN.update(client_id=client.json()["id"], offer_id=offer_id)
    return KNOWN


@pytest.fixture(scope="module")
def before(
    gateway: str, auth: dict[str, str], known: dict[str, str], migrated_settings: Settings
) -> dict[str, int]:
    # reads let views catch up (and record how far): done once before counting
    for method, path, _ in OPERATIONS:
        if method == "GET" and "{" not in path:
            httpx.get(gateway + path, headers=auth, timeout=30)
    return row_counts(migrated_settings)


def assert_refused(response: httpx.Response | tuple[int, dict[str, str], bytes], case: str) -> None:
    if isinstance(response, tuple):
        status, headers, body = response
    else:
        status, headers, body = response.status_code, dict(response.headers), response.content
    assert 400 <= status < 500, (case, status, body[:300])
    assert headers.get("content-type", "").startswith("application/problem+json"), (case, headers)
    problem = json.loads(body)
    assert problem["status"] == status and problem.get("detail"), (case, problem)


def headers_for(method: str, auth: dict[str, str]) -> dict[str, str]:
    headers = {**auth, "Content-Type": "application/json"}
    if method == "POST":
        headers["Idempotency-Key"] = str(uuid.uuid4())
    return headers


@pytest.mark.parametrize(("method", "path", "op"), WITH_BODY, ids=_ids(WITH_BODY))
def test_hostile_fields_are_refused(
    gateway: str,
    auth: dict[str, str],
    known: dict[str, str],
    before: dict[str, int],
    method: str,
    path: str,
    op: Any,
) -> None:
    url = gateway + concrete(path, known)
    with httpx.Client(timeout=30) as client:
        for body in hostile_bodies(op):
            response = client.request(method, url, content=body, headers=headers_for(method, auth))
            assert_refused(response, body.decode()[:200])


@pytest.mark.parametrize(("method", "path", "op"), WITH_BODY, ids=_ids(WITH_BODY))
def test_nested_oversized_and_mistyped_bodies_are_refused(
    gateway: str, auth: dict[str, str], before: dict[str, int], method: str, path: str, op: Any
) -> None:
    url = gateway + concrete(path)
    valid = json.dumps(sample(body_schema(op))).encode()
    with httpx.Client(timeout=30) as client:
        deep = b'{"a": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
        deep_objects = b'{"a": ' * 5_000 + b"1" + b"}" * 5_000
        for body in (deep, deep_objects, b"{", b"", b"null", b"[]", b'"text"', b"\xff\xfe"):
            response = client.request(method, url, content=body, headers=headers_for(method, auth))
            assert_refused(response, f"body {body[:20]!r}")
        # over the limit, declared or not
        big = b'{"x": "' + b"a" * MAX_BODY_BYTES + b'"}'
        response = client.request(method, url, content=big, headers=headers_for(method, auth))
        assert response.status_code == 413
        assert_refused(response, "oversized")
        # a well-formed body under another content type
        for content_type in (
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/xml",
        ):
            headers = {**headers_for(method, auth), "Content-Type": content_type}
            response = client.request(method, url, content=valid, headers=headers)
            assert_refused(response, content_type)


OTHER_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS")
PATHS = sorted({p for _, p, _ in OPERATIONS})


@pytest.mark.parametrize("path", PATHS)
def test_wrong_methods_and_path_tricks_are_refused(
    gateway: str, auth: dict[str, str], before: dict[str, int], path: str
) -> None:
    allowed = {m.upper() for m in MERGED["paths"][path] if m in METHODS}
    url = concrete(path)
    with httpx.Client(timeout=30) as client:
        for method in OTHER_METHODS:
            if method in allowed:
                continue
            response = client.request(
                method, gateway + url, content=b"{}", headers=headers_for(method, auth)
            )
            if method == "OPTIONS" and response.status_code == 204:
                # the router's automatic answer: the allowed methods, nothing else
                assert set(response.headers["allow"].split(", ")) >= allowed, path
                continue
            assert_refused(response, f"{method} {path}")
    head, _, last = url.rpartition("/")
    tricks = [
        f"{head}/../{last}",
        f"{head}/./{last}",
        f"{head}/%2e%2e/{last}",
        f"{head}/%2E/{last}",
        f"{head}/%252e%252e/{last}",
        f"{head}%2f{last}",
        f"{head}%5c{last}",
        f"{head}\\{last}",
        f"{head}//{last}",
        f"{url}/",
        f"{url}/../../../../metrics",
        f"{url}/..%2f..%2f..%2finternal%2fevents",
    ]
    for trick in tricks:
        for method in sorted(allowed):
            response = raw_request(gateway, method, trick, headers_for(method, auth), b"{}")
            assert response[0] == 400, (method, trick, response[0])
            assert_refused(response, f"{method} {trick}")


SPOOFED = [
    {"X-Forwarded-For": "127.0.0.1"},
    {"X-Forwarded-For": "999.999.999.999, ::1, not-an-address"},
    {"X-Forwarded-For": "a" * 4000},
    {"X-MTF-Client-Address": "10.0.0.1"},
    {"X-MTF-Client-Address": "'; DROP TABLE clients; --"},
    {"Forwarded": "for=127.0.0.1;proto=https", "X-Real-IP": "::1"},
    {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"},
]


@pytest.mark.parametrize(("method", "path", "op"), OPERATIONS, ids=_ids(OPERATIONS))
def test_spoofed_forwarding_headers_change_nothing(
    gateway: str, auth: dict[str, str], before: dict[str, int], method: str, path: str, op: Any
) -> None:
    url = gateway + concrete(path)
    body = b"" if method == "GET" else b'{"__not_a_field__": true}'
    with httpx.Client(timeout=30) as client:
        for spoof in SPOOFED:
            headers = {**headers_for(method, auth), **spoof}
            response = client.request(method, url, content=body or None, headers=headers)
            assert response.status_code < 500, (spoof, response.status_code, response.text[:300])
            if method != "GET":
                assert_refused(response, str(spoof))
            assert "strict-transport-security" not in response.headers  # not a trusted proxy


QUERY_ATTACKS = ["1e400", "9" * 400, "-1", "%ED%A0%80", "%FF%FE", "%E2%80%AEx", "%00", "[]"]


@pytest.mark.parametrize(("method", "path", "op"), LISTS, ids=_ids(LISTS))
def test_hostile_query_parameters_are_never_a_server_error(
    gateway: str, auth: dict[str, str], before: dict[str, int], method: str, path: str, op: Any
) -> None:
    names = [p["name"] for p in op["parameters"] if p.get("in") == "query"]
    url = concrete(path)
    for name in names:
        for attack in QUERY_ATTACKS:
            status, headers, body = raw_request(gateway, "GET", f"{url}?{name}={attack}", auth)
            assert status < 500, (name, attack, status, body[:300])
            if status >= 400:
                assert_refused((status, headers, body), f"{name}={attack}")


def test_nothing_was_stored(before: dict[str, int], migrated_settings: Settings) -> None:
    after = row_counts(migrated_settings)
    changed = {t: (before.get(t), n) for t, n in after.items() if before.get(t) != n}
    assert not changed, changed
