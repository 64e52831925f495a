"""A partner's whole flow with the generated SDK (src/sdk/mtf-partner-client, installed by
the launcher) against the stack: the operator hands over an API key and a webhook
subscription, then the partner signs a client up, bills the month, downloads the invoice
PDF, posts the payment, and verifies the webhooks it receives as the docs say."""

from __future__ import annotations

import json
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

from mtf_partner_client import AuthenticatedClient
from mtf_partner_client.api.billing import get_invoice, get_run, list_invoices, pdf, start
from mtf_partner_client.api.collections import post_payment
from mtf_partner_client.api.offers import list_offers
from mtf_partner_client.api.partners import create_key, subscribe
from mtf_partner_client.api.provisioning import place
from mtf_partner_client.models import (
    ApiKeyCreate,
    ApiKeyCreateScopesItem,
    BillRunCreate,
    CheckoutRequestBody,
    InvoiceIssuedV1,
    NewClient,
    PaymentCreate,
    PaymentCreateMethod,
    PaymentPostedV1,
    Problem,
    SubscriptionCreate,
    SubscriptionCreateEventTypesItem,
)

from tests.dates import today as business_today
from tests.e2e.conftest import Stack
from tests.e2e.test_partners_http import Receiver
from tests.integration.test_webhook_delivery import documented_verifier


def _ok(response: Any, status: int) -> Any:
    assert response.status_code == status, response.content[:500]
    assert not isinstance(response.parsed, Problem)
    return response.parsed


def test_a_partner_does_the_whole_flow_with_the_sdk(stack: Stack) -> None:
    today = business_today()  # the stack runs on the real clock: every date derives from it
    first_of_month = today.replace(day=1)
    last_month = (first_of_month - timedelta(days=1)).replace(day=1)
    receiver = Receiver(failures=0)
    try:
        operator = AuthenticatedClient(base_url=stack.base_url, token=stack.token(), timeout=30)
        key = _ok(
            create_key.sync_detailed(
                client=operator,
                body=ApiKeyCreate(
                    name="erp-sdk",
                    scopes=[
                        ApiKeyCreateScopesItem.PROVISIONING,
                        ApiKeyCreateScopesItem.BILLING,
                        ApiKeyCreateScopesItem.READ,
                    ],
                ),
            ),
            201,
        )
        hook = _ok(
            subscribe.sync_detailed(
                client=operator,
                body=SubscriptionCreate(
                    name="erp-sdk",
                    url=receiver.url,
                    event_types=[
                        SubscriptionCreateEventTypesItem.INVOICE_ISSUED,
                        SubscriptionCreateEventTypesItem.PAYMENT_POSTED,
                    ],
                ),
            ),
            201,
        )

        partner = AuthenticatedClient(base_url=stack.base_url, token=key.key, timeout=30)
        offer = _ok(list_offers.sync_detailed(client=partner, code="MOB-50G"), 200).items[0]
        order = _ok(
            place.sync_detailed(
                client=partner,
                idempotency_key=str(uuid.uuid4()),
                body=CheckoutRequestBody(
                    offer_id=offer.id,
                    effective_date=last_month,
                    new_client=NewClient(
                        first_name="Sdk",
                        last_name="Partner",
                        cin=f"SD{uuid.uuid4().int % 1_000_000:06d}",
                        phone="0611223344",
                    ),
                ),
            ),
            201,
        )
        run = _ok(
            start.sync_detailed(
                client=partner,
                body=BillRunCreate(period=last_month.strftime("%Y-%m"), as_of=today),
            ),
            202,
        )
        deadline = time.monotonic() + 60
        while run.status.value != "completed" and time.monotonic() < deadline:
            time.sleep(0.3)
            run = _ok(get_run.sync_detailed(run.id, client=partner), 200)
        assert run.status.value == "completed"

        [invoice] = _ok(
            list_invoices.sync_detailed(client=partner, client_id=uuid.UUID(order.client_id)), 200
        ).items
        # a whole month at the offer's fee, VAT on top
        assert Decimal(invoice.subtotal) == Decimal(offer.monthly_fee)
        assert Decimal(invoice.total) == Decimal(invoice.subtotal) + Decimal(invoice.vat)
        document = _ok(pdf.sync_detailed(uuid.UUID(invoice.id), client=partner), 200)
        assert document.payload.read().startswith(b"%PDF")

        payment = _ok(
            post_payment.sync_detailed(
                client=partner,
                idempotency_key=str(uuid.uuid4()),
                body=PaymentCreate(
                    client_id=order.client_id,
                    amount=invoice.total,
                    method=PaymentCreateMethod.BANK_TRANSFER,
                    reference="VIR-SDK-1",
                    received_on=today,
                ),
            ),
            201,
        )
        assert [a.invoice_id for a in payment.allocations] == [invoice.id]
        # billing learns of the payment from collections' feed (moments later)
        deadline = time.monotonic() + 30
        paid = _ok(get_invoice.sync_detailed(uuid.UUID(invoice.id), client=partner), 200)
        while paid.status.value != "paid" and time.monotonic() < deadline:
            time.sleep(0.3)
            paid = _ok(get_invoice.sync_detailed(uuid.UUID(invoice.id), client=partner), 200)
        assert (paid.status.value, paid.amount_due) == ("paid", "0.00")

        # the webhooks: signed as documented, CloudEvents whose data the SDK's models read
        deadline = time.monotonic() + 60
        while len(receiver.received) < 2 and time.monotonic() < deadline:
            time.sleep(0.3)
        verify = documented_verifier()
        events = []
        for headers, body in receiver.received:
            assert verify(hook.secret, headers, body) is True
            events.append(json.loads(body))
        mine = {e["type"]: e for e in events if e["data"].get("client_id") == order.client_id}
        issued = InvoiceIssuedV1.from_dict(mine["invoice.issued"]["data"])
        assert (issued.number, issued.total) == (invoice.number, invoice.total)
        posted = PaymentPostedV1.from_dict(mine["payment.posted"]["data"])
        assert (str(posted.payment_id), posted.amount) == (payment.id, invoice.total)
    finally:
        receiver.server.shutdown()
