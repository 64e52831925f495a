"""Seeding: the admin operator (always) and demo offers (on an empty catalog)."""

from __future__ import annotations

from typing import Any

from mtf.catalog.adapters.postgres.event_store import EventSourcedOfferStore
from mtf.catalog.adapters.postgres.read_model import OfferProjection
from mtf.catalog.app import build_event_store as build_catalog_store
from mtf.catalog.application.use_cases import CatalogCommands, DefineOffer
from mtf.identity.app import identity_service
from mtf.kernel.db import make_engine
from mtf.kernel.logging import get_logger
from mtf.kernel.projection import Projector
from mtf.kernel.settings import Settings

log = get_logger("mtf.seed")

DEMO_OFFERS: list[dict[str, Any]] = [
    {
        "code": "MOB-10G",
        "name": "Mobile 10 Go",
        "service": "mobile",
        "monthly_fee": "49.00",
        "commitment_months": 0,
        "components": {"data": {"quota_gb": 10}, "calls": {"hours": 5}},
    },
    {
        "code": "MOB-50G",
        "name": "Mobile 50 Go",
        "service": "mobile",
        "monthly_fee": "99.00",
        "commitment_months": 12,
        "components": {"data": {"quota_gb": 50}, "calls": {"unlimited": True}},
    },
    {
        "code": "MOB-ILLIMITE",
        "name": "Mobile Illimité",
        "service": "mobile",
        "monthly_fee": "199.00",
        "commitment_months": 24,
        "components": {"data": {"unlimited": True}, "calls": {"unlimited": True}},
    },
    {
        "code": "NET-ADSL-20",
        "name": "Internet ADSL 20 Mbps",
        "service": "internet",
        "monthly_fee": "199.00",
        "commitment_months": 12,
        "components": {"adsl": {"speed_mbps": 20}, "landline": {}},
    },
    {
        "code": "NET-FIBRE-200",
        "name": "Fibre 200 Mbps + TV",
        "service": "internet",
        "monthly_fee": "349.00",
        "commitment_months": 24,
        "components": {"fiber": {"speed_mbps": 200}, "landline": {}, "tv": {}},
    },
    {
        "code": "NET-FIBRE-1000",
        "name": "Fibre 1 Gbps",
        "service": "internet",
        "monthly_fee": "499.00",
        "commitment_months": 24,
        "components": {"fiber": {"speed_mbps": 1000}, "landline": {}},
    },
    {
        "code": "FIXE-NATIONAL",
        "name": "Fixe National Illimité",
        "service": "landline",
        "monthly_fee": "79.00",
        "commitment_months": 0,
        "components": {"national": {"unlimited": True}, "phone_hours": 0},
    },
    {
        "code": "FIXE-MONDE",
        "name": "Fixe Monde 10 h",
        "service": "landline",
        "monthly_fee": "129.00",
        "commitment_months": 12,
        "components": {"national": {"unlimited": True}, "international_hours": 10},
    },
]


def seed_admin(settings: Settings) -> bool:
    engine = make_engine(settings.database_url_for("identity"), "identity", pool_size=1)
    try:
        return identity_service(engine, settings).seed_administrator(settings.admin_password)
    finally:
        engine.dispose()


def seed_demo_offers(settings: Settings) -> int:
    """Publish a few offers of each service, only when the catalog is empty."""
    store = build_catalog_store(settings)
    engine = make_engine(settings.database_url_for("catalog"), "catalog", pool_size=1)
    try:
        if store.recorder.max_notification_id():
            return 0
        commands = CatalogCommands(
            EventSourcedOfferStore(store), Projector(store, engine, OfferProjection())
        )
        for offer in DEMO_OFFERS:
            offer_id = commands.define_offer(DefineOffer(**offer), actor="system:seed")
            commands.publish(offer_id, actor="system:seed")
        log.info("demo_offers_seeded", count=len(DEMO_OFFERS))
        return len(DEMO_OFFERS)
    finally:
        store.close()
        engine.dispose()
