"""Merges the services' OpenAPI documents into the public one."""

from __future__ import annotations

import copy
from typing import Any

from mtf.gateway.application.routing import AUDIT_OWNERS
from mtf.identity.application.asyncapi import openapi_webhooks
from mtf.kernel.logging import get_logger

log = get_logger("mtf.gateway.openapi")


def merge_openapi(documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "MT-Facturation public API",
            "version": "1.0.0",
            "description": "Served by the gateway; each path is owned by one service.",
        },
        "servers": [{"url": "/"}],
        "paths": {},
        "components": {
            "schemas": {},
            "securitySchemes": {
                "BearerToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
        "security": [{"BearerToken": []}],
        "tags": [],
    }
    seen_tags: set[str] = set()
    for service in sorted(documents):
        doc = documents[service]
        for path, item in sorted(doc.get("paths", {}).items()):
            if not path.startswith("/api/v1/"):
                continue
            if path in merged["paths"]:
                # audit routes exist in every service: keep one, described generically
                continue
            copied = copy.deepcopy(item)
            for operation in copied.values():
                if isinstance(operation, dict) and "operationId" in operation:
                    operation.setdefault("x-service", service)
            merged["paths"][path] = copied
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            existing = merged["components"]["schemas"].get(name)
            if existing is not None and existing != schema:
                log.warning("openapi_schema_name_clash", schema=name, service=service)
                continue
            merged["components"]["schemas"][name] = schema
        for tag in doc.get("tags", []) or []:
            if tag.get("name") not in seen_tags:
                seen_tags.add(tag["name"])
                merged["tags"].append(tag)
    _unique_operation_ids(merged["paths"])
    _audit_types(merged["paths"])
    # the webhook events partners receive, from the services' published types (AsyncAPI
    # has them too, at /api/v1/asyncapi.json)
    webhooks, event_schemas = openapi_webhooks()
    merged["webhooks"] = webhooks
    for name, schema in event_schemas.items():
        merged["components"]["schemas"].setdefault(name, schema)
    merged["paths"]["/health/live"] = _health_path("Liveness of the gateway")
    merged["paths"]["/health/ready"] = _health_path(
        "Readiness: the database and every service answer"
    )
    return merged


def _audit_types(paths: dict[str, Any]) -> None:
    """The audit routes are one path for every service: its `aggregate_type` is one of the
    types some service owns (the gateway routes by it)."""
    for path, item in paths.items():
        if not path.startswith("/api/v1/audit/{aggregate_type}"):
            continue
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("name") == "aggregate_type" and parameter.get("in") == "path":
                    parameter["schema"] = {"type": "string", "enum": sorted(AUDIT_OWNERS)}


def _unique_operation_ids(paths: dict[str, Any]) -> None:
    """Keep each handler's name as the operation id, prefixed by its service where two
    services name a handler alike (`contracts_preview`, `collections_preview`)."""
    operations = [
        op
        for item in paths.values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]
    seen: dict[str, set[str]] = {}
    for op in operations:
        seen.setdefault(op["operationId"], set()).add(op["x-service"])
    for op in operations:
        if len(seen[op["operationId"]]) > 1:
            op["operationId"] = f"{op['x-service']}_{op['operationId']}"


def _health_path(summary: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "operationId": f"gateway_{summary.split(maxsplit=1)[0].lower().rstrip(':')}",
            "security": [],
            "tags": ["health"],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "503": {
                    "description": "Not ready",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
            },
        }
    }
