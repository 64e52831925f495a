"""Webhooks as an attacker would aim them: subscriptions to inside addresses are refused
(422 naming `url`, nothing stored), deliveries check the address again and connect only to
the address they checked (a DNS rebind cannot reach inside), the delivery log shows only a
status code and a category, and the signature covers the timestamp, checked by the very
snippet the partner docs show."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpcore
import msgspec
import pytest
from litestar.testing import TestClient
from sqlalchemy import Engine

from mtf.contracts.published import ContractActivatedV1
from mtf.identity.adapters.postgres.partner_store import (
    SqlPartnerStore,
    WebhookDispatcher,
    outbox_handler,
)
from mtf.identity.adapters.postgres.partners import webhook_events, webhook_subscriptions
from mtf.identity.adapters.webhook_http import DELIVERY_ERRORS, WebhookTargets, webhook_client
from mtf.identity.app import create_app
from mtf.identity.application.partners import Partners
from mtf.kernel.auth import issue_access_token
from mtf.kernel.db import make_engine
from mtf.kernel.settings import Settings
from tests.conftest import ROOT

PUBLIC = "93.184.216.34"  # what the stub resolvers answer for a "public" name


class Receiver:
    """A real HTTP endpoint on 127.0.0.1 answering `status` (after `delay` seconds)."""

    def __init__(self, status: int = 204, delay: float = 0.0, location: str = "") -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                time.sleep(delay)
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(scope="module")
def engine(migrated_settings: Settings) -> Iterator[Engine]:
    found = make_engine(migrated_settings.database_url_for("identity"), "identity", pool_size=2)
    yield found
    found.dispose()


@pytest.fixture(autouse=True)
def no_other_subscriptions(engine: Engine) -> None:
    """Each test sees only its own subscriptions (publish() feeds every active one)."""
    with engine.begin() as conn:
        conn.execute(webhook_events.delete())
        conn.execute(webhook_subscriptions.delete())


def admin(settings: Settings) -> dict[str, str]:
    token = issue_access_token(
        settings.jwt_secret,
        subject="webhook-admin",
        username="webhook-admin",
        permissions=["webhooks:admin"],
        ttl_seconds=300,
    )
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def api_local(migrated_settings: Settings) -> Iterator[TestClient[Any]]:
    """Identity as developers run it: 127.0.0.1 and localhost allowed."""
    settings = replace(migrated_settings, webhook_allowed_hosts="127.0.0.1,localhost")
    app = create_app(settings)
    with TestClient(app=app) as client:
        client.headers.update(admin(settings))
        yield client
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def api(migrated_settings: Settings) -> Iterator[TestClient[Any]]:
    """Identity as it runs in front of partners: no host allowed."""
    settings = replace(migrated_settings, webhook_allowed_hosts="")
    app = create_app(settings)
    with TestClient(app=app) as client:
        client.headers.update(admin(settings))
        yield client
    app.state.engine.dispose()


def subscribe(client: TestClient[Any], url: str) -> dict[str, Any]:
    r = client.post(
        "/api/v1/webhooks/subscriptions",
        json={"name": f"erp-{uuid.uuid4().hex[:6]}", "url": url, "event_types": ["*"]},
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def publish(engine: Engine) -> None:
    """A contract activated on the contracts feed, as the worker's follower hands it over
    (the published `contract.activated` v1)."""
    contract_id = uuid.uuid4()
    payload = ContractActivatedV1(
        contract_id=contract_id,
        client_id=uuid.uuid4(),
        subscriber_id=uuid.uuid4(),
        offer_id=uuid.uuid4(),
        offer_version=1,
        service="mobile",
        monthly_fee=Decimal("99.00"),
        effective_date=date(2026, 11, 2),
    )
    event = {
        "position": 7,
        "aggregate_type": "contract",
        "event_type": "contract.activated",
        "schema_version": 1,
        "aggregate_id": str(contract_id),
        "version": 2,
        "timestamp": datetime(2026, 11, 2, 9, 30, tzinfo=UTC).isoformat(),
        "actor": "operator:admin",
        "payload": msgspec.to_builtins(payload),
    }
    with engine.begin() as conn:
        outbox_handler("contracts")(conn, event)


def delivery(client: TestClient[Any], subscription_id: str) -> dict[str, Any]:
    r = client.get("/api/v1/webhooks/deliveries", params={"subscription_id": subscription_id})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert len(items) == 1, items
    return dict(items[0])


def documented_verifier() -> Any:
    """The receiver's check exactly as docs/api-conventions.md shows it."""
    text = (ROOT / "docs" / "api-conventions.md").read_text()
    section = text[text.index("## Verifying a webhook") :]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    namespace: dict[str, Any] = {}
    exec(compile(code.group(1), "api-conventions.md", "exec"), namespace)
    return namespace["verify_webhook"]


INSIDE = [
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://127.0.0.1:5432/",
    "http://localhost:8001/internal/api-keys/verify",
    "http://10.0.0.5/",
    "http://[::ffff:127.0.0.1]:5432/",
    "http://[fd00:ec2::254]/",
    "http://100.100.100.200/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://public@127.0.0.1/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "gopher://127.0.0.1:6379/_INFO",
]


