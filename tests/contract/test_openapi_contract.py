"""The public API contract: the OpenAPI documents are checked in and must match the code,
and every route follows the conventions of api-v1.md."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mtf.gateway.adapters.openapi_merge import merge_openapi
from mtf.kernel.settings import Settings
from mtf.platform.openapi import dump, service_documents
from tests.conftest import ROOT

CHECKED_IN = ROOT / "docs" / "openapi"
REGENERATE = (
    "regenerate with: .venv/bin/mtf openapi --out docs/openapi (and npm run gen:api in frontend/)"
)


@pytest.fixture(scope="module")
def documents(migrated_settings: Settings) -> dict[str, dict[str, Any]]:
    return service_documents(migrated_settings)


def test_each_service_document_matches_the_checked_in_copy(
    documents: dict[str, dict[str, Any]],
) -> None:
    for service, doc in documents.items():
        stored = (CHECKED_IN / f"{service}.json").read_text()
        assert dump(doc) == stored, f"{service}'s API changed without its document: {REGENERATE}"


def test_the_merged_document_matches_the_checked_in_copy(
    documents: dict[str, dict[str, Any]],
) -> None:
    assert dump(merge_openapi(documents)) == (CHECKED_IN / "openapi.json").read_text(), REGENERATE


def test_the_frontend_types_are_generated_from_the_checked_in_document() -> None:
    schema_ts = (ROOT / "frontend" / "src" / "api" / "schema.d.ts").read_text()
    merged = json.loads((CHECKED_IN / "openapi.json").read_text())
    for path in merged["paths"]:
        assert f'"{path}"' in schema_ts, f"{path} missing from the generated client: {REGENERATE}"


# reports whose `items` are fixed by their parameters, not lists to page through: the
# revenue per month (`from`..`to`, at most 60 months, api-v1.md's `{"items": [...]}`)
REPORTS = {"/api/v1/analytics/revenue"}


def _list_operations(merged: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path, item in merged["paths"].items():
        op = item.get("get")
        if not op or path in REPORTS:
            continue
        ok = op.get("responses", {}).get("200", {})
        schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
        name = schema.get("$ref", "").split("/")[-1]
        properties = merged["components"]["schemas"].get(name, {}).get("properties", {})
        # anything that returns a list of items is a list, whatever its schema is called
        if properties.get("items", {}).get("type") == "array":
            found.append((path, op))
    return found


def test_every_list_follows_the_pagination_filter_and_sort_convention() -> None:
    merged = json.loads((CHECKED_IN / "openapi.json").read_text())
    lists = _list_operations(merged)
    assert len(lists) >= 15, "the list endpoints were not found"
    for path, op in lists:
        params = {p["name"] for p in op.get("parameters", []) if p.get("in") == "query"}
        assert {"limit", "cursor", "sort"} <= params, path
        ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
        page = merged["components"]["schemas"][ref]
        assert {"items", "next_cursor", "total"} <= set(page["properties"]), path


def test_every_write_is_authenticated() -> None:
    merged = json.loads((CHECKED_IN / "openapi.json").read_text())
    for path, item in merged["paths"].items():
        for method, op in item.items():
            # where a token is obtained: an operator's sign-in, a self-service session
            public = ("/api/v1/auth/token", "/api/v1/self-service/sessions")
            if method in ("post", "patch", "put", "delete") and path not in public:
                assert op.get("security", merged["security"]) != [], f"{method} {path} is open"


def _operations(merged: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, item in merged["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete") and isinstance(op, dict)
    ]


def _typed(schema: dict[str, Any]) -> bool:
    """A schema a client can generate a type from: a reference, or a type of its own."""
    return bool(schema) and any(k in schema for k in ("$ref", "type", "oneOf", "anyOf", "allOf"))


def test_every_2xx_response_is_typed() -> None:
    merged = json.loads((CHECKED_IN / "openapi.json").read_text())
    untyped = []
    for method, path, op in _operations(merged):
        for status, response in op["responses"].items():
            if not status.startswith("2") or status == "204":
                continue
            content = response.get("content", {})
            if not content or not all(_typed(m.get("schema", {})) for m in content.values()):
                untyped.append(f"{method.upper()} {path} {status}")
    assert not untyped, f"2xx responses without a type: {untyped}"


def test_every_operation_documents_its_problem_responses() -> None:
    """Every error an operation can answer is documented as application/problem+json with
    the one Problem schema (errors, candidates), never Litestar's own error shape."""
    merged = json.loads((CHECKED_IN / "openapi.json").read_text())
    problem = merged["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail"} <= set(problem["required"])
    assert {"errors", "candidates", "request_id"} <= set(problem["properties"])
    missing = []
    for method, path, op in _operations(merged):
        if path.startswith("/health/"):
            continue
        responses = op["responses"]
        expected = {"400", "401", "422", "503"}
        if op.get("security", merged["security"]) != []:
            expected.add("403")
        if "{" in path:
            expected.add("404")
        if method != "get":
            expected.add("409")
        if "requestBody" in op:
            expected |= {"413", "415"}
        for status in sorted(expected - set(responses)):
            missing.append(f"{method.upper()} {path}: {status}")
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                content = response.get("content", {})
                if set(content) != {"application/problem+json"} or content[
                    "application/problem+json"
                ]["schema"] != {"$ref": "#/components/schemas/Problem"}:
                    missing.append(f"{method.upper()} {path}: {status} is not the Problem")
    assert not missing, f"undocumented problem responses: {missing}"


def test_money_moving_posts_document_their_idempotency_key() -> None:
    merged = json.loads((CHECKED_IN / "openapi.json").read_text())
    for path in (
        "/api/v1/payments",
        "/api/v1/provisioning/orders",
        "/api/v1/invoices/{invoice_id}/credit-notes",
    ):
        headers = {
            p["name"]: p
            for p in merged["paths"][path]["post"].get("parameters", [])
            if p["in"] == "header"
        }
        assert headers.get("Idempotency-Key", {}).get("required") is True, path


def test_every_request_body_has_examples_its_schema_accepts() -> None:
    """A partner reading the reference sees a whole, valid request for each write; an example
    its own schema refuses (a rule stated after the example was written) fails here."""
    import jsonschema_rs

    merged = json.loads((CHECKED_IN / "openapi.json").read_text())
    components = merged["components"]["schemas"]
    without, refused = [], []
    for method, path, op in _operations(merged):
        media = op.get("requestBody", {}).get("content", {}).get("application/json")
        if media is None:
            continue
        schema = media["schema"]
        ref = schema.get("$ref") or next(
            (s["$ref"] for s in schema.get("oneOf", []) if "$ref" in s), None
        )
        examples = components[ref.split("/")[-1]].get("examples", []) if ref else []
        if not examples:
            without.append(f"{method.upper()} {path}")
            continue
        validator = jsonschema_rs.Draft202012Validator(
            {**schema, "components": {"schemas": components}}
        )
        for example in examples:
            errors = [e.message for e in validator.iter_errors(example)]
            if errors:
                refused.append(f"{method.upper()} {path}: {example} -> {errors[:2]}")
    assert not without, f"request bodies without an example: {without}"
    assert not refused, f"examples their schema refuses: {refused}"
