"""Erasure leaves nothing (issue 11, point 6): after `DELETE /api/v1/clients/{id}`, a
`pg_dump` of the whole database (every service's schema) holds none of the client's name,
CIN, phone, e-mail or address: not in the dump's text, not inside the stored PDFs (their
streams are compressed: each one is read as text with pdftotext and its streams are
inflated). The same search finds the values before the erasure, so it cannot pass by
construction; the values are random tokens, so it cannot pass by luck.

Also: name search by blind index (no names in clear in the read model), archived PDFs
re-rendered without the person with the same figures and a new recorded hash."""

from __future__ import annotations

import dataclasses
import hashlib
import random
import re
import shutil
import subprocess
import uuid
import zlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import psycopg
import pytest

from mtf.kernel.auth import ALL_PERMISSIONS, issue_access_token
from mtf.kernel.db import conninfo_parts
from mtf.platform.migrate import migrate_all
from tests.conftest import Databases, make_settings
from tests.dates import month_of, today
from tests.integration.services import ServiceEnv, running_services

SERVICES = ("catalog", "customer", "contracts", "billing", "collections", "identity")
# letters that are no hexadecimal digits: a token can never hide in a bytea's hex by chance
LETTERS = "ghjkmnpqrstvwxyz"


def token(length: int = 10) -> str:
    return "".join(random.choice(LETTERS) for _ in range(length))


@dataclasses.dataclass
class Env(ServiceEnv):
    tmp: Path = Path(".")


