"""Platform on a real PostgreSQL: migrations, event store, projections, feed, identity."""

from __future__ import annotations

import secrets
import threading
from typing import Any

import psycopg
import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import text

from mtf.catalog.adapters.postgres.event_store import EventSourcedOfferStore
from mtf.catalog.adapters.postgres.read_model import OfferProjection
from mtf.catalog.app import build_event_store
from mtf.catalog.application.use_cases import CatalogCommands, DefineOffer, ReviseOffer
from mtf.kernel.auth import issue_service_token
from mtf.kernel.db import make_engine
from mtf.kernel.projection import Projector
from mtf.kernel.settings import Settings
from mtf.platform.migrate import migrate_all
from mtf.platform.seed import seed_admin, seed_demo_offers
from tests.conftest import Databases, make_settings

Client = AsyncTestClient[Any]


def offer_body(code: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": f"Offer {code}",
        "service": "landline",
        "monthly_fee": "79.00",
        "commitment_months": 0,
        "components": {"national": {"unlimited": True}},
    }


def test_migrations_are_idempotent_and_each_service_owns_its_schema(databases: Databases) -> None:
    settings = make_settings(databases.create("mtf_migrate"))
    migrate_all(settings)
    migrate_all(settings)  # a second start changes nothing and does not fail
    with psycopg.connect(settings.database_url) as conn:
        tables = conn.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
        versions = {
            schema: conn.execute(f'SELECT version_num FROM "{schema}".alembic_version').fetchone()
            for schema in ("identity", "catalog", "customer", "contracts", "billing", "collections")
        }
    by_schema: dict[str, set[str]] = {}
    for schema, table in tables:
        by_schema.setdefault(schema, set()).add(table)
    assert "public" not in by_schema, "nothing may live outside the services' schemas"
    assert {
        "offers",
        "offer_versions",
        "projection_tracking",
        "catalog_events",
        "alembic_version",
    } <= by_schema["catalog"]
    assert {"operators", "roles", "alembic_version"} <= by_schema["identity"]
    assert "offers" not in by_schema["customer"]
    assert versions["catalog"] == ("catalog_0001",)


def test_seeding_twice_keeps_one_admin_and_seeds_demo_offers_only_once(
    databases: Databases,
) -> None:
    settings = make_settings(databases.create("mtf_seed"))
    migrate_all(settings)
    assert seed_admin(settings) is True
    assert seed_admin(settings) is False
    assert seed_demo_offers(settings) == 8
    assert seed_demo_offers(settings) == 0
    with psycopg.connect(settings.database_url) as conn:
        admins = conn.execute(
            "SELECT count(*) FROM identity.operators WHERE username = 'admin'"
        ).fetchone()
        published = conn.execute(
            "SELECT service, count(*) FROM catalog.offers WHERE status = 'published' GROUP BY service"
        ).fetchall()
    assert admins == (1,)
    assert dict(published) == {"mobile": 3, "internet": 3, "landline": 2}


def test_a_projection_applies_each_event_exactly_once_even_when_run_concurrently(
    migrated_settings: Settings,
) -> None:
    store = build_event_store(migrated_settings)
    engine = make_engine(migrated_settings.database_url, "catalog")

    class NoRefresh:
        def catch_up(self) -> int:
            return 0

    commands = CatalogCommands(EventSourcedOfferStore(store), NoRefresh())
    tag = secrets.token_hex(3).upper()
    for i in range(30):
        offer_id = commands.define_offer(DefineOffer(**offer_body(f"CC{tag}-{i}")), actor="test")
        commands.publish(offer_id, actor="test")
    projectors = [Projector(store, engine, OfferProjection(), batch=7) for _ in range(4)]
    errors: list[BaseException] = []

    def run(p: Projector) -> None:
        try:
            p.catch_up()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in projectors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT status, count(*) FROM offers WHERE code LIKE :p GROUP BY status"),
            {"p": f"CC{tag}-%"},
        ).all()
        versions = conn.execute(
            text(
                "SELECT count(*) FROM offer_versions v JOIN offers o ON o.id = v.offer_id WHERE o.code LIKE :p"
            ),
            {"p": f"CC{tag}-%"},
        ).scalar_one()
    assert dict(rows) == {"published": 30}
    assert versions == 30
    assert projectors[0].position() == store.recorder.max_notification_id()
    store.close()
    engine.dispose()


