"""Work on a bill run and die like SIGKILL (no cleanup) after the second batch of invoices
is recorded in the event store but before the batch is marked done.

    python -m tests.integration.bill_until_killed <settings.json> <run_id>
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

from mtf.billing.app import Billing
from mtf.kernel.db import make_engine
from tests.integration.services import settings_from_json


def main() -> None:
    settings = settings_from_json(Path(sys.argv[1]).read_text())
    billing = Billing(settings, make_engine(settings.database_url, "billing"))
    runner = billing.runner()
    runner.batch_size = 2
    real_record = runner.work.record
    calls = {"n": 0}

    def record_then_die(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            os._exit(137)
        real_record(*args, **kwargs)

    runner.work.record = record_then_die  # type: ignore[method-assign]
    runner.work_on(UUID(sys.argv[2]))


if __name__ == "__main__":
    main()
