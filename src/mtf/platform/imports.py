"""`mtf import FILE.csv`: a migration import run in the command's own process (docs/imports.md),
the same work and report as `POST /api/v1/imports`, for a file of any size."""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date
from pathlib import Path

from mtf.contracts.adapters.http.imports import file_hash, import_id_for, parse_csv
from mtf.contracts.adapters.postgres.imports import SqlImportViews
from mtf.contracts.app import Contracts
from mtf.kernel.db import make_engine
from mtf.kernel.errors import ServiceUnavailable, ValidationFailed
from mtf.kernel.pagination import PageRequest
from mtf.kernel.settings import Settings


def import_file(
    settings: Settings,
    path: Path,
    *,
    cutover: str | None,
    key: str | None,
    operator: str,
) -> int:
    """Exit status: 0 every row created or unchanged, 1 some rejected or changed (or a
    service away: the same command resumes), 2 the file or an option refused."""
    if not path.is_file():
        print(f"mtf import: no file {path}", file=sys.stderr)
        return 2
    content = path.read_bytes()
    try:
        chosen = date.fromisoformat(cutover) if cutover else None
    except ValueError:
        print("--cutover: must be a date such as 2026-12-01", file=sys.stderr)
        return 2
    actor = f"operator:{operator} via cli"
    key = key or "file:" + hashlib.sha256(content).hexdigest()
    engine = make_engine(settings.database_url_for("contracts"), "contracts")
    contracts = Contracts(settings, engine)
    imports = contracts.imports()
    try:
        try:
            rows = parse_csv(content)
            import_id = import_id_for(f"cli:{operator}", key)
            header, pending = imports.start(
                import_id,
                rows,
                actor=actor,
                cutover=chosen,
                request_hash=file_hash(settings.cin_hash_key, content, chosen),
            )
        except ValidationFailed as exc:
            for error in exc.errors:
                print(f"{path}: {error.field}: {error.message}", file=sys.stderr)
            return 2
        print(f"import {import_id}: {len(rows)} rows, billing from {header.cutover.isoformat()}")
        if pending:

            def progress(done: int) -> None:
                print(f"  {done}/{len(rows)} rows", flush=True)

            try:
                if not imports.run(header, rows, actor=actor, progress=progress):
                    print("mtf import: another process is working on this import")
                    return 1
            except ServiceUnavailable as exc:
                print(f"mtf import: {exc.detail} (run the same command again to resume)")
                return 1
        views = SqlImportViews(engine)
        found = views.get(import_id) or {}
        counts = ("id", "status", "rows", "created", "unchanged", "changed", "rejected")
        print(json.dumps({k: found.get(k) for k in counts}, default=str))
        bad = 0
        for outcome in ("changed", "rejected"):
            shown, total = views.rows(import_id, outcome, PageRequest(50, 0, "line", False))
            bad += total
            for r in shown:
                reasons = "; ".join(f"{e['field']}: {e['message']}" for e in r["errors"])
                print(f"  line {r['line']} ({r['row_id']}): {outcome}: {reasons}")
            if total > len(shown):
                print(
                    f"  ... {total - len(shown)} more {outcome}: GET /api/v1/imports/{import_id}/rows"
                )
        return 1 if bad else 0
    finally:
        contracts.events.close()
        engine.dispose()
