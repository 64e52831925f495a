"""`mtf backup` and `mtf restore` (docs/operations/backup.md).

A backup is one tar archive holding `manifest.json` and `mtf.dump` (pg_dump's custom format)
of every service's schema: events, read models, ledgers, the journal and the archived PDFs
(`billing.invoice_documents` holds them as bytes). The manifest and the dump are taken in ONE
snapshot: a `SERIALIZABLE READ ONLY DEFERRABLE` transaction exports its snapshot, the manifest
is read in it and pg_dump dumps it (`--snapshot`), so what the manifest says is exactly what
the dump holds, even while a bill run or payments are being written.

`restore` loads a backup into an EMPTY database (it refuses any other) and verifies it: the
schemas' revisions, the event counts and last positions, the PDFs' bytes and the journal's
heads are the manifest's; every read model equals a replay of the restored events
(`mtf rebuild --check`); the services started on the restored database answer the manifest's
sample of reads (clients, invoices, balances)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import psycopg

from mtf.kernel.db import conninfo_parts, ensure_database
from mtf.kernel.settings import SERVICES, Settings
from mtf.platform.status import known_streams, stream_lags

FORMAT = 1
MANIFEST, DUMP = "manifest.json", "mtf.dump"
EVENT_SERVICES = ("catalog", "customer", "contracts", "billing", "collections")

# exit codes of `mtf restore` (and `mtf backup` for the first two)
OK, VERIFY_FAILED, UNUSABLE, NOT_EMPTY = 0, 1, 2, 3


class BackupError(Exception):
    """The backup or restore could not be done (bad archive, tools missing): nothing written."""


class NotEmpty(Exception):
    """The target database already holds tables: a restore never mixes two states."""


# --- the PostgreSQL client tools -------------------------------------------------------------


def _major(version_text: str) -> int:
    found = re.search(r"(\d+)(?:\.\d+)?", version_text)
    if not found:
        raise BackupError(f"cannot read a version in {version_text!r}")
    return int(found.group(1))


def pg_tool(name: str, server_major: int) -> str:
    """`pg_dump` / `pg_restore` of the server's major version or newer: the PATH's, the
    embedded server's (pgserver's bundled binaries), or Debian's /usr/lib/postgresql/*/bin."""
    candidates: list[str] = []
    configured = os.environ.get("MTF_PG_BIN")
    if configured:
        candidates.append(str(Path(configured) / name))
    if found := shutil.which(name):
        candidates.append(found)
    with contextlib.suppress(ImportError):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pgserver

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name))
    candidates += [str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))]
    seen: list[str] = []
    for candidate in candidates:
        if not Path(candidate).is_file():
            continue
        out = subprocess.run([candidate, "--version"], capture_output=True, text=True).stdout
        major = _major(out.split("(PostgreSQL)")[-1])
        seen.append(f"{candidate} ({major})")
        if major >= server_major:
            return candidate
    raise BackupError(
        f"no {name} of PostgreSQL {server_major} or newer (found: {', '.join(seen) or 'none'}); "
        "install postgresql-client or set MTF_PG_BIN to the folder holding it"
    )


def _libpq_env(dsn: str) -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore arguments and environment for a DSN (the password through the
    environment, never on a command line)."""
    parts = conninfo_parts(dsn)
    env = dict(os.environ)
    if "password" in parts:
        env["PGPASSWORD"] = parts["password"]
    args = ["--host", parts["host"], "--port", parts["port"], "--dbname", parts["dbname"]]
    if "user" in parts:
        args += ["--username", parts["user"]]
    return args, env


# --- what the manifest says (read in the backup's snapshot, and again after a restore) ------


def _exists(conn: psycopg.Connection[Any], table: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (table,)).fetchone()
    return bool(row and row[0])


def _facts(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    """Revisions, event counts, the PDF archive and the journal's heads, as stored."""
    schemas: dict[str, str | None] = {}
    for service in SERVICES:
        if _exists(conn, f"{service}.alembic_version"):
            row = conn.execute(f'SELECT version_num FROM "{service}".alembic_version').fetchone()
            schemas[service] = str(row[0]) if row else None
        else:
            schemas[service] = None
    events: dict[str, dict[str, int]] = {}
    for service in EVENT_SERVICES:
        table = f'"{service}"."{service}_events"'
        if _exists(conn, table):
            count, last = conn.execute(
                f"SELECT count(*), coalesce(max(notification_id), 0) FROM {table}"
            ).fetchone()  # type: ignore[misc]
            events[service] = {"count": int(count), "last_notification_id": int(last)}
    documents: dict[str, Any] = {"count": 0, "bytes": 0, "content_sha256": None}
    if _exists(conn, "billing.invoice_documents"):
        digest = hashlib.sha256()
        count = size = 0
        for invoice_id, pdf_hash, n in conn.execute(
            "SELECT invoice_id, encode(sha256(pdf), 'hex'), octet_length(pdf) "
            "FROM billing.invoice_documents ORDER BY invoice_id"
        ):
            digest.update(f"{invoice_id}:{pdf_hash}\n".encode())
            count, size = count + 1, size + int(n)
        documents = {"count": count, "bytes": size, "content_sha256": digest.hexdigest()}
    series: dict[str, dict[str, Any]] = {}
    if _exists(conn, "billing.document_journal"):
        for name, seq, number, head in conn.execute(
            "SELECT DISTINCT ON (series) series, seq, number, hash FROM billing.document_journal "
            "ORDER BY series, seq DESC"
        ):
            series[str(name)] = {"documents": int(seq), "last_number": number, "head": head}
    return {"schemas": schemas, "events": events, "documents": documents, "series": series}