@pytest.mark.parametrize("url", INSIDE)
def test_a_subscription_aimed_inside_is_refused_naming_url_and_nothing_is_stored(
    api: TestClient[Any], url: str
) -> None:
    before = api.get("/api/v1/webhooks/subscriptions").json()["total"]
    r = api.post(
        "/api/v1/webhooks/subscriptions",
        json={"name": "scan", "url": url, "event_types": ["*"]},
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in r.json()["errors"]] == ["url"]
    assert api.get("/api/v1/webhooks/subscriptions").json()["total"] == before


def test_the_allowance_opens_local_hosts_but_never_metadata(api_local: TestClient[Any]) -> None:
    assert subscribe(api_local, "http://127.0.0.1:9/hooks")["url"] == "http://127.0.0.1:9/hooks"
    for url in ("http://169.254.169.254/latest/meta-data/", "http://127.0.0.2:5432/"):
        r = api_local.post(
            "/api/v1/webhooks/subscriptions",
            json={"name": "scan", "url": url, "event_types": ["*"]},
        )
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "url", r.text


def test_a_delivery_is_signed_over_its_timestamp_and_the_documented_check_accepts_it(
    engine: Engine, api_local: TestClient[Any], migrated_settings: Settings, receiver: Receiver
) -> None:
    sub = subscribe(api_local, receiver.url)
    publish(engine)
    dispatcher = WebhookDispatcher(engine, WebhookTargets("127.0.0.1"))
    dispatcher.deliver_due()
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    timestamp = headers["x-mtf-timestamp"]
    assert timestamp.isdigit()
    signed = f"{timestamp}.".encode() + body
    expected = hmac.new(sub["secret"].encode(), signed, hashlib.sha256).hexdigest()
    assert headers["x-mtf-signature"] == expected
    # the signature over the body alone (the old scheme) no longer verifies
    assert (
        headers["x-mtf-signature"] != hmac.new(sub["secret"].encode(), body, "sha256").hexdigest()
    )

    verify_webhook = documented_verifier()
    assert verify_webhook(sub["secret"], headers, body) is True
    assert verify_webhook(sub["secret"], headers, body, now=int(timestamp) + 299) is True
    assert verify_webhook(sub["secret"], headers, body, now=int(timestamp) + 301) is False
    assert verify_webhook(sub["secret"], headers, body, now=int(timestamp) - 301) is False
    assert verify_webhook(sub["secret"], headers, body + b" ") is False
    assert verify_webhook("whsec_other", headers, body) is False
    moved = {**headers, "x-mtf-timestamp": str(int(timestamp) + 60)}
    assert (
        verify_webhook(sub["secret"], moved, body) is False
    )  # a fresh timestamp needs a new signature
    assert verify_webhook(sub["secret"], {**headers, "x-mtf-timestamp": "soon"}, body) is False
    done = delivery(api_local, sub["id"])
    assert done["status"] == "delivered" and done["last_status_code"] == 204
    assert done["last_error"] is None


def test_a_delivery_is_a_cloudevent_whose_data_is_the_published_payload(
    engine: Engine, api_local: TestClient[Any], migrated_settings: Settings, receiver: Receiver
) -> None:
    sub = subscribe(api_local, receiver.url)
    publish(engine)
    dispatcher = WebhookDispatcher(engine, WebhookTargets("127.0.0.1"))
    dispatcher.deliver_due()
    [(headers, body)] = receiver.received
    event = json.loads(body)
    assert {k: event[k] for k in ("specversion", "type", "source", "datacontenttype")} == {
        "specversion": "1.0",
        "type": "contract.activated",
        "source": "/mtf/contracts",
        "datacontenttype": "application/json",
    }
    assert event["dataschema"] == "urn:mtf:event:contract.activated:v1"
    assert event["subject"] == event["data"]["contract_id"]
    assert event["time"] == "2026-11-02T09:30:00+00:00"
    assert event["sequence"] == headers["x-mtf-sequence"] == "1"
    assert headers["x-mtf-event"] == "contract.activated"
    assert headers["content-type"].startswith("application/cloudevents+json")
    # exactly the published payload: decodes into its declared type, nothing internal
    decoded = msgspec.convert(event["data"], ContractActivatedV1, strict=False)
    assert msgspec.to_builtins(decoded) == event["data"]
    assert "actor" not in event["data"] and decoded.monthly_fee == Decimal("99.00")
    # a replay delivers the same event again: same CloudEvents id, a new delivery id
    api_local.post(f"/api/v1/webhooks/subscriptions/{sub['id']}/replay", json={"from_sequence": 1})
    dispatcher.deliver_due()
    assert len(receiver.received) == 2
    again = json.loads(receiver.received[1][1])
    assert again["id"] == event["id"] and again["data"] == event["data"]


