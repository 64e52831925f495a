"""Run one checkout and die (like SIGKILL: no cleanup, no finally) right after the
customer service created the line (with the new client's call, or on its own): the order is
left half-way for the test to check.

    python -m tests.integration.checkout_until_killed <settings.json> <request.json>
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec

from mtf.contracts.app import Contracts
from mtf.contracts.application.checkout import CheckoutRequest
from mtf.kernel.client_registration import ClientRegistration
from mtf.kernel.db import make_engine
from tests.dates import today
from tests.integration.services import settings_from_json


def main() -> None:
    settings = settings_from_json(Path(sys.argv[1]).read_text())
    body = json.loads(Path(sys.argv[2]).read_text())
    contracts = Contracts(settings, make_engine(settings.database_url, "contracts"))
    real = contracts.customers.ensure_line

    def ensure_line_then_die(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        os._exit(137)

    real_client = contracts.customers.ensure_client

    def ensure_client_then_die(*args: Any, **kwargs: Any) -> Any:
        found = real_client(*args, **kwargs)
        if found.get("subscribers"):  # the line came with the client's call
            os._exit(137)
        return found

    contracts.customers.ensure_line = ensure_line_then_die  # type: ignore[method-assign]
    contracts.customers.ensure_client = ensure_client_then_die  # type: ignore[method-assign]
    contracts.checkout().place(
        CheckoutRequest(
            offer_id=UUID(body["offer_id"]),
            new_client=msgspec.convert(body["new_client"], ClientRegistration),
            effective_date=today(),
        ),
        caller="operator:test",
        idempotency_key=body["key"],
        request_hash="h",
        actor="operator:test",
    )


if __name__ == "__main__":
    main()