def _release(schemas: dict[str, str | None]) -> str | None:
    from mtf.platform.migrate import releases

    for release in reversed(releases()):
        if all(schemas.get(s) == rev for s, rev in release.heads.items()):
            return release.name
    return None


def _money(value: Any) -> str:
    return f"{Decimal(value):.2f}"


def _samples(conn: psycopg.Connection[Any], size: int) -> dict[str, list[dict[str, Any]]]:
    """What the API answers for a few clients, invoices and balances, read from the same
    tables the services answer from (no personal data: ids, statuses, figures)."""
    out: dict[str, list[dict[str, Any]]] = {"clients": [], "invoices": [], "balances": []}
    if not _exists(conn, "customer.clients"):
        return out
    clients = conn.execute(
        "SELECT c.id, c.status, c.erased, (SELECT count(*) FROM customer.subscribers s "
        "WHERE s.client_id = c.id) FROM customer.clients c ORDER BY md5(c.id::text) LIMIT %s",
        (size,),
    ).fetchall()
    for client_id, status, erased, lines in clients:
        out["clients"].append(
            {"id": str(client_id), "status": status, "erased": bool(erased), "lines": int(lines)}
        )
    if _exists(conn, "billing.invoices"):
        for row in conn.execute(
            "SELECT i.id, i.number, i.client_id, i.total, i.credited, i.paid, d.sha256 "
            "FROM billing.invoices i LEFT JOIN billing.invoice_documents d "
            "ON d.invoice_id = i.id ORDER BY md5(i.id::text) LIMIT %s",
            (size * 2,),
        ):
            invoice_id, number, client_id, total, credited, paid, pdf = row
            out["invoices"].append(
                {
                    "id": str(invoice_id),
                    "number": number,
                    "client_id": str(client_id),
                    "total": _money(total),
                    "credited": _money(credited),
                    "paid": _money(paid),
                    "amount_due": _money(max(Decimal(0), total - credited - paid)),
                    "pdf_sha256": pdf,
                }
            )
    if _exists(conn, "collections.settlements") and _exists(conn, "billing.invoices"):
        # from the sources of truth, not from collections' copy of the invoices (its follower
        # may be behind in the snapshot; the balance catches up on read): billing's totals and
        # credit notes, the settlements ledger's payments
        for client_id, *_ in clients:
            due, returning = conn.execute(
                "SELECT coalesce(sum(greatest(i.total - i.credited - coalesce(s.paid, 0), 0)), 0),"
                " coalesce(sum(greatest(coalesce(s.paid, 0) + i.credited - i.total, 0)), 0) "
                "FROM billing.invoices i LEFT JOIN collections.settlements s "
                "ON s.invoice_id = i.id WHERE i.client_id = %s",
                (client_id,),
            ).fetchone()  # type: ignore[misc]
            (credit,) = conn.execute(
                "SELECT coalesce(sum(credit_left), 0) FROM collections.payments "
                "WHERE client_id = %s AND status = 'posted'",
                (client_id,),
            ).fetchone()  # type: ignore[misc]
            out["balances"].append(
                {
                    "client_id": str(client_id),
                    "amount_due": _money(due),
                    "credit": _money(Decimal(credit) + Decimal(returning)),
                }
            )
    return out


