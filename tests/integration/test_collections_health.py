"""A projector or follower that meets an event it cannot apply: reads keep answering from the
last good state, /health/ready names what is stuck and its event, /metrics exports every
projector's and follower's lag. Real PostgreSQL, the collections service over real HTTP."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
import psycopg
import pytest

from mtf.collections.adapters.postgres.event_store import EventSourcedCollections
from mtf.collections.app import build_event_store
from mtf.collections.domain.payment import Payment
from mtf.kernel.db import make_engine
from mtf.kernel.follower import FeedFollower, FeedStuck
from mtf.kernel.observability import FEED, clear_failure, database_key
from mtf.kernel.settings import Settings
from mtf.platform.migrate import migrate_all
from tests.conftest import Databases, make_settings
from tests.dates import today
from tests.integration.services import ServiceEnv, operator_headers, running_services


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[ServiceEnv]:
    settings = make_settings(databases.create("mtf_health"), auto_bill_run=False)
    migrate_all(settings, ("collections",))
    with running_services(settings, ("collections",)) as running:
        yield ServiceEnv(running, operator_headers(running))


def record_payment(settings: Settings, amount: str) -> uuid.UUID:
    """A payment recorded straight through the domain, as one validated long ago (before the
    money rules) would have been: nothing stops an amount the tables cannot hold."""
    store = build_event_store(settings)
    try:
        payment = Payment(
            payment_id=uuid.uuid4(),
            client_id=uuid.uuid4(),
            amount=Decimal(amount),
            method="cash",
            reference="legacy",
            received_on=today() - timedelta(days=1),
            request_hash="x",
            allocations=[],
            credit=Decimal(amount),
            actor="test",
        )
        EventSourcedCollections(store).save(payment)
    finally:
        store.close()
    return payment.id


def head(settings: Settings) -> int:
    with psycopg.connect(settings.database_url) as conn:
        row = conn.execute(
            "SELECT max(notification_id) FROM collections.collections_events"
        ).fetchone()
    assert row is not None
    return int(row[0])


def metric(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        match = re.match(rf"^{name}\{{([^}}]*)\}} (\S+)$", line)
        if match and ",".join(sorted(match.group(1).split(","))) == wanted:
            return float(match.group(2))
    raise AssertionError(f"no {name}{{{wanted}}} in /metrics")


def test_a_poisoned_event_leaves_reads_answering_and_is_named_by_ready_and_metrics(
    env: ServiceEnv,
) -> None:
    good = record_payment(env.settings, "25.00")
    listed = env.get("collections", "/api/v1/payments")
    assert [p["id"] for p in listed["items"]] == [str(good)]
    ready = httpx.get(env.url("collections", "/health/ready"))
    assert ready.status_code == 200 and ready.json()["status"] == "ok"

    # what the old parser let through: more than numeric(14,2) holds, then a good one after it
    record_payment(env.settings, "1000000000000.00")
    poisoned = head(env.settings)
    record_payment(env.settings, "30.00")

    for path in (
        "/api/v1/payments",
        "/api/v1/collections/aging",
        "/api/v1/collections/cases",
        "/api/v1/collections/receivables",
    ):
        r = httpx.get(env.url("collections", path), headers=env.headers, timeout=30)
        assert r.status_code == 200, (path, r.text)
    # the last good state: the payment before the culprit, not the ones from it on
    assert [p["id"] for p in env.get("collections", "/api/v1/payments")["items"]] == [str(good)]

    ready = httpx.get(env.url("collections", "/health/ready"))
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["status"] == "degraded"
    [stuck] = body["stuck"]
    assert (stuck["kind"], stuck["name"], stuck["event_id"], stuck["position"]) == (
        "projection",
        "collections.views",
        poisoned,
        poisoned - 1,
    )
    assert stuck["event_type"] == "Payment.Posted" and stuck["error_type"] == "DataError"
    assert body["checks"]["projection:collections.views"].startswith(f"stuck at event {poisoned}")
    assert body["lag"]["projection:collections.views"] == 2
    assert "1000000000000" not in ready.text  # the event's data stays out of health answers

    metrics = httpx.get(env.url("collections", "/metrics")).text
    labels = {"service": "collections", "projector": "collections.views"}
    assert metric(metrics, "mtf_projector_lag_events", **labels) == 2
    assert metric(metrics, "mtf_projector_stuck", **labels) == 1
    assert metric(metrics, "mtf_projector_position", **labels) == poisoned - 1
    # the billing feed's follower is listed too (billing does not run here: lag unknown)
    assert (
        metric(
            metrics,
            "mtf_follower_stuck",
            service="collections",
            follower="collections.receivables<-billing",
        )
        == 0
    )

    # writes that do not need the views still work, and tell nothing of the stuck view
    run = env.post("collections", "/api/v1/collections/runs", {"as_of": today().isoformat()})
    assert run.status_code == 503, run.text  # dunning never judges from stale views
    assert "collections.views" in run.json()["detail"]


class FakeSource:
    """A feed of five events; the third cannot be applied by the handler below."""

    def get(
        self, path: str, params: dict[str, Any] | None = None, needs: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        after = int((params or {}).get("after", 0))
        items = [
            {"position": p, "aggregate_type": "invoice", "event_type": "Issued", "payload": {}}
            for p in range(after + 1, 6)
        ][: int((params or {}).get("limit", 200))]
        return {
            "items": items,
            "last_position": items[-1]["position"] if items else after,
            "max_position": 5,
        }


def test_a_follower_applies_what_comes_before_an_event_it_cannot_apply_and_is_named(
    env: ServiceEnv,
) -> None:
    engine = make_engine(env.settings.database_url_for("collections"), "collections")
    seen: list[int] = []

    def handler(conn: Any, event: dict[str, Any]) -> None:
        if event["position"] == 3:
            raise ValueError("cannot apply")
        seen.append(event["position"])

    follower = FeedFollower("test.poisoned<-feed", FakeSource(), engine, handler)  # type: ignore[arg-type]
    try:
        with pytest.raises(FeedStuck):
            follower.catch_up()
        # the page was tried whole (rolled back), then event by event up to the culprit
        assert seen == [1, 2, 1, 2]
        with psycopg.connect(env.settings.database_url) as conn:
            row = conn.execute(
                "SELECT position FROM collections.feed_tracking WHERE follower = %s",
                ("test.poisoned<-feed",),
            ).fetchone()
        assert row == (2,)
        follower.catch_up_within(0)  # a read's catch-up: logged and remembered, never raised

        body = httpx.get(env.url("collections", "/health/ready")).json()
        assert body["status"] == "degraded"
        found = [s for s in body["stuck"] if s["kind"] == "feed"]
        assert [(s["name"], s["event_id"], s["position"], s["error_type"]) for s in found] == [
            ("test.poisoned<-feed", 3, 2, "ValueError")
        ]
        metrics = httpx.get(env.url("collections", "/metrics")).text
        labels = {"service": "collections", "follower": "test.poisoned<-feed"}
        assert metric(metrics, "mtf_follower_lag_events", **labels) == 3
        assert metric(metrics, "mtf_follower_stuck", **labels) == 1
    finally:
        clear_failure(database_key(engine), FEED, "test.poisoned<-feed")
        engine.dispose()


def test_a_projection_stuck_on_its_very_first_event_is_named(databases: Databases) -> None:
    """A new projection whose first batch fails: the batch is rolled back, the projection's
    tracking row stays, and the failure is known (it used to vanish with the rollback)."""
    from mtf.collections.adapters.postgres.read_model import CollectionsProjection
    from mtf.kernel.observability import PROJECTION, failure_of
    from mtf.kernel.projection import ProjectionStuck, Projector

    settings = make_settings(databases.create("mtf_first"), auto_bill_run=False)
    migrate_all(settings, ("collections",))
    record_payment(settings, "1000000000000.00")  # the first event this view meets
    engine = make_engine(settings.database_url, "collections")
    store = build_event_store(settings)
    projection = CollectionsProjection()
    projection.name = f"test.first.{uuid.uuid4().hex[:8]}"  # a projection never run before
    try:
        with pytest.raises(ProjectionStuck):
            Projector(store, engine, projection).catch_up()
        stuck = failure_of(database_key(engine), PROJECTION, projection.name)
        assert stuck is not None
        assert (stuck.event_id, stuck.event_type, stuck.position) == (1, "Payment.Posted", 0)
        with engine.connect() as conn:
            position = conn.exec_driver_sql(
                "SELECT position FROM collections.projection_tracking WHERE projection = %s",
                (projection.name,),
            ).scalar_one()
        assert position == 0  # tracked, nothing applied past the failing event
    finally:
        clear_failure(database_key(engine), PROJECTION, projection.name)
        store.close()
        engine.dispose()
