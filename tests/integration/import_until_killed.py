"""Run one migration import in batches of 4 and die (like SIGKILL: no cleanup, no finally)
right after the customer service registered the clients of the second batch, before their
contracts are entered: the import is left half-way for the test to check. Prints the
import's id.

    python -m tests.integration.import_until_killed <settings.json> <file.csv>
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import Any

from mtf.contracts.adapters.http.imports import file_hash, import_id_for, parse_csv
from mtf.contracts.app import Contracts
from mtf.kernel.db import make_engine
from tests.integration.services import settings_from_json


def main() -> None:
    settings = settings_from_json(Path(sys.argv[1]).read_text())
    content = Path(sys.argv[2]).read_bytes()
    contracts = Contracts(settings, make_engine(settings.database_url, "contracts"))
    imports = contracts.imports()
    imports.batch = 4
    real = contracts.customers.import_clients
    calls = {"n": 0}

    def register_then_die(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 2:
            os._exit(137)
        return found

    contracts.customers.import_clients = register_then_die  # type: ignore[method-assign]
    rows = parse_csv(content)
    import_id = import_id_for("test:killed", str(uuid.uuid4()))
    print(import_id, flush=True)
    header, _ = imports.start(
        import_id,
        rows,
        actor="operator:admin",
        cutover=None,
        request_hash=file_hash(settings.cin_hash_key, content, None),
    )
    imports.run(header, rows, actor="operator:admin")


if __name__ == "__main__":
    main()