def _catch_up_projections(settings: Settings) -> None:
    """Before the snapshot, bring each service's read models to the head of its events, as a
    read would (best effort): a backup of a quiet system then has nothing pending."""
    import importlib

    for service in EVENT_SERVICES:
        try:
            module: Any = importlib.import_module(f"mtf.{service}.app")
            for projector in getattr(module, "build_projectors", lambda _s: [])(settings):
                try:
                    projector.catch_up()
                finally:
                    with contextlib.suppress(Exception):
                        projector.store.close()
                    with contextlib.suppress(Exception):
                        projector.engine.dispose()
        except Exception as exc:  # the backup itself does not depend on it
            from mtf.kernel.logging import get_logger

            get_logger("mtf.backup").warning(
                "catch_up_skipped", target=service, error_type=type(exc).__name__
            )


def _bill_runs(conn: psycopg.Connection[Any]) -> list[dict[str, Any]]:
    if not _exists(conn, "billing.bill_runs"):
        return []
    return [
        {"id": str(i), "period": p, "status": s, "clients_done": int(d), "clients_total": int(t)}
        for i, p, s, d, t in conn.execute(
            "SELECT r.id, r.period, r.status, (SELECT count(*) FROM billing.bill_run_items b "
            "WHERE b.run_id = r.id AND b.status <> 'pending'), (SELECT count(*) FROM "
            "billing.bill_run_items b WHERE b.run_id = r.id) "
            "FROM billing.bill_runs r WHERE r.status NOT IN ('completed') ORDER BY r.created_at"
        )
    ]


# --- backup ----------------------------------------------------------------------------------


def backup(settings: Settings, out: Path, *, sample_size: int = 5) -> dict[str, Any]:
    """Write the archive (to a temporary name, renamed when complete); return the manifest."""
    dsn = settings.database_url
    here = conninfo_parts(dsn)
    for service in SERVICES:
        there = conninfo_parts(settings.database_url_for(service))
        if any(there.get(k) != here.get(k) for k in ("host", "port", "dbname")):
            raise BackupError(
                f"MTF_{service.upper()}_DATABASE_URL names another database than DATABASE_URL: "
                "one snapshot cannot hold both; back each database up on its own"
            )
    _catch_up_projections(settings)
    known = known_streams(settings)
    with psycopg.connect(dsn) as conn:
        server = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
        pg_dump = pg_tool("pg_dump", _major(server))
        conn.execute("BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE")
        (snapshot,) = conn.execute("SELECT pg_export_snapshot()").fetchone()  # type: ignore[misc]
        (taken_at,) = conn.execute("SELECT now()").fetchone()  # type: ignore[misc]
        facts = _facts(conn)
        samples = _samples(conn, sample_size)
        open_runs = _bill_runs(conn)
        lags = stream_lags(conn, known)
        with tempfile.TemporaryDirectory(prefix="mtf-backup-") as work:
            dump = Path(work) / DUMP
            args, env = _libpq_env(dsn)
            schemas = [a for s in SERVICES for a in ("--schema", s)]
            done = subprocess.run(
                [
                    pg_dump,
                    *args,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    *schemas,
                    "--file",
                    str(dump),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            conn.rollback()  # the snapshot is no longer needed once pg_dump has it all
            if done.returncode != 0:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
            dump_version = subprocess.run(
                [pg_dump, "--version"], capture_output=True, text=True
            ).stdout.strip()
            manifest: dict[str, Any] = {
                "format": FORMAT,
                "taken_at": taken_at.astimezone(UTC).isoformat(),
                "database": conninfo_parts(dsn)["dbname"],
                "mtf_version": _version(),
                "postgres": {"server": server, "pg_dump": dump_version},
                "release": _release(facts["schemas"]),
                **facts,
                "open_bill_runs": open_runs,
                "streams": lags,
                "samples": samples,
                "dump": {"file": DUMP, "bytes": dump.stat().st_size, "sha256": _sha256(dump)},
            }
            out.parent.mkdir(parents=True, exist_ok=True)
            partial = out.with_name(out.name + ".partial")
            with tarfile.open(partial, "w") as tar:
                body = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(body), int(time.time())
                tar.addfile(info, io.BytesIO(body))
                tar.add(dump, arcname=DUMP)
            os.replace(partial, out)
    return manifest


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mt-facturation")
    except PackageNotFoundError:
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(archive: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise BackupError(f"{archive}: no {MANIFEST} in the archive")
            manifest: dict[str, Any] = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{archive}: not a backup archive ({type(exc).__name__}: {exc})") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: manifest format {manifest.get('format')!r}, expected 1")
    return manifest


# --- restore ---------------------------------------------------------------------------------


def _relations(dsn: str) -> list[str]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp%%' "
            "ORDER BY 1"
        ).fetchall()
        schemas = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", (list(SERVICES),)
        ).fetchall()
    return [r[0] for r in rows] + [f"{s[0]} (schema)" for s in schemas if not rows]