def test_without_the_allowance_a_delivery_to_loopback_is_refused_and_logged(
    engine: Engine, api_local: TestClient[Any], receiver: Receiver
) -> None:
    sub = subscribe(api_local, receiver.url)  # accepted while 127.0.0.1 was allowed
    publish(engine)
    WebhookDispatcher(engine, WebhookTargets("")).deliver_due()
    assert receiver.received == []
    logged = delivery(api_local, sub["id"])
    assert logged["status"] == "pending" and logged["attempts"] == 1
    assert logged["last_error"] == "address_refused" and logged["last_status_code"] is None


class Rebinding:
    """A DNS answering a public address for the first `public` lookups, then 127.0.0.1."""

    def __init__(self, public: int) -> None:
        self.public = public
        self.lookups: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        return [PUBLIC] if len(self.lookups) <= self.public else ["127.0.0.1"]


class Recording(httpcore.NetworkBackend):
    """Where the client really opens sockets: a public address is recorded and refused
    (no public receiver in a test), loopback goes through."""

    def __init__(self) -> None:
        self.inner = httpcore.SyncBackend()
        self.connected: list[str] = []

    def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        self.connected.append(host)
        if host == PUBLIC:
            raise httpcore.ConnectError("no route in tests")
        return self.inner.connect_tcp(host, port, *args, **kwargs)


def test_a_name_rebound_to_loopback_after_the_subscription_is_refused_at_delivery(
    engine: Engine, api: TestClient[Any], migrated_settings: Settings, receiver: Receiver
) -> None:
    dns = Rebinding(public=1)
    targets = WebhookTargets("", resolver=dns)
    partners = Partners(SqlPartnerStore(engine), migrated_settings.clock(), targets)
    url = f"http://hooks.partner.example:{receiver.port}/hooks"
    row, _secret = partners.subscribe("rebinder", url, ["*"], "operator:test")
    publish(engine)
    backend = Recording()
    dispatcher = WebhookDispatcher(engine, targets, client=webhook_client(targets, inner=backend))
    dispatcher.deliver_due()
    assert dns.lookups == ["hooks.partner.example", "hooks.partner.example"]
    assert backend.connected == []  # refused before any socket was opened
    assert receiver.received == []
    assert delivery(api, str(row["id"]))["last_error"] == "address_refused"


def test_the_connection_goes_to_the_address_checked_not_to_a_second_answer(
    engine: Engine, api: TestClient[Any], migrated_settings: Settings, receiver: Receiver
) -> None:
    url = f"http://hooks.partner.example:{receiver.port}/hooks"
    accepting = WebhookTargets("", resolver=lambda host, port: [PUBLIC])
    partners = Partners(SqlPartnerStore(engine), migrated_settings.clock(), accepting)
    row, _secret = partners.subscribe("pinned", url, ["*"], "operator:test")
    publish(engine)
    dns = Rebinding(
        public=1
    )  # the delivery's check sees the public answer, any later lookup loopback
    targets = WebhookTargets("", resolver=dns)
    backend = Recording()
    dispatcher = WebhookDispatcher(engine, targets, client=webhook_client(targets, inner=backend))
    dispatcher.deliver_due()
    assert backend.connected == [PUBLIC]  # the checked address, with no second lookup
    assert dns.lookups == ["hooks.partner.example"]
    assert receiver.received == []  # 127.0.0.1 was never reached
    assert delivery(api, str(row["id"]))["last_error"] == "connection_error"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_failures_are_logged_as_a_status_code_and_a_category_never_exception_text(
    engine: Engine, api_local: TestClient[Any]
) -> None:
    failing = Receiver(status=500)
    slow = Receiver(delay=2.0)
    inside = Receiver()
    redirecting = Receiver(status=302, location=inside.url)
    cases = {
        "connection_refused": f"http://127.0.0.1:{closed_port()}/hooks",
        "http_error": failing.url,
        "timeout": slow.url,
        "tls_error": f"https://127.0.0.1:{failing.port}/hooks",
        "dns_error": "http://localhost/hooks",
        "redirect": redirecting.url,
    }
    subs = {case: subscribe(api_local, url) for case, url in cases.items()}
    publish(engine)

    def no_localhost(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    targets = WebhookTargets("127.0.0.1,localhost", resolver=no_localhost)
    try:
        WebhookDispatcher(engine, targets, timeout=0.5).deliver_due()
    finally:
        for r in (failing, slow, redirecting, inside):
            r.close()
    logged = {case: delivery(api_local, sub["id"]) for case, sub in subs.items()}
    for case in ("connection_refused", "timeout", "tls_error", "dns_error"):
        assert logged[case]["last_error"] == case, logged[case]
        assert logged[case]["last_status_code"] is None
    assert logged["http_error"]["last_error"] == "http_error"
    assert logged["http_error"]["last_status_code"] == 500
    assert logged["redirect"]["last_error"] == "http_error"
    assert logged["redirect"]["last_status_code"] == 302
    assert inside.received == []  # the redirect was not followed
    assert all(d["status"] == "pending" for d in logged.values())
    assert {d["last_error"] for d in logged.values()} <= set(DELIVERY_ERRORS)
