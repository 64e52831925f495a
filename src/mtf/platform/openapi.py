"""Writes each service's OpenAPI document and the merged public one (checked in under
docs/openapi, compared by the contract tests)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from mtf.gateway.adapters.openapi_merge import merge_openapi
from mtf.kernel.openapi_contract import service_document
from mtf.kernel.settings import SERVICES, Settings


def service_documents(settings: Settings) -> dict[str, dict[str, Any]]:
    documents: dict[str, dict[str, Any]] = {}
    for service in SERVICES:
        module: Any = importlib.import_module(f"mtf.{service}.app")
        app = module.create_app(settings)
        documents[service] = service_document(app)
        store = app.state.get("event_store")
        if store is not None:
            store.close()
        app.state.engine.dispose()
    return documents


def dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"


def write_openapi(settings: Settings, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    documents = service_documents(settings)
    for service, doc in documents.items():
        (out / f"{service}.json").write_text(dump(doc))
    (out / "openapi.json").write_text(dump(merge_openapi(documents)))
    write_event_contract(out, out.parent / "contract" / "events")


def write_event_contract(openapi_dir: Path, events_dir: Path) -> None:
    """The AsyncAPI document of the webhooks beside the OpenAPI ones, and one JSON Schema
    per published event type (the compatibility gate compares them with the released)."""
    from mtf.identity.application.asyncapi import asyncapi_document, event_schemas

    (openapi_dir / "asyncapi.json").write_text(dump(asyncapi_document()))
    events_dir.mkdir(parents=True, exist_ok=True)
    schemas = event_schemas()
    for stale in events_dir.glob("*.json"):
        if stale.name not in schemas:
            stale.unlink()
    for name, schema in schemas.items():
        (events_dir / name).write_text(dump(schema))
