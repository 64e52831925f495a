"""The landing page's API through the gateway: sessions by CIN (neutral, rate limited),
a client's own contracts and invoices only, sign-up and plan change from today on."""

from __future__ import annotations

import random
import time
import uuid
from datetime import timedelta
from typing import Any

import httpx
import jwt

from mtf.kernel.auth import AUDIENCE_SELF_SERVICE, ISSUER
from tests.dates import today
from tests.e2e.conftest import Stack


def session(stack: Stack, cin: str) -> dict[str, Any]:
    r = httpx.post(f"{stack.base_url}/api/v1/self-service/sessions", json={"cin": cin})
    assert r.status_code == 201, r.text
    return dict(r.json())


def order(stack: Stack, body: dict[str, Any], token: str | None = None) -> httpx.Response:
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.post(
        f"{stack.base_url}/api/v1/self-service/orders", json=body, headers=headers, timeout=30
    )


def offer_id(stack: Stack, code: str) -> str:
    offers = httpx.get(f"{stack.base_url}/api/v1/self-service/offers").json()["items"]
    return str(next(o["id"] for o in offers if o["code"] == code))


def test_sign_up_then_sign_in_see_contracts_and_change_plan(stack: Stack) -> None:
    cin = f"LS{random.randint(100000, 999999)}"
    person = {"first_name": "Zineb", "last_name": "Kettani", "cin": cin, "phone": "0661234567"}
    past = order(
        stack,
        {
            "offer_id": offer_id(stack, "MOB-10G"),
            "new_client": person,
            "effective_date": (today() - timedelta(days=1)).isoformat(),
        },
    )
    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "effective_date"
    signed_up = order(stack, {"offer_id": offer_id(stack, "MOB-10G"), "new_client": person})
    assert signed_up.status_code == 201 and signed_up.json()["outcome"] == "new_client"
    # signed out, the same CIN again (another name and phone) adds nothing to that account
    again = order(
        stack,
        {
            "offer_id": offer_id(stack, "MOB-50G"),
            "new_client": {**person, "first_name": "Eve", "phone": "0600000000"},
        },
    )
    assert again.status_code == 409, again.text
    assert again.json()["detail"] == "already a client: look yourself up first"

    me = session(stack, cin.lower())
    assert me["client"]["masked_name"] == "Z. K***"
    token = me["token"]
    mine = httpx.get(
        f"{stack.base_url}/api/v1/self-service/contracts",
        headers={"Authorization": f"Bearer {token}"},
    ).json()["items"]
    assert [(c["offer_code"], c["number"][:2]) for c in mine] == [("MOB-10G", "06")]
    start = (today() + timedelta(days=3)).isoformat()
    change = order(
        stack,
        {
            "offer_id": offer_id(stack, "MOB-50G"),
            "subscriber_id": mine[0]["subscriber_id"],
            "intent": "plan_change",
            "effective_date": start,
        },
        token,
    )
    assert change.status_code == 201, change.text
    assert change.json()["outcome"] == "plan_change"
    contract = httpx.get(
        f"{stack.base_url}/api/v1/contracts/{change.json()['contract_id']}",
        headers={"Authorization": f"Bearer {stack.token()}"},
    ).json()
    assert contract["start_date"] == start  # the landing page's date is the new contract's start
    history = httpx.get(
        f"{stack.base_url}/api/v1/audit/contract/{contract['id']}/events",
        headers={"Authorization": f"Bearer {stack.token()}"},
    ).json()
    assert history["items"][0]["actor"].startswith("client:")


def test_an_unknown_cin_gets_the_same_kind_of_answer_and_sees_nothing(stack: Stack) -> None:
    unknown = session(stack, f"QQ{random.randint(100000, 999999)}")
    assert set(unknown) == {"token", "expires_in", "client"} and unknown["client"][
        "masked_name"
    ].endswith("***")
    headers = {"Authorization": f"Bearer {unknown['token']}"}
    assert (
        httpx.get(f"{stack.base_url}/api/v1/self-service/contracts", headers=headers).json()[
            "items"
        ]
        == []
    )
    assert (
        httpx.get(f"{stack.base_url}/api/v1/self-service/invoices", headers=headers).json()["items"]
        == []
    )
    bad = httpx.post(f"{stack.base_url}/api/v1/self-service/sessions", json={"cin": "12345"})
    assert bad.status_code == 422