def test_a_projector_told_not_to_wait_goes_on_while_another_applies_events(
    migrated_settings: Settings,
) -> None:
    """A bill-run worker between two batches: another process holds the projection (its
    transaction open), so this one applies nothing and returns at once; once the other is
    done, a catch-up applies every event, once."""
    store = build_event_store(migrated_settings)
    engine = make_engine(migrated_settings.database_url, "catalog")

    class NoRefresh:
        def catch_up(self) -> int:
            return 0

    commands = CatalogCommands(EventSourcedOfferStore(store), NoRefresh())
    tag = secrets.token_hex(3).upper()
    projector = Projector(store, engine, OfferProjection(), batch=5)
    projector.catch_up()  # the tracking row exists, the views are up to date
    for i in range(6):
        commands.define_offer(DefineOffer(**offer_body(f"NW{tag}-{i}")), actor="test")
    with engine.begin() as other:  # another process is applying this projection's events
        other.execute(
            text("SELECT position FROM projection_tracking WHERE projection = :p FOR UPDATE"),
            {"p": OfferProjection.name},
        )
        assert projector.catch_up(max_batches=1, wait=False) == 0
    assert projector.catch_up(wait=False) == 6  # free again: everything, in two batches
    assert projector.catch_up() == 0
    with engine.connect() as conn:
        defined = conn.execute(
            text("SELECT count(*) FROM offers WHERE code LIKE :p"), {"p": f"NW{tag}-%"}
        ).scalar_one()
    assert defined == 6
    assert projector.position() == store.recorder.max_notification_id()
    store.close()
    engine.dispose()


def test_a_read_model_rebuilt_from_zero_equals_the_live_one(migrated_settings: Settings) -> None:
    store = build_event_store(migrated_settings)
    engine = make_engine(migrated_settings.database_url, "catalog")
    projector = Projector(store, engine, OfferProjection())
    commands = CatalogCommands(EventSourcedOfferStore(store), projector)
    offer_id = commands.define_offer(
        DefineOffer(**offer_body(f"RB-{secrets.token_hex(3).upper()}")), actor="test"
    )
    commands.publish(offer_id, actor="test")
    commands.add_version(offer_id, ReviseOffer(monthly_fee="69.00"), actor="test")
    query = text(
        "SELECT id, code, status, version, monthly_fee, components FROM offers ORDER BY id"
    )
    with engine.connect() as conn:
        live = conn.execute(query).all()
    projector.rebuild()
    with engine.connect() as conn:
        rebuilt = conn.execute(query).all()
    assert rebuilt == live
    assert any(
        r.id == offer_id and str(r.monthly_fee) == "69.00" and r.version == 2 for r in rebuilt
    )
    store.close()
    engine.dispose()


async def test_the_event_feed_pages_events_for_service_tokens_only(
    catalog: Client, admin_headers: dict[str, str], migrated_settings: Settings
) -> None:
    created = await catalog.post(
        "/api/v1/offers",
        json=offer_body(f"FD-{secrets.token_hex(3).upper()}"),
        headers=admin_headers,
    )
    offer_id = created.json()["id"]
    refused = await catalog.get("/internal/events", headers=admin_headers)
    assert refused.status_code == 401
    anonymous = await catalog.get("/internal/events")
    assert anonymous.status_code == 401
    service = {
        "Authorization": "Bearer "
        + issue_service_token(
            migrated_settings.service_keys,
            caller="identity",
            target="catalog",
            permissions=("internal:events",),
        )
    }
    positions: list[int] = []
    after = 0
    found = []
    while True:
        page = (
            await catalog.get(
                "/internal/events", params={"after": after, "limit": 5}, headers=service
            )
        ).json()
        positions += [e["position"] for e in page["items"]]
        found += [e for e in page["items"] if e["aggregate_id"] == offer_id]
        after = page["last_position"]
        if after >= page["max_position"]:
            break
    assert positions == sorted(positions) and len(positions) == len(set(positions))
    assert positions[-1] == page["max_position"]
    # the published type, not the domain event: its payload is declared in
    # mtf.catalog.published (no actor, the offer's id named as such)
    assert [(e["event_type"], e["schema_version"]) for e in found] == [("offer.created", 1)]
    assert found[0]["aggregate_type"] == "offer"
    assert found[0]["payload"]["monthly_fee"] == "79.00"
    assert found[0]["payload"]["offer_id"] == offer_id and "actor" not in found[0]["payload"]


