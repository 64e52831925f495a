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


def _list_operations(merged: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path, item in merged["paths"].items():
        op = item.get("get")
        if not op:
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
            if method in ("post", "patch", "put", "delete") and path != "/api/v1/auth/token":
                assert op.get("security", merged["security"]) != [], f"{method} {path} is open"