def restore(
    settings: Settings, archive: Path, target: str, *, verify_reads: bool = True
) -> dict[str, Any]:
    """Load the archive into `target` (created when missing, refused when not empty), then
    verify it. The report's `verified` is True when every check passed."""
    manifest = read_manifest(archive)
    ensure_database(target)
    found = _relations(target)
    if found:
        raise NotEmpty(
            f"the target database {conninfo_parts(target)['dbname']} is not empty "
            f"({len(found)} relation(s), e.g. {', '.join(found[:3])}): restore only into a new, "
            "empty database (createdb NAME)"
        )
    with psycopg.connect(target, autocommit=True) as conn:
        server = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
    # pg_restore reads the archives of its own major version and older ones
    dumped_by = _major(str(manifest["postgres"]["pg_dump"]).split("(PostgreSQL)")[-1])
    pg_restore = pg_tool("pg_restore", max(_major(server), dumped_by))
    with tempfile.TemporaryDirectory(prefix="mtf-restore-") as work:
        with tarfile.open(archive, "r") as tar:
            member = tar.getmember(DUMP)
            extracted = tar.extractfile(member)
            if extracted is None:
                raise BackupError(f"{archive}: no {DUMP} in the archive")
            dump = Path(work) / DUMP
            with dump.open("wb") as f:
                shutil.copyfileobj(extracted, f)
        if _sha256(dump) != manifest["dump"]["sha256"]:
            raise BackupError(f"{archive}: the dump's SHA-256 is not the manifest's (damaged)")
        args, env = _libpq_env(target)
        done = subprocess.run(
            [
                pg_restore,
                *args,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                str(dump),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed (nothing restored): {done.stderr.strip()}")
    restored = replace(settings, database_url=target, service_database_urls={})
    report = verify(restored, manifest, verify_reads=verify_reads)
    report["restored_into"] = conninfo_parts(target)["dbname"]
    return report


def verify(settings: Settings, manifest: dict[str, Any], *, verify_reads: bool) -> dict[str, Any]:
    checks: dict[str, Any] = {}
    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        facts = _facts(conn)
    for key in ("schemas", "events", "documents", "series"):
        problems = _compare(manifest[key], facts[key])
        checks[key] = {"ok": not problems, "differences": problems}

    # the sample rows, as restored, before anything runs on the restored database
    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        sample_size = len(manifest["samples"]["clients"])
        problems = _compare(manifest["samples"], _samples(conn, sample_size)) if sample_size else []
    checks["tables"] = {"ok": not problems, "differences": problems}

    try:
        from mtf.platform.audit import verify_journal

        broken = [r["series"] for r in verify_journal(settings) if r["first_break"]]
        checks["journal"] = {"ok": not broken, "broken_series": broken}
    except Exception as exc:  # the data is restored: say which check could not run
        checks["journal"] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}

    try:
        from mtf.platform.rebuild import rebuild

        drift: list[str] = []
        for service, entry in rebuild(settings, (), check_only=True).items():
            for name, result in entry.items():
                if result.get("differences"):
                    drift.append(f"{service}/{name}: {result['differences']}")
        checks["read_models"] = {"ok": not drift, "differences": drift}
    except Exception as exc:
        checks["read_models"] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}

    if verify_reads:
        checks["reads"] = _reads_check(settings, manifest)
    return {"verified": all(c["ok"] for c in checks.values()), "checks": checks}