async def test_sign_in_issues_a_short_lived_token_and_refuses_bad_credentials(
    identity: Client, migrated_settings: Settings
) -> None:
    ok = await identity.post(
        "/api/v1/auth/token",
        json={"username": "Admin ", "password": migrated_settings.admin_password},
    )
    assert ok.status_code == 200
    body = ok.json()
    assert body["token_type"] == "bearer"
    assert 0 < body["expires_in"] <= 3600
    me = await identity.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.json()["username"] == "admin"
    assert "offers:write" in me.json()["permissions"]
    wrong = await identity.post(
        "/api/v1/auth/token", json={"username": "admin", "password": "nope"}
    )
    unknown = await identity.post(
        "/api/v1/auth/token", json={"username": "ghost", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    empty = await identity.post("/api/v1/auth/token", json={"username": "", "password": ""})
    assert empty.status_code == 422
    with psycopg.connect(migrated_settings.database_url) as conn:
        stored = conn.execute(
            "SELECT password_hash FROM identity.operators WHERE username = 'admin'"
        ).fetchone()
    assert stored is not None and stored[0].startswith("$argon2id$")
    assert migrated_settings.admin_password not in stored[0]


async def test_readiness_reports_the_database(catalog: Client) -> None:
    ready = await catalog.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ok" and ready.json()["stuck"] == []
    checks = ready.json()["checks"]
    assert checks["database"] == "ok"
    # every read model tracked in the service's schema is listed, none stuck
    assert all(v == "ok" for k, v in checks.items() if k.startswith("projection:"))


def test_each_service_runs_with_its_own_role_and_the_database_refuses_other_schemas(
    databases: Databases,
) -> None:
    """`mtf roles`: an existing deployment (migrated as the administrator) moves to one role per
    service; each migrates and works in its own schema and cannot read another's."""
    import dataclasses

    import httpx

    from mtf.kernel.auth import ALL_PERMISSIONS, issue_access_token
    from mtf.kernel.db import conninfo_parts, with_database
    from mtf.platform.roles import service_roles
    from tests.integration.services import running_services

    dsn = databases.create("mtf_roles")
    admin = make_settings(dsn)
    migrate_all(admin)
    prefix = f"t{secrets.token_hex(3)}_"
    urls = service_roles(dsn, prefix=prefix)
    try:
        assert conninfo_parts(urls["catalog"])["user"] == f"{prefix}catalog"
        settings = dataclasses.replace(admin, service_database_urls=urls)
        migrate_all(settings)  # as each role: its schema is its own
        with running_services(settings, ("catalog",)) as running:
            token = issue_access_token(
                running.jwt_secret,
                subject="op",
                username="admin",
                permissions=list(ALL_PERMISSIONS),
                ttl_seconds=60,
            )
            created = httpx.post(
                running.service_urls["catalog"] + "/api/v1/offers",
                json=offer_body(f"ROLE-{secrets.token_hex(3)}"),
                headers={"Authorization": f"Bearer {token}"},
            )
            assert created.status_code == 201, created.text
        with psycopg.connect(urls["catalog"]) as conn:
            assert conn.execute("SELECT count(*) FROM catalog.offers").fetchone() == (1,)
        for service, foreign in (
            ("catalog", "billing.invoices"),
            ("collections", "customer.clients"),
        ):
            with (
                psycopg.connect(urls[service]) as conn,
                pytest.raises(psycopg.errors.InsufficientPrivilege),
            ):
                conn.execute(f"SELECT count(*) FROM {foreign}")
    finally:
        name = conninfo_parts(dsn)["dbname"]
        with psycopg.connect(with_database(dsn, "postgres"), autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            for role in urls.values():
                conn.execute(f'DROP ROLE IF EXISTS "{conninfo_parts(role)["user"]}"')
