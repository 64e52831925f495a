"""Partners: API keys with scopes (stored hashed, shown once, revocable, attributed in the
audit trail) and signed webhooks delivered in order to a real receiver that fails, then
recovers; replay from a sequence number."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import httpx
import psycopg
import pytest

from tests.e2e.conftest import Stack


def operator(stack: Stack) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.token()}"}


def new_key(stack: Stack, scopes: list[str]) -> dict[str, Any]:
    r = httpx.post(
        f"{stack.base_url}/api/v1/api-keys",
        json={"name": f"partner-{uuid.uuid4().hex[:6]}", "scopes": scopes},
        headers=operator(stack),
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_api_keys_are_scoped_hashed_attributed_and_revocable(stack: Stack) -> None:
    base = stack.base_url
    reader, provisioning = new_key(stack, ["read"]), new_key(stack, ["provisioning"])
    assert reader["key"].startswith("mtf_")
    listed = httpx.get(f"{base}/api/v1/api-keys", headers=operator(stack)).json()["items"]
    assert all("key" not in k for k in listed)
    with psycopg.connect(stack.env["DATABASE_URL"]) as conn:
        stored = conn.execute(
            "SELECT secret_hash FROM identity.api_keys WHERE id = %s", (reader["id"],)
        ).fetchone()
    assert stored is not None and reader["key"] not in stored[0]
    as_reader = {"Authorization": f"Bearer {reader['key']}"}
    assert httpx.get(f"{base}/api/v1/offers", headers=as_reader).status_code == 200
    assert httpx.post(f"{base}/api/v1/clients", json={}, headers=as_reader).status_code == 403
    offer = httpx.get(
        f"{base}/api/v1/offers", params={"code": "MOB-10G"}, headers=as_reader
    ).json()["items"][0]
    person = {
        "first_name": "Partner",
        "last_name": "Client",
        "cin": f"PK{random.randint(100000, 999999)}",
        "phone": "0611223344",
    }
    done = httpx.post(
        f"{base}/api/v1/provisioning/orders",
        json={"offer_id": offer["id"], "new_client": person},
        headers={
            "Authorization": f"Bearer {provisioning['key']}",
            "Idempotency-Key": str(uuid.uuid4()),
        },
    )
    assert done.status_code == 201, done.text
    history = httpx.get(
        f"{base}/api/v1/audit/contract/{done.json()['contract_id']}/events", headers=operator(stack)
    ).json()
    assert history["items"][0]["actor"] == f"api_key:{provisioning['name']}"
    revoked = httpx.post(f"{base}/api/v1/api-keys/{reader['id']}/revoke", headers=operator(stack))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    time.sleep(5.5)  # the gateway remembers a verified key for at most 5 s
    refused = httpx.get(f"{base}/api/v1/offers", headers=as_reader)
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    assert (
        httpx.get(
            f"{base}/api/v1/offers", headers={"Authorization": "Bearer mtf_nope_nope"}
        ).status_code
        == 401
    )


class Receiver:
    """A real HTTP endpoint that answers 500 to its first `failures` requests."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.calls = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls += 1
                if receiver.calls <= receiver.failures:
                    self.send_response(500)
                    self.end_headers()
                    return
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = HTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(failures=3)
    yield r
    r.server.shutdown()