def _reads_check(settings: Settings, manifest: dict[str, Any]) -> dict[str, Any]:
    try:
        behind = {
            name: s["lag"]
            for name, s in manifest.get("streams", {}).items()
            if s["lag"] > 0
            and "/projection:" in name
            and name.split("/")[0] in ("customer", "billing", "collections")
        }
        if behind:
            # the services catch their read models up on read: they would have answered past
            # the snapshot's tables at backup time too, so there is no exact answer to compare
            # (a follower's lag does not count: the balances are sampled from the sources of
            # truth, and the other reads do not follow a feed on read)
            return {
                "ok": True,
                "skipped": "read models were behind their events in the backup's snapshot: "
                + ", ".join(f"{n} by {lag}" for n, lag in sorted(behind.items())),
            }
        mismatches = sample_reads(settings, manifest["samples"])
        return {"ok": not mismatches, "differences": mismatches}
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def _compare(expected: Any, got: Any, path: str = "") -> list[str]:
    if isinstance(expected, dict) and isinstance(got, dict):
        out: list[str] = []
        for key in sorted(set(expected) | set(got)):
            out += _compare(expected.get(key), got.get(key), f"{path}.{key}" if path else key)
        return out
    if isinstance(expected, list) and isinstance(got, list) and len(expected) == len(got):
        return [
            d
            for i, (e, g) in enumerate(zip(expected, got, strict=True))
            for d in _compare(e, g, f"{path}[{i}]")
        ]
    return [] if expected == got else [f"{path}: backup {expected!r}, restored {got!r}"]


# --- the services on the restored database answer the sample of reads -----------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(settings: Settings, names: tuple[str, ...]) -> Iterator[Settings]:
    """The services (not the worker: nothing moves while we compare) on loopback ports."""
    import uvicorn

    urls = dict(settings.service_urls)
    urls.update({name: f"http://127.0.0.1:{_free_port()}" for name in names})
    settings = replace(settings, service_urls=urls)
    servers: list[tuple[Any, threading.Thread]] = []
    apps: list[Any] = []
    try:
        for name in names:
            module = __import__(f"mtf.{name}.app", fromlist=["create_app"])
            apps.append(module.create_app(settings))
            port = int(urls[name].rsplit(":", 1)[1])
            server = uvicorn.Server(
                uvicorn.Config(
                    apps[-1], host="127.0.0.1", port=port, log_config=None, access_log=False
                )
            )
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            servers.append((server, thread))
        for name in names:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{urls[name]}/health/live", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise BackupError(f"the {name} service did not start on the restored database")
                time.sleep(0.05)
        yield settings
    finally:
        for server, _ in servers:
            server.should_exit = True
        for _, thread in servers:
            thread.join(timeout=10)
        for app in apps:
            store = app.state.get("event_store")
            if store is not None:
                store.close()
            engine = app.state.get("engine")
            if engine is not None:
                engine.dispose()


def sample_reads(settings: Settings, samples: dict[str, list[dict[str, Any]]]) -> list[str]:
    from mtf.kernel.auth import ALL_PERMISSIONS, issue_access_token

    token = issue_access_token(
        settings.jwt_secret,
        subject="restore-verify",
        username="restore-verify",
        permissions=list(ALL_PERMISSIONS),
        ttl_seconds=900,
    )
    headers = {"Authorization": f"Bearer {token}"}
    problems: list[str] = []
    with serving(settings, ("customer", "billing", "collections")) as running:
        urls = running.service_urls

        def get(service: str, path: str) -> Any:
            r = httpx.get(urls[service] + path, headers=headers, timeout=60)
            if r.status_code != 200:
                problems.append(f"GET {path}: {r.status_code}")
                return None
            return r.json()

        for c in samples.get("clients", []):
            body = get("customer", f"/api/v1/clients/{c['id']}")
            if body is None:
                continue
            got = {
                "id": body["id"],
                "status": body["status"],
                "erased": body["erased"],
                "lines": len(body.get("subscribers", [])),
            }
            problems += _compare(c, got, f"client {c['id']}")
            # the personal data unwraps under the environment's MTF_PII_KEY
            wanted = "erased" if c["erased"] else "visible"
            if body.get("personal_data") != wanted:
                problems.append(
                    f"client {c['id']}: personal data {body.get('personal_data')!r}, "
                    f"expected {wanted!r} (is MTF_PII_KEY the one the backup was taken with?)"
                )
        for i in samples.get("invoices", []):
            body = get("billing", f"/api/v1/invoices/{i['id']}")
            if body is not None:
                problems += _compare(i, {k: body.get(k) for k in i}, f"invoice {i['number']}")
        for b in samples.get("balances", []):
            body = get("collections", f"/api/v1/clients/{b['client_id']}/balance")
            if body is not None:
                problems += _compare(b, {k: body.get(k) for k in b}, f"balance {b['client_id']}")
    return problems
