"""Schemathesis hooks for the fuzzing gate (`tests/e2e/test_fuzzing.py`): test data for the
positive cases, so that `positive_data_acceptance` (a schema-valid request is accepted)
judges the schemas, not the fuzzer's luck.

What a schema cannot hold and a positive case therefore gets from here (negative cases are
left as generated):
- references to existing things (a client, an offer, the client's lines and invoices): the
  ids of a client and an offer the test created (`MTF_FUZZ_KNOWN`, JSON);
- cursors: they come from a list's `next_cursor`, never from a generator;
- dates whose valid range moves with today (a payment received, a change's effective date,
  a run's `as_of`, a promise to pay, a birth date, a bill run's month): one inside it."""

from __future__ import annotations

import json
import os
import uuid
from datetime import date, timedelta
from typing import Any

import schemathesis

KNOWN: dict[str, Any] = json.loads(os.environ.get("MTF_FUZZ_KNOWN", "{}"))
# the stack's business date, as the test read it from the business clock
TODAY = date.fromisoformat(KNOWN["today"]) if "today" in KNOWN else None
LAST_MONTH = (TODAY.replace(day=1) - timedelta(days=1)).strftime("%Y-%m") if TODAY else None

TODAY_FIELDS = ("received_on", "effective_date", "as_of", "promise_date")


def _positive(case: Any) -> bool:
    meta = getattr(case, "meta", None)
    generation = getattr(meta, "generation", None)
    mode = getattr(generation, "mode", None)
    return bool(mode is not None and mode.is_positive)


def _known_body(body: dict[str, Any]) -> None:
    for field in TODAY_FIELDS:
        if body.get(field) is not None and TODAY is not None:
            body[field] = TODAY.isoformat()
    if body.get("birth_date"):
        body["birth_date"] = "1990-05-17"
    if isinstance(body.get("period"), str) and LAST_MONTH is not None:
        body["period"] = LAST_MONTH
    if body.get("client_id") is not None and "client_id" in KNOWN:
        body["client_id"] = KNOWN["client_id"]
    if body.get("offer_id") is not None and "offer_id" in KNOWN:
        body["offer_id"] = KNOWN["offer_id"]
    if body.get("cin") is not None and "cin" in KNOWN and "first_name" not in body:
        body["cin"] = KNOWN["cin"]  # a client named by its CIN (not one being registered)
    if body.get("subscriber_id") is not None:
        body["subscriber_id"] = KNOWN.get("subscriber_id")
    if body.get("invoice_ids"):
        body["invoice_ids"] = []
    if isinstance(body.get("url"), str) and "event_types" in body and "webhook_url" in KNOWN:
        body["url"] = KNOWN["webhook_url"]  # an address the stack allows (no DNS here)
    if isinstance(body.get("new_client"), dict):
        _known_body(body["new_client"])


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    params = case.path_parameters if isinstance(case.path_parameters, dict) else {}
    if case.method.upper() == "DELETE" and params.get("client_id") == KNOWN.get("client_id"):
        # the client the other cases name stays: erase another one (none: 404)
        params["client_id"] = str(uuid.uuid4())
    if not _positive(case):
        return case
    if isinstance(case.query, dict):
        case.query.pop("cursor", None)
    if isinstance(case.body, dict):
        _known_body(case.body)
    return case
