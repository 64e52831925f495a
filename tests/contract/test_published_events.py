"""The published language: what the feeds and the webhooks carry is declared, versioned and
checked in, never a domain event's attributes as they happen to be.

- every domain event of every aggregate is either mapped to a published type or kept
  inside on purpose (a new domain event is a decision, never a leak);
- every published type is built from its domain event as the aggregate records it: a
  renamed or dropped attribute fails here, before a follower or a partner sees it;
- the JSON Schemas (docs/contract/events/) and the AsyncAPI document
  (docs/openapi/asyncapi.json) match the types."""

from __future__ import annotations

import dataclasses
import inspect
import json
import typing
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import msgspec
import pytest
from eventsourcing.domain import Aggregate, AggregateCreated

from mtf.billing.adapters.postgres.event_store import BillingEventStore
from mtf.catalog.adapters.postgres.event_store import CatalogEventStore
from mtf.collections.adapters.postgres.event_store import CollectionsEventStore
from mtf.contracts.adapters.postgres.event_store import ContractsEventStore
from mtf.customer.adapters.postgres.event_store import CustomerEventStore
from mtf.identity.application.asyncapi import asyncapi_document, event_schemas
from mtf.identity.domain.partners import KNOWN_TYPES
from mtf.kernel.eventstore import ServiceEventStore
from mtf.kernel.published import EventType, PublishedLanguage
from mtf.platform.openapi import dump
from tests.conftest import ROOT

STORES: list[type[ServiceEventStore]] = [
    CatalogEventStore,
    CustomerEventStore,
    ContractsEventStore,
    BillingEventStore,
    CollectionsEventStore,
]
EVENTS_DIR = ROOT / "docs" / "contract" / "events"
REGENERATE = "regenerate with: .venv/bin/mtf openapi --out docs/openapi"


def _language(store: type[ServiceEventStore]) -> PublishedLanguage:
    assert store.published is not None, f"{store.__name__} declares no published language"
    return store.published


def _domain_events(aggregate: type[Aggregate]) -> set[str]:
    classes = {
        name: value
        for name, value in vars(aggregate).items()
        if inspect.isclass(value) and issubclass(value, Aggregate.Event) and name != "Event"
    }
    creations = [n for n, c in classes.items() if issubclass(c, AggregateCreated)]
    if "Created" in classes and len(creations) > 1:
        del classes["Created"]  # the library's default creation event, unused
    return set(classes)


@pytest.mark.parametrize("store", STORES, ids=lambda s: s.__name__)
def test_every_domain_event_is_published_or_kept_inside_on_purpose(
    store: type[ServiceEventStore],
) -> None:
    language = _language(store)
    declared = {(k.aggregate, k.domain_event) for k in language.types} | set(language.internal)
    actual = {
        (name, event) for name, cls in store.aggregates.items() for event in _domain_events(cls)
    }
    assert actual - declared == set(), "domain events neither published nor kept inside"
    assert declared - actual == set(), "published or internal events no aggregate records"
    assert not {(k.aggregate, k.domain_event) for k in language.types} & set(language.internal)


# values for the domain events' list and dict attributes, as the aggregates record them
SAMPLE_ITEMS: dict[str, Any] = {
    "lines": [
        {
            "contract_id": str(uuid.UUID(int=11)),
            "subscriber_id": str(uuid.UUID(int=12)),
            "description": "Mobile 20 Go (MOB-20G)",
            "start_date": "2026-11-01",
            "end_date": "2026-11-30",
            "days": 30,
            "monthly_fee": "99.00",
            "amount": "99.00",
        }
    ],
    "allocations": [
        {
            "invoice_id": str(uuid.UUID(int=21)),
            "number": "FAC-2026-000001",
            "amount": "50.00",
            "kind": "payment",
        }
    ],
    "undone": [
        {
            "invoice_id": str(uuid.UUID(int=21)),
            "number": "FAC-2026-000001",
            "amount": "50.00",
            "kind": "payment",
        }
    ],
    "summary": {
        "contracts": 3,
        "clients": 2,
        "invoices_issued": 2,
        "amount_billed": "237.60",
        "errors": 0,
    },
    "components": {"data": {"quota_gb": 20}},
    "contract_ids": [str(uuid.UUID(int=31))],
    "resumed_contract_ids": [str(uuid.UUID(int=32))],
}