@pytest.fixture(scope="module")
def env(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    settings = make_settings(
        databases.create("mtf_erasure"),
        auto_bill_run=False,
        webhook_allowed_hosts="localhost",  # allowed although not public: targets must resolve
    )
    migrate_all(settings)
    with running_services(settings, SERVICES) as running:
        access = issue_access_token(
            running.jwt_secret,
            subject="op",
            username="admin",
            permissions=list(ALL_PERMISSIONS),
            ttl_seconds=900,
        )
        yield Env(
            running, {"Authorization": f"Bearer {access}"}, tmp_path_factory.mktemp("erasure")
        )


def a_person() -> dict[str, str]:
    """Every value distinctive: names and address of random tokens, a random CIN and phone."""
    first, last = token().capitalize(), token().capitalize()
    return {
        "first_name": first,
        "last_name": f"{last} {token(8).capitalize()}",
        "cin": "ZX" + "".join(random.choice("0123456789") for _ in range(6)),
        "phone": "07" + "".join(random.choice("0123456789") for _ in range(8)),
        "email": f"{token()}@{token(6)}.ma",
        "address": f"{random.randint(10, 99)} rue {token().capitalize()}",
        "city": token(9).capitalize(),
    }


def secrets_of(person: dict[str, str]) -> dict[str, str]:
    """What must be found nowhere: each name token, the CIN, phone, e-mail, address, city."""
    found = {f"name:{t}": t for t in (person["first_name"], *person["last_name"].split())}
    found.update(
        {
            "cin": person["cin"],
            "phone": person["phone"],
            "phone+212": "+212" + person["phone"][1:],
            "email": person["email"],
            "address": person["address"],
            "address-street": person["address"].split()[-1],
            "city": person["city"],
        }
    )
    return found


def offer(env: Env, fee: str = "120.00", service: str = "mobile") -> str:
    components = {
        "mobile": {"data": {"quota_gb": 5}},
        "landline": {"national": {"unlimited": True}},
    }[service]
    created = env.post(
        "catalog",
        "/api/v1/offers",
        {
            "code": f"E-{uuid.uuid4().hex[:8]}",
            "name": f"Offre {fee}",
            "service": service,
            "monthly_fee": fee,
            "components": components,
        },
    ).json()
    env.post("catalog", f"/api/v1/offers/{created['id']}/publish").raise_for_status()
    return str(created["id"])


def checkout(env: Env, body: dict[str, Any]) -> dict[str, Any]:
    r = env.post(
        "contracts", "/api/v1/provisioning/orders", body, **{"Idempotency-Key": str(uuid.uuid4())}
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def bill_last_month(env: Env) -> None:
    period = month_of(today().replace(day=1) - timedelta(days=1))
    run = env.post("billing", "/api/v1/bill-runs", {"period": period, "as_of": today().isoformat()})
    assert run.status_code in (201, 202), run.text
    import time

    deadline = time.monotonic() + 60
    while env.get("billing", f"/api/v1/bill-runs/{run.json()['id']}")["status"] != "completed":
        assert time.monotonic() < deadline, "the bill run did not complete"
        time.sleep(0.1)


def dump(env: Env) -> tuple[str, list[bytes]]:
    """The whole database as `pg_dump` writes it: its text (bytea values taken out) and the
    bytea values decoded (the stored PDFs)."""
    parts = conninfo_parts(env.settings.database_url)
    command = [
        shutil.which("pg_dump") or "pg_dump",
        "--no-owner",
        "--host",
        str(parts.get("host") or "127.0.0.1"),
        "--port",
        str(parts.get("port") or 5432),
        "--username",
        str(parts.get("user") or "postgres"),
        str(parts["dbname"]),
    ]
    text = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        env={"PGPASSWORD": str(parts.get("password") or "")},
    ).stdout
    blobs = [bytes.fromhex(h) for h in re.findall(r"\\\\x([0-9a-f]{16,})", text)]
    return re.sub(r"\\\\x[0-9a-f]{16,}", "<bytea>", text), blobs


def readable(env: Env, blob: bytes) -> str:
    """A stored document as a search can read it: its text as a reader sees it (pdftotext)
    and every compressed stream inflated."""
    pieces = [blob.decode("latin-1")]
    if blob.startswith(b"%PDF"):
        path = env.tmp / f"{hashlib.sha256(blob).hexdigest()}.pdf"
        path.write_bytes(blob)
        pieces.append(
            subprocess.run(
                [shutil.which("pdftotext") or "pdftotext", str(path), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", blob, re.S):
            try:
                pieces.append(zlib.decompress(stream).decode("latin-1"))
            except zlib.error:
                continue
    return "\n".join(pieces)


def webhook_outbox_follows(env: Env) -> None:
    """What the identity worker does: the webhook outbox takes in the services' facts."""
    from mtf.identity.app import build_followers

    for follower in build_followers(env.settings):
        follower.catch_up()


def found_in_dump(env: Env, person: dict[str, str]) -> dict[str, list[str]]:
    """Where each of the person's values appears: 'dump' and/or 'pdf'."""
    webhook_outbox_follows(env)
    text, blobs = dump(env)
    documents = [readable(env, b) for b in blobs]
    assert sum(b.startswith(b"%PDF") for b in blobs) >= 1, "the dump holds the archived PDF"
    where: dict[str, list[str]] = {}
    for name, value in secrets_of(person).items():
        needle = value.lower()
        places = []
        if needle in text.lower():
            places.append("dump")
        if any(needle in d.lower() for d in documents):
            places.append("pdf")
        if places:
            where[name] = places
    return where


def test_after_erasure_a_pg_dump_of_every_service_holds_nothing_of_the_client(
    env: Env,
) -> None:
    person = a_person()
    hook = env.post(
        "identity",
        "/api/v1/webhooks/subscriptions",
        {"name": "erp", "url": "http://localhost:9/mtf", "event_types": ["*"]},
    )
    assert hook.status_code == 201, hook.text
    last_month = today().replace(day=1) - timedelta(days=1)
    placed = checkout(
        env,
        {
            "offer_id": offer(env),
            "new_client": person,
            "effective_date": last_month.replace(day=1).isoformat(),
        },
    )
    client_id = placed["client_id"]
    # a second line ordered by CIN: its body is short (an offer and the CIN)
    by_cin = {
        "offer_id": offer(env, "80.00", "landline"),
        "cin": person["cin"],
        "effective_date": last_month.replace(day=1).isoformat(),
    }
    second = checkout(env, by_cin)
    assert second["outcome"] == "new_line" and second["client_id"] == client_id
    # the landing page's sign-in by CIN (counted by its rate limits)
    signed_in = httpx.post(
        env.url("contracts", "/api/v1/self-service/sessions"), json={"cin": person["cin"]}
    )
    assert signed_in.status_code == 201, signed_in.text
    bill_last_month(env)
    (invoice,) = env.get("billing", "/api/v1/invoices", client_id=client_id)["items"]
    pdf = httpx.get(
        env.url("billing", f"/api/v1/invoices/{invoice['id']}/pdf"), headers=env.headers
    )
    assert pdf.status_code == 200
    invoice = env.get("billing", f"/api/v1/invoices/{invoice['id']}")
    assert invoice["pdf_sha256"] == hashlib.sha256(pdf.content).hexdigest()
    before_pdf = readable(env, pdf.content)
    assert person["cin"] in before_pdf and person["last_name"] in before_pdf
    paid = env.post(
        "collections",
        "/api/v1/payments",
        {
            "client_id": client_id,
            "amount": invoice["total"],
            "method": "bank_transfer",
            "reference": "VIR-ERASURE",
            "received_on": today().isoformat(),
            "invoice_ids": [invoice["id"]],
        },
        **{"Idempotency-Key": str(uuid.uuid4())},
    )
    assert paid.status_code == 201, paid.text
    for contract in (placed, second):
        env.post(
            "contracts",
            f"/api/v1/contracts/{contract['contract_id']}/terminate",
            {"reason": "leaving"},
        ).raise_for_status()

    # the search is able to find the person: before erasure it does, where the data is clear
    before = found_in_dump(env, person)
    for name in ("cin", "address", "city", *(n for n in before if n.startswith("name:"))):
        assert name in before, f"the search should find the {name} before erasure: {before}"
    assert {n for n in secrets_of(person) if n.startswith("name:")} <= set(before)
    # while the client is active, the names are in clear only on the printed invoice
    assert {n: p for n, p in before.items() if n.startswith("name:") and p != ["pdf"]} == {}
    with psycopg.connect(env.settings.database_url) as conn:
        outbox = conn.execute("SELECT count(*) FROM identity.webhook_events").fetchone()
    assert outbox is not None and outbox[0] > 0  # the webhook outbox is part of the dump

    # phone and e-mail are never in clear, only sealed: with the keys, the sealed copy that the
    # database holds opens to them before the erasure (and to nothing after)
    sealed = sealed_copies(env, client_id)
    assert {"phone": person["phone"], "email": person["email"]}.items() <= (
        open_sealed(env, client_id, sealed[0]) or {}
    ).items()

    # another process (an API worker, the worker) that opened the data before the erasure
    from mtf.customer.adapters.postgres.vault import KEY_CACHE_SECONDS, SqlPersonalDataVault
    from mtf.kernel.crypto import MasterKey
    from mtf.kernel.db import make_engine

    elapsed = [0.0]
    other_engine = make_engine(env.settings.database_url, "customer")
    other = SqlPersonalDataVault(
        other_engine, MasterKey(env.settings.pii_key), monotonic=lambda: elapsed[0]
    )
    assert other.open(uuid.UUID(client_id), sealed[0]) is not None

    deleted = httpx.delete(env.url("customer", f"/api/v1/clients/{client_id}"), headers=env.headers)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["outcome"] == "anonymised"
    # ... holds the destroyed key no longer than its bound, then opens nothing
    elapsed[0] += KEY_CACHE_SECONDS + 1
    try:
        assert other.open(uuid.UUID(client_id), sealed[0]) is None
    finally:
        other_engine.dispose()

    assert found_in_dump(env, person) == {}
    # the data key is destroyed: the client's own history shows sealed noise only
    with psycopg.connect(env.settings.database_url) as conn:
        keys = conn.execute(
            "SELECT count(*) FROM customer.client_keys WHERE client_id = %s", (client_id,)
        ).fetchone()
    assert keys == (0,)
    assert [open_sealed(env, client_id, copy) for copy in sealed] == [None] * len(sealed)
    history = httpx.get(
        env.url("customer", f"/api/v1/audit/client/{client_id}/events"), headers=env.headers
    )
    assert history.status_code == 200 and history.json()["total"] >= 2
    assert [n for n, v in secrets_of(person).items() if v.lower() in history.text.lower()] == []
    # nor anything computed from the CIN alone that trying every CIN would reverse: the
    # hash binding the order's Idempotency-Key to its body is keyed
    text, blobs = dump(env)
    plain = plain_body_hash(by_cin)
    assert plain not in text and not any(plain.encode() in blob for blob in blobs)

    # the invoice itself is unchanged; its archived PDF is a new document without the person
    after = env.get("billing", f"/api/v1/invoices/{invoice['id']}")
    for field in ("number", "subtotal", "vat", "total", "issue_date", "due_date", "period"):
        assert after[field] == invoice[field]
    again = httpx.get(
        env.url("billing", f"/api/v1/invoices/{invoice['id']}/pdf"), headers=env.headers
    )
    assert again.content != pdf.content
    assert after["pdf_sha256"] == hashlib.sha256(again.content).hexdigest() != invoice["pdf_sha256"]
    text_after = readable(env, again.content)
    assert "données effacées" in text_after and f"Réf. client {client_id}" in text_after
    for figure in (invoice["number"], invoice["subtotal"], invoice["vat"], invoice["total"]):
        assert figure.replace(".", ",") in text_after or figure in text_after
    assert _lines(before_pdf) == _lines(text_after)


def sealed_copies(env: Env, client_id: str) -> list[str]:
    """The sealed personal data in the client's events, as the audit history shows them."""
    history = env.get("customer", f"/api/v1/audit/client/{client_id}/events")
    return [
        e["payload"]["sealed_personal"]
        for e in history["items"]
        if e["payload"].get("sealed_personal")
    ]


def open_sealed(env: Env, client_id: str, sealed: str) -> dict[str, Any] | None:
    """What a fresh process holding MTF_PII_KEY reads from a sealed copy."""
    from mtf.customer.adapters.postgres.vault import SqlPersonalDataVault
    from mtf.kernel.crypto import MasterKey
    from mtf.kernel.db import make_engine

    engine = make_engine(env.settings.database_url, "customer")
    try:
        return SqlPersonalDataVault(engine, MasterKey(env.settings.pii_key)).open(
            uuid.UUID(client_id), sealed
        )
    finally:
        engine.dispose()


def plain_body_hash(body: dict[str, Any]) -> str:
    """The unkeyed SHA-256 of an order's body, as anyone could compute it for each CIN."""
    import msgspec

    from mtf.contracts.adapters.http.schemas import CheckoutRequestBody
    from mtf.kernel.idempotency import body_hash

    return body_hash(msgspec.convert(body, CheckoutRequestBody, strict=False))


def _lines(text: str) -> list[str]:
    """The figures of a PDF's text: every line with an amount or a number in it."""
    return [line for line in text.splitlines() if re.search(r"\d+,\d\d|FAC-", line)]


def test_clients_are_found_by_whole_name_words_without_names_in_clear(env: Env) -> None:
    first, last = token().capitalize(), token().capitalize()
    person = {**a_person(), "first_name": f"Élodie-{first}", "last_name": f"Bénali {last}"}
    created = env.post("customer", "/api/v1/clients", person)
    assert created.status_code == 201, created.text
    client_id = created.json()["id"]

    def found(q: str) -> list[str]:
        return [c["id"] for c in env.get("customer", "/api/v1/clients", q=q, limit=500)["items"]]

    # a whole word, any case, accents or not, in any order; the CIN too
    for q in (last, last.upper(), f"{first} {last}", f"{last} elodie", f"benali {first}"):
        assert client_id in found(q), q
    assert client_id in found(person["cin"].lower())
    listed = env.get("customer", "/api/v1/clients", q=last)["items"]
    assert [(c["first_name"], c["last_name"]) for c in listed] == [
        (person["first_name"], person["last_name"])
    ]
    # what no longer works: a part of a word, or a word the client does not have
    assert client_id not in found(last[:-2])
    assert client_id not in found(f"{last} {token()}")
    # the read model keeps no name in clear: neither the words nor the whole names
    with psycopg.connect(env.settings.database_url) as conn:
        row = conn.execute(
            "SELECT row_to_json(c)::text FROM customer.clients c WHERE id = %s", (client_id,)
        ).fetchone()
    assert row is not None
    for word in (first, last, "benali", "bénali", "elodie", "élodie"):
        assert word.lower() not in row[0].lower()
    # sorting by a name is refused with the sorts that work
    refused = httpx.get(
        env.url("customer", "/api/v1/clients"), params={"sort": "last_name"}, headers=env.headers
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "sort"


def test_rebuilding_the_client_views_from_the_events_finds_the_same_index(env: Env) -> None:
    """The index is only a function of the events and the keys: `mtf rebuild --check`
    replays the log into empty views and finds no difference."""
    from mtf.customer.app import build_projectors
    from mtf.platform.rebuild import check_projection

    created = env.post("customer", "/api/v1/clients", a_person())
    assert created.status_code == 201
    (projector,) = build_projectors(env.settings)
    assert check_projection(projector) == {"differences": {}, "matches": True}


def test_a_pdf_printed_with_the_person_never_lands_after_their_erasure(env: Env) -> None:
    """A worker that looked the client up just before the erasure and stores its render just
    after: the archive refuses it, and the document archived is the one without the person."""
    from mtf.billing.adapters.postgres.documents import ErasureFollower, SqlDocumentArchive
    from mtf.billing.application.documents import ERASED_CLIENT, InvoiceDocuments
    from mtf.kernel.db import make_engine

    engine = make_engine(env.settings.database_url, "billing")
    try:
        archive = SqlDocumentArchive(engine)
        client_id, invoice_id = uuid.uuid4(), uuid.uuid4()
        with engine.begin() as conn:  # the erasure, as billing's follower applies it
            ErasureFollower(lambda _: b"")(
                conn,
                {
                    "aggregate_type": "client",
                    "aggregate_id": str(client_id),
                    "event_type": "client.erased",
                    "schema_version": 1,
                    "payload": {"client_id": str(client_id)},
                },
            )
        assert archive.store(invoice_id, b"%PDF with the name", client_id=client_id) is None
        assert archive.stored(invoice_id) is None

        rendered: list[dict[str, Any]] = []

        invoice = SimpleNamespace(
            id=invoice_id,
            client_id=client_id,
            number="FAC-T",
            period="2026-01",
            issue_date="2026-02-01",
            due_date="2026-03-03",
            currency="MAD",
            vat_rate="0.20",
            subtotal="1.00",
            vat="0.20",
            total="1.20",
            lines=[],
        )

        def render(data: dict[str, Any], client: dict[str, Any]) -> bytes:
            rendered.append(client)
            return b"%PDF " + (b"anonymous" if client is ERASED_CLIENT else b"with the name")

        documents = InvoiceDocuments(store=None, archive=archive, clients=None, render=render)  # type: ignore[arg-type]
        looked_up_before = {"first_name": "X", "last_name": "Y", "erased": False}
        assert documents._archive(invoice, looked_up_before) == b"%PDF anonymous"
        assert archive.stored(invoice_id) == b"%PDF anonymous"
        assert rendered == [looked_up_before, ERASED_CLIENT]
    finally:
        engine.dispose()


def test_the_migration_fills_the_name_index_of_existing_clients_from_their_events(
    databases: Databases,
) -> None:
    """A database at customer_0002 (names in clear in the view) with clients in it: after
    customer_0003, the view holds no name and the projector's replay fills the index from
    the sealed data, so the same clients are found by name."""
    from alembic import command
    from sqlalchemy import text

    from mtf.customer.app import Customer, build_event_store
    from mtf.customer.application.ports import ClientFilter
    from mtf.customer.domain.client import Client, client_owner
    from mtf.kernel.crypto import seal_json
    from mtf.kernel.db import ensure_schema, make_engine, schema_for
    from mtf.kernel.pagination import PageRequest
    from mtf.platform.migrate import alembic_config
    from mtf.platform.rebuild import check_projection

    settings = make_settings(databases.create("mtf_erasure_migration"))
    dsn = settings.database_url_for("customer")
    ensure_schema(dsn, schema_for("customer"))
    command.upgrade(alembic_config("customer", dsn), "customer_0002")
    build_event_store(settings).close()  # the event tables
    engine = make_engine(dsn, "customer")
    try:
        customer = Customer(settings, engine)
        people = [a_person() for _ in range(3)]
        ids = []
        for person in people:  # recorded as the old code did: events sealed, names in clear
            client_id = uuid.uuid4()
            owner = client_owner(client_id)
            wrapped = customer.vault.master.new_wrapped_data_key(owner)
            with engine.begin() as conn:  # the key row of customer_0002 (no master key id)
                conn.execute(
                    text("INSERT INTO client_keys (client_id, wrapped_key) VALUES (:c, :w)"),
                    {"c": client_id, "w": wrapped},
                )
            customer.store.save(
                Client(
                    client_id=client_id,
                    sealed_personal=seal_json(
                        customer.vault.master.unwrap(wrapped, owner), person, owner
                    ),
                    cin_hash=customer.cin_hash(person["cin"]),
                    actor="test",
                )
            )
            with engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO clients (id, first_name, last_name, status, created_at, "
                        "updated_at) VALUES (:id, :f, :l, 'active', now(), now())"
                    ),
                    {"id": client_id, "f": person["first_name"], "l": person["last_name"]},
                )
            ids.append(client_id)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO projection_tracking (projection, position) VALUES "
                    "('customer.clients', :n) ON CONFLICT (projection) DO UPDATE SET position = :n"
                ),
                {"n": customer.events.recorder.max_notification_id() or 0},
            )

        command.upgrade(alembic_config("customer", dsn), "head")

        with engine.connect() as conn:
            columns = set(
                conn.execute(
                    text(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_schema = 'customer' AND table_name = 'clients'"
                    )
                ).scalars()
            )
        assert {"first_name", "last_name"}.isdisjoint(columns) and "name_index" in columns
        customer.projector.catch_up()
        views = customer_views(customer)
        for client_id, person in zip(ids, people, strict=True):
            rows, total = views.list(
                ClientFilter(q=person["last_name"].split()[0].lower()),
                PageRequest(10, 0, "created_at", False),
            )
            assert [r["id"] for r in rows] == [client_id] and total == 1
            assert rows[0]["first_name"] == person["first_name"]
        assert check_projection(customer.projector)["matches"]
    finally:
        customer.events.close()
        engine.dispose()


def customer_views(customer: Any) -> Any:
    from mtf.customer.adapters.postgres.read_model import SqlClientViews

    return SqlClientViews(customer.engine, customer.vault, customer.names)
