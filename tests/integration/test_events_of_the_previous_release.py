"""Events written by the previous release (2026.11) read by this one (issue 16, point 3).

2026.12 added fields to six domain event types (BillRun.Started/Completed, Numbering.Assigned,
CreditNote.Issued, CollectionCase.Opened, ProvisioningOrder.Completed). The events below were
made by the 2026.11 code itself (tests/fixtures/make_events_2026_11.py) and are written as
they were stored into the current event tables; the current aggregates load them, the
projectors apply them and the feeds publish them (docs/operations/releases.md, upcasting)."""

from __future__ import annotations

import base64
import importlib
import json
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from mtf.billing.domain.invoice import BillRun, CreditNote, Numbering
from mtf.collections.domain.case import CollectionCase
from mtf.contracts.domain.order import ProvisioningOrder
from mtf.kernel.feed import _aggregate_type_of_topic
from mtf.kernel.settings import Settings
from mtf.platform.migrate import migrate_all
from tests.conftest import Databases, make_settings

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "events_2026_11.json"
SERVICE_OF = {"billing": "billing", "collections": "collections", "contracts": "contracts"}


def write_old_events(settings: Settings) -> dict[str, list[dict[str, object]]]:
    by_service: dict[str, list[dict[str, object]]] = {}
    for event in json.loads(FIXTURE.read_text())["events"]:
        by_service.setdefault(str(event["topic"]).split(".")[1], []).append(event)
    for service, events in by_service.items():
        store = importlib.import_module(f"mtf.{service}.app").build_event_store(settings)
        try:
            store.recorder.insert_events(
                [
                    StoredEvent(
                        originator_id=UUID(str(e["originator_id"])),
                        originator_version=int(e["originator_version"]),  # type: ignore[call-overload]
                        topic=str(e["topic"]),
                        state=base64.b64decode(str(e["state"])),
                    )
                    for e in events
                ]
            )
        finally:
            store.close()
    return by_service


def test_events_of_the_previous_release_load_apply_and_publish(databases: Databases) -> None:
    settings = make_settings(databases.create("mtf_old_events"))
    migrate_all(settings)
    by_service = write_old_events(settings)
    first = {s: UUID(str(e[0]["originator_id"])) for s, e in by_service.items()}

    billing = importlib.import_module("mtf.billing.app").build_event_store(settings)
    collections = importlib.import_module("mtf.collections.app").build_event_store(settings)
    contracts = importlib.import_module("mtf.contracts.app").build_event_store(settings)
    try:
        ids = {e["topic"]: UUID(str(e["originator_id"])) for es in by_service.values() for e in es}
        run = billing.repository.get(first["billing"])
        assert isinstance(run, BillRun) and run.period == "2026-10"
        assert run.status == "completed" and run.summary["invoices_issued"] == 1
        assert getattr(run, "pass_number", 1) == 1  # runs before passes were the first pass
        numbering = billing.repository.get(ids["mtf.billing.domain.invoice:Numbering.Assigned"])
        assert isinstance(numbering, Numbering) and numbering.format(1).endswith("000001")
        note = billing.repository.get(ids["mtf.billing.domain.invoice:CreditNote.Issued"])
        assert isinstance(note, CreditNote) and note.amount == Decimal("24.00")
        case = collections.repository.get(first["collections"])
        assert isinstance(case, CollectionCase) and case.status == "open"
        order = contracts.repository.get(first["contracts"])
        assert isinstance(order, ProvisioningOrder) and order.status == "completed"

        # the feeds publish them in the current published language
        published = {}
        for store, service in (
            (billing, "billing"),
            (contracts, "contracts"),
            (collections, "collections"),
        ):
            language = store.published
            assert language is not None
            for stored in by_service[service]:
                aggregate = _aggregate_type_of_topic(store, str(stored["topic"]))
                event = store.mapper.to_domain_event(
                    StoredEvent(
                        originator_id=UUID(str(stored["originator_id"])),
                        originator_version=int(stored["originator_version"]),  # type: ignore[call-overload]
                        topic=str(stored["topic"]),
                        state=base64.b64decode(str(stored["state"])),
                    )
                )
                published[stored["topic"]] = language.publish(aggregate, event)
        kind, payload = published["mtf.billing.domain.invoice:CreditNote.Issued"]  # type: ignore[misc]
        assert (kind.name, kind.version) == ("credit_note.issued", 1)
        assert Decimal(payload["total"]) == Decimal("24.00") and payload["refundable"] is None
        completed = published["mtf.contracts.domain.order:ProvisioningOrder.Completed"]
        assert completed is not None and completed[0].name == "order.completed"
        # what an old event cannot say is published empty, as documented in the published
        # language (the run's Started event has its period; the order's Decided event the rest)
        run_completed = published["mtf.billing.domain.invoice:BillRun.Completed"]
        assert run_completed is not None and run_completed[1]["invoices_issued"] == 1
        assert run_completed[1]["period"] == "" and completed[1]["outcome"] is None
    finally:
        for store in (billing, collections, contracts):
            store.close()

    # the projectors apply them (the read models of billing, collections, contracts)
    for service in ("billing", "collections", "contracts"):
        for projector in importlib.import_module(f"mtf.{service}.app").build_projectors(settings):
            assert projector.catch_up() >= 1
            assert projector.failure is None, (service, projector.failure)