def test_webhooks_arrive_in_order_signed_after_failures_and_can_be_replayed(
    stack: Stack, receiver: Receiver
) -> None:
    base = stack.base_url
    bad = httpx.post(
        f"{base}/api/v1/webhooks/subscriptions",
        json={"name": "bad", "url": "file:///etc/passwd", "event_types": ["*"]},
        headers=operator(stack),
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "url"
    # loopback is allowed for this stack's receivers, the metadata service never
    metadata = httpx.post(
        f"{base}/api/v1/webhooks/subscriptions",
        json={
            "name": "imds",
            "url": "http://169.254.169.254/latest/meta-data/",
            "event_types": ["*"],
        },
        headers=operator(stack),
    )
    assert metadata.status_code == 422 and metadata.json()["errors"][0]["field"] == "url"
    sub = httpx.post(
        f"{base}/api/v1/webhooks/subscriptions",
        json={
            "name": "erp",
            "url": receiver.url,
            "event_types": ["contract.activated", "order.completed"],
        },
        headers=operator(stack),
    ).json()
    secret = sub["secret"]
    offer = httpx.get(
        f"{base}/api/v1/offers", params={"code": "MOB-50G"}, headers=operator(stack)
    ).json()["items"][0]
    for _ in range(3):
        person = {
            "first_name": "Hook",
            "last_name": "Test",
            "cin": f"WH{random.randint(100000, 999999)}",
            "phone": "0699887766",
        }
        r = httpx.post(
            f"{base}/api/v1/provisioning/orders",
            json={"offer_id": offer["id"], "new_client": person},
            headers={**operator(stack), "Idempotency-Key": str(uuid.uuid4())},
        )
        assert r.status_code == 201
    deadline = time.monotonic() + 60
    while len(receiver.received) < 6 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert len(receiver.received) == 6, receiver.received
    sequences = [int(h["x-mtf-sequence"]) for h, _ in receiver.received]
    assert sequences == list(range(1, 7))  # in order, none lost, none twice, despite 3 failures
    for headers, body in receiver.received:
        signed = headers["x-mtf-timestamp"].encode() + b"." + body
        expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["x-mtf-signature"], expected)
        event = json.loads(body)  # a CloudEvents 1.0 structured event
        assert event["specversion"] == "1.0" and event["type"] == headers["x-mtf-event"]
        assert event["sequence"] == headers["x-mtf-sequence"]
        assert event["dataschema"] == f"urn:mtf:event:{event['type']}:v1"
        if event["type"] == "order.completed":  # the published payload: what the order did
            assert event["data"]["outcome"] == "new_client"
            assert event["data"]["client_id"] and event["data"]["contract_id"]
        else:
            assert event["data"]["contract_id"] == event["subject"]
            assert event["data"]["monthly_fee"] == offer["monthly_fee"]
    assert {json.loads(b)["type"] for _, b in receiver.received} == {
        "contract.activated",
        "order.completed",
    }
    log = httpx.get(
        f"{base}/api/v1/webhooks/deliveries",
        params={"subscription_id": sub["id"]},
        headers=operator(stack),
    ).json()
    first = next(d for d in log["items"] if d["sequence"] == 1)
    assert first["status"] == "delivered" and first["attempts"] == 4
    replay = httpx.post(
        f"{base}/api/v1/webhooks/subscriptions/{sub['id']}/replay",
        json={"from_sequence": 5},
        headers=operator(stack),
    )
    assert replay.json()["requeued"] == 2
    deadline = time.monotonic() + 30
    while len(receiver.received) < 8 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert [int(h["x-mtf-sequence"]) for h, _ in receiver.received[6:]] == [5, 6]


def test_the_webhook_events_are_described_by_an_asyncapi_document_anyone_can_read(
    stack: Stack,
) -> None:
    """A partner reads the events before holding a key, like the OpenAPI document."""
    r = httpx.get(f"{stack.base_url}/api/v1/asyncapi.json")
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["asyncapi"] == "3.0.0"
    names = {m["name"] for m in doc["components"]["messages"].values()}
    assert {"contract.activated", "invoice.issued", "payment.posted"} <= names
    # the subscriptions accept exactly the types the document describes
    refused = httpx.post(
        f"{stack.base_url}/api/v1/webhooks/subscriptions",
        json={
            "name": "x",
            "url": "https://partner.example/h",
            "event_types": ["contract.Activated"],
        },
        headers=operator(stack),
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "event_types"
    issued = doc["components"]["messages"]["InvoiceIssuedV1"]["payload"]
    assert issued["properties"]["dataschema"]["const"] == "urn:mtf:event:invoice.issued:v1"
    lines = doc["components"]["schemas"]["InvoiceIssuedV1"]["properties"]["lines"]
    assert lines["items"]["$ref"].endswith("/InvoiceLineV1")