def _sample(name: str, kind: Any, n: int) -> Any:
    if name in SAMPLE_ITEMS:
        return SAMPLE_ITEMS[name]
    kinds = [k for k in typing.get_args(kind) if k is not type(None)] or [kind]
    kind = kinds[0]
    if kind is uuid.UUID:
        return uuid.UUID(int=1000 + n)
    if kind is date:
        return date(2026, 2, 1 + n % 27)
    if kind is datetime:
        return datetime(2026, 2, 1, 9, n % 60, tzinfo=UTC)
    if kind is Decimal:
        return Decimal(f"{n}.25")
    if kind is bool:
        return True
    if kind is int:
        return n
    if kind is str:
        return f"{name}-{n}"
    origin = typing.get_origin(kind)
    if origin is list:
        return []
    if origin is dict:
        return {}
    raise AssertionError(f"no sample for {name}: {kind}")


def _domain_event(kind: EventType[Any], aggregate: type[Aggregate]) -> tuple[Any, dict[str, Any]]:
    cls = getattr(aggregate, kind.domain_event)
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for n, f in enumerate(dataclasses.fields(cls)):
        if f.name == "originator_id":
            values[f.name] = uuid.UUID(int=7)
        elif f.name == "originator_version":
            values[f.name] = 3
        elif f.name == "timestamp":
            values[f.name] = datetime(2026, 2, 3, 10, 0, tzinfo=UTC)
        elif f.name == "originator_topic":
            values[f.name] = f"{aggregate.__module__}:{aggregate.__qualname__}"
        else:
            values[f.name] = _sample(f.name, hints[f.name], n)
    return cls(**values), values


PUBLISHED = [(store, kind) for store in STORES for kind in _language(store).types]


@pytest.mark.parametrize(
    ("store", "kind"), PUBLISHED, ids=[f"{k.name}.v{k.version}" for _, k in PUBLISHED]
)
def test_each_published_type_is_built_from_its_domain_event_as_recorded(
    store: type[ServiceEventStore], kind: EventType[Any]
) -> None:
    event, values = _domain_event(kind, store.aggregates[kind.aggregate])
    published = _language(store).publish(kind.aggregate, event)
    assert published is not None
    found, payload = published
    assert found is kind
    # what a follower or partner decodes is the declared type, from plain JSON
    decoded = msgspec.json.decode(json.dumps(payload), type=kind.payload)
    assert msgspec.to_builtins(decoded) == payload
    # every field the domain event shares with the payload is carried unchanged
    shared = set(values) & set(payload) - {"lines", "allocations", "undone"}
    for name in shared:
        if payload[name] == str(event.originator_id):
            continue  # the aggregate's id, also an attribute of its creation event
        assert payload[name] == msgspec.to_builtins(values[name]), name
    # the aggregate's id is named as such in the payload (the feed envelope is internal)
    assert str(uuid.UUID(int=7)) in {str(v) for v in payload.values()}
    # never the actor nor sealed personal data
    assert "actor" not in payload and "sealed_personal" not in payload and "cin_hash" not in payload
    # and it is what the checked-in schema describes
    schema = json.loads((EVENTS_DIR / f"{kind.name}.v{kind.version}.json").read_text())
    definition = schema["$defs"][kind.schema_name]
    assert set(payload) == set(definition["properties"])
    assert set(definition.get("required", [])) <= set(payload)


def test_the_event_schemas_match_the_checked_in_copies() -> None:
    schemas = event_schemas()
    assert sorted(schemas) == sorted(p.name for p in EVENTS_DIR.glob("*.json")), REGENERATE
    for name, schema in schemas.items():
        assert dump(schema) == (EVENTS_DIR / name).read_text(), f"{name}: {REGENERATE}"


def test_the_asyncapi_document_matches_the_checked_in_copy_and_names_every_webhook_type() -> None:
    document = asyncapi_document()
    assert dump(document) == (ROOT / "docs" / "openapi" / "asyncapi.json").read_text(), REGENERATE
    assert document["asyncapi"] == "3.0.0"
    named = sorted(m["name"] for m in document["components"]["messages"].values())
    assert named == KNOWN_TYPES
    for message in document["components"]["messages"].values():
        data = message["payload"]["properties"]["data"]["$ref"].split("/")[-1]
        assert data in document["components"]["schemas"]


def test_the_console_offers_exactly_the_webhook_types() -> None:
    text = (ROOT / "frontend" / "src" / "partners" / "events.ts").read_text()
    block = text[text.index("EVENT_TYPES = [") : text.index("] as const")]
    offered = sorted(line.strip().strip('",') for line in block.splitlines()[1:] if line.strip())
    assert offered == KNOWN_TYPES