def test_tokens_are_scoped_forged_or_expired_ones_are_refused(stack: Stack) -> None:
    me = session(stack, f"TK{random.randint(100000, 999999)}")
    base = stack.base_url
    # a self-service token opens no operator route, an operator token no self-service route
    assert (
        httpx.get(
            f"{base}/api/v1/contracts", headers={"Authorization": f"Bearer {me['token']}"}
        ).status_code
        == 401
    )
    assert (
        httpx.get(
            f"{base}/api/v1/self-service/invoices",
            headers={"Authorization": f"Bearer {stack.token()}"},
        ).status_code
        == 401
    )
    now = int(time.time())
    # the old readable JWT, even signed with the real key, opens nothing any more
    old_style = jwt.encode(
        {
            "iss": ISSUER,
            "aud": AUDIENCE_SELF_SERVICE,
            "sub": str(uuid.uuid4()),
            "kind": "self_service",
            "iat": now,
            "exp": now + 60,
        },
        stack.env["MTF_JWT_SECRET"],
        algorithm="HS256",
    )
    made_up = "mtfss_" + "A" * 43
    assert me["token"].startswith("mtfss_") and "." not in me["token"]
    for token in (old_style, made_up):
        r = httpx.get(
            f"{base}/api/v1/self-service/invoices", headers={"Authorization": f"Bearer {token}"}
        )
        assert r.status_code == 401 and r.headers["content-type"].startswith(
            "application/problem+json"
        )
    assert httpx.get(f"{base}/api/v1/self-service/contracts").status_code == 401


def test_a_client_downloads_only_their_own_invoice_pdfs(stack: Stack) -> None:
    ops = {"Authorization": f"Bearer {stack.token()}"}
    base = stack.base_url
    cins = [f"PD{random.randint(100000, 999999)}" for _ in range(2)]
    for cin in cins:
        person = {"first_name": "Youssef", "last_name": "Amrani", "cin": cin, "phone": "0677001122"}
        r = httpx.post(
            f"{base}/api/v1/provisioning/orders",
            json={
                "offer_id": offer_id(stack, "FIXE-NATIONAL"),
                "new_client": person,
                "effective_date": "2026-04-01",
            },
            headers={**ops, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert r.status_code == 201
    run = httpx.post(
        f"{base}/api/v1/bill-runs", json={"period": "2026-04", "as_of": "2026-05-01"}, headers=ops
    ).json()
    deadline = time.monotonic() + 60
    while (
        httpx.get(f"{base}/api/v1/bill-runs/{run['id']}", headers=ops).json()["status"]
        != "completed"
    ):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    mine, theirs = (session(stack, cin)["token"] for cin in cins)
    [own] = httpx.get(
        f"{base}/api/v1/self-service/invoices", headers={"Authorization": f"Bearer {mine}"}
    ).json()["items"]
    pdf = httpx.get(
        f"{base}/api/v1/self-service/invoices/{own['id']}/pdf",
        headers={"Authorization": f"Bearer {mine}"},
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = httpx.get(
        f"{base}/api/v1/self-service/invoices/{own['id']}/pdf",
        headers={"Authorization": f"Bearer {theirs}"},
    )
    assert other.status_code == 404
    # issue 15: the same invoice as an e-invoice (UBL 2.1), for its client only
    ubl = httpx.get(
        f"{base}/api/v1/self-service/invoices/{own['id']}/ubl",
        headers={"Authorization": f"Bearer {mine}"},
    )
    assert ubl.status_code == 200 and ubl.headers["content-type"].startswith("application/xml")
    assert b"<Invoice xmlns=" in ubl.content and own["number"].encode() in ubl.content
    assert f'filename="{own["number"]}.xml"' in ubl.headers["content-disposition"]
    assert (
        httpx.get(
            f"{base}/api/v1/self-service/invoices/{own['id']}/ubl",
            headers={"Authorization": f"Bearer {theirs}"},
        ).status_code
        == 404
    )


def test_lookups_are_rate_limited_with_retry_after(stack: Stack) -> None:
    cin = f"RL{random.randint(100000, 999999)}"
    codes = [
        httpx.post(f"{stack.base_url}/api/v1/self-service/sessions", json={"cin": cin}).status_code
        for _ in range(6)
    ]
    assert codes[:5] == [201] * 5 and codes[5] == 429
    limited = httpx.post(f"{stack.base_url}/api/v1/self-service/sessions", json={"cin": cin})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert limited.headers["content-type"].startswith("application/problem+json")
