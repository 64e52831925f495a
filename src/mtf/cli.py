"""`mtf`: run one service, the workers, the migrations, or the whole stack."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from mtf.kernel.service_keys import process_env
from mtf.kernel.settings import (
    DEFAULT_PORTS,
    SERVICES,
    Settings,
    get_settings,
    process_services,
)

PROCESSES = (*SERVICES, "gateway")


def run_dir() -> Path:
    path = Path(os.environ.get("MTF_RUN_DIR", ".mtf/run"))
    path.mkdir(parents=True, exist_ok=True)
    return path


DEFAULT_PROCESSES = {"collections": "2"}


def bind_host(settings: Settings, name: str) -> str:
    """The gateway binds MTF_GATEWAY_HOST (it may be exposed); every service stays on
    MTF_HOST (loopback), reachable only through the gateway."""
    return settings.gateway_host if name == "gateway" else settings.host


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from mtf.kernel.logging import configure_logging

    settings = get_settings()
    name = args.service
    port = args.port or settings.ports[name]
    configure_logging(name, log_format=settings.log_format, level=settings.log_level)
    # several processes for a busy service (each its own pools): collections takes the
    # payments partners post (two by default), the others one
    workers = int(os.environ.get(f"MTF_{name.upper()}_WORKERS", DEFAULT_PROCESSES.get(name, "1")))
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # /metrics answers for every process of the service, not the one that took the scrape
        metrics_dir = run_dir() / "prometheus" / name
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    app = f"mtf.{name}.app:create_app"
    if workers > 1:
        # the workers die with this process (see mtf.platform.processes)
        os.environ["MTF_SERVE_SERVICE"] = name
        os.environ["MTF_SERVE_PARENT"] = str(os.getpid())
        app = "mtf.platform.processes:create_worker_app"
    uvicorn.run(
        app,
        factory=True,
        host=args.host or bind_host(settings, name),
        port=port,
        log_config=None,
        access_log=False,
        proxy_headers=False,
        timeout_graceful_shutdown=5,
        workers=workers,
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from mtf.kernel.logging import configure_logging
    from mtf.platform.migrate import migrate_all

    settings = get_settings()
    configure_logging("migrate", log_format=settings.log_format, level=settings.log_level)
    services = tuple(args.services) if args.services else ()
    if args.status or args.dry_run or args.to:
        return _migrate_to(settings, args, services)
    migrate_all(settings, services or SERVICES)
    return 0


def _migrate_to(settings: Settings, args: argparse.Namespace, services: tuple[str, ...]) -> int:
    """`--status`, `--to TARGET [--dry-run] [--accept-loss]`: see docs/operations/rollback.md."""
    from dataclasses import asdict

    from mtf.platform.migrate import MigrateRefused, migrate_to, plan, status

    if args.status:
        print(json.dumps(status(settings, services or SERVICES), indent=2))
        return 0
    if not args.to:
        print("mtf migrate: --dry-run needs --to RELEASE|REVISION", file=sys.stderr)
        return 2
    try:
        if args.dry_run:
            steps = plan(settings, args.to, services)
        else:
            steps = migrate_to(settings, args.to, services, accept_loss=args.accept_loss)
    except ValueError as exc:
        print(f"mtf migrate: {exc}", file=sys.stderr)
        return 2
    except MigrateRefused as exc:
        print(f"mtf migrate: refused, nothing changed: {exc}", file=sys.stderr)
        return 3
    print(json.dumps({"dry_run": args.dry_run, "steps": [asdict(s) for s in steps]}, indent=2))
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from mtf.kernel.logging import configure_logging
    from mtf.platform.seed import seed_admin, seed_demo_offers

    settings = get_settings()
    configure_logging("seed", log_format=settings.log_format, level=settings.log_level)
    if args.volume is not None:
        return _seed_volume(settings, args)
    seed_admin(settings)
    if args.demo:
        seed_demo_offers(settings)
    return 0


def _seed_volume(settings: Any, args: argparse.Namespace) -> int:
    """An operator of realistic shape for the benchmarks (docs/performance.md)."""
    from datetime import date

    from mtf.platform.migrate import migrate_all
    from mtf.platform.seed import seed_admin
    from mtf.platform.volume import seed_volume

    migrate_all(settings)
    seed_admin(settings)
    as_of = date.fromisoformat(args.as_of) if args.as_of else None
    try:
        report = seed_volume(settings, args.volume, as_of=as_of, seed=args.seed)
    except RuntimeError as exc:  # a database that already has clients, contracts or invoices
        print(f"mtf seed --volume: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2, default=str))
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    """Print a DSN that answers: the configured server, else the embedded one."""
    from mtf.kernel.db import ensure_database
    from mtf.kernel.embedded_pg import ensure_postgres

    dsn = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost:5432/mtf")
    data_dir = Path(os.environ.get("MTF_PGDATA", ".mtf/pgdata")).resolve()
    if args.embedded:
        from mtf.kernel.db import conninfo_parts
        from mtf.kernel.embedded_pg import start_embedded

        resolved, embedded = start_embedded(data_dir, conninfo_parts(dsn)["dbname"]), True
    else:
        resolved, embedded = ensure_postgres(dsn, data_dir)
    ensure_database(resolved)
    print(json.dumps({"database_url": resolved, "embedded": embedded}))
    return 0


def cmd_roles(args: argparse.Namespace) -> int:
    """One role per service owning its schema; prints the per-service database URLs."""
    from mtf.kernel.db import ensure_database
    from mtf.platform.roles import service_roles

    dsn = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost:5432/mtf")
    ensure_database(dsn)
    passwords = {
        s: os.environ[f"MTF_{s.upper()}_DB_PASSWORD"]
        for s in SERVICES
        if os.environ.get(f"MTF_{s.upper()}_DB_PASSWORD")
    }
    urls = service_roles(dsn, prefix=args.prefix, passwords=passwords)
    for service, url in urls.items():
        print(f"MTF_{service.upper()}_DATABASE_URL={url}")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from mtf.kernel.logging import configure_logging
    from mtf.platform.worker import run_worker

    settings = get_settings()
    configure_logging("worker", log_format=settings.log_format, level=settings.log_level)
    run_worker(settings, once=args.once)
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    from mtf.kernel.logging import configure_logging
    from mtf.platform.rebuild import rebuild

    settings = get_settings()
    configure_logging("rebuild", log_format=settings.log_format, level=settings.log_level)
    last = [0.0]

    def progress(projection: str, position: int, head: int) -> None:
        """A line on stderr every 2 seconds or so, and at the end of each projection."""
        now = time.monotonic()
        if now - last[0] >= 2 or position >= head:
            last[0] = now
            share = position / head if head else 1.0
            print(
                f"rebuilding {projection}: event {position:,} of {head:,} ({share:.0%})",
                file=sys.stderr,
                flush=True,
            )

    report = rebuild(settings, tuple(args.services), check_only=args.check, progress=progress)
    print(json.dumps(report, indent=2))
    drifted = [
        f"{service}/{name}"
        for service, entries in report.items()
        for name, entry in entries.items()
        if isinstance(entry, dict) and entry.get("differences")
    ]
    if args.check and drifted:
        print(f"views that differ from a replay of their events: {', '.join(drifted)}")
    return 1 if args.check and drifted else 0


def cmd_backup(args: argparse.Namespace) -> int:
    """One consistent archive of every service's schema with its manifest (backup.md)."""
    from mtf.kernel.logging import configure_logging
    from mtf.kernel.settings import load_settings
    from mtf.platform.backup import UNUSABLE, BackupError, backup

    settings = load_settings()
    configure_logging("backup", log_format=settings.log_format, level=settings.log_level)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its plugin chatter is not news
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"--out: {out} exists; choose another name or add --force")
        return UNUSABLE
    try:
        manifest = backup(settings, out, sample_size=args.sample)
    except BackupError as exc:
        print(f"backup failed, nothing written: {exc}")
        return UNUSABLE
    events = ", ".join(f"{s} {e['count']}" for s, e in manifest["events"].items())
    print(
        f"backup written to {out} ({manifest['dump']['bytes']} bytes of dump), taken at "
        f"{manifest['taken_at']}, release {manifest['release'] or 'none (schemas between releases)'}"
    )
    print(f"events: {events}; archived PDFs: {manifest['documents']['count']}")
    for name, head in manifest["series"].items():
        print(
            f"{name}: {head['documents']} documents, last {head['last_number']}, head {head['head']}"
        )
    for run in manifest["open_bill_runs"]:
        print(
            f"open bill run {run['id']} ({run['period']}, {run['status']}): "
            f"{run['clients_done']}/{run['clients_total']} clients; a restore resumes it"
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore a backup into an empty database and verify it (exit codes in backup.md)."""
    from mtf.kernel.logging import configure_logging
    from mtf.kernel.settings import load_settings
    from mtf.platform.backup import (
        NOT_EMPTY,
        OK,
        UNUSABLE,
        VERIFY_FAILED,
        BackupError,
        NotEmpty,
        restore,
    )

    settings = load_settings()
    configure_logging("restore", log_format=settings.log_format, level=settings.log_level)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its plugin chatter is not news
    if not Path(args.from_).is_file():
        print(f"--from: no file {args.from_}")
        return UNUSABLE
    try:
        report = restore(
            settings, Path(args.from_), args.database_url, verify_reads=not args.skip_reads
        )
    except NotEmpty as exc:
        print(f"refused: {exc}")
        return NOT_EMPTY
    except BackupError as exc:
        print(f"restore failed: {exc}")
        return UNUSABLE
    print(json.dumps(report, indent=2))
    for name, check in report["checks"].items():
        if "error" in check:
            print(f"{name}: COULD NOT RUN ({check['error']})")
        elif "skipped" in check:
            print(f"{name}: skipped ({check['skipped']})")
        else:
            print(f"{name}: {'ok' if check['ok'] else 'DIFFERS'}")
    if report["verified"]:
        print(f"restored into {report['restored_into']} and verified")
        return OK
    print(f"restored into {report['restored_into']} but NOT verified: see the differences above")
    return VERIFY_FAILED


def cmd_status(args: argparse.Namespace) -> int:
    """What an on-call engineer needs at a glance; exit 1 when something needs attention."""
    from mtf.kernel.logging import configure_logging
    from mtf.kernel.settings import load_settings
    from mtf.platform.status import render, status_report

    settings = load_settings()
    configure_logging("status", log_format=settings.log_format, level="WARNING")
    import psycopg

    try:
        report = status_report(settings, ask_services=not args.no_services)
    except psycopg.OperationalError as exc:
        print(f"the database does not answer ({type(exc).__name__}): {exc}")
        return 2
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0 if not report["warnings"] else 1


def _billing_cli(settings: Any) -> Any:
    """The billing service's application objects in this process (the CLI is one more
    process sharing the runs safely: claims are row locks, numbers and ids come from the
    database)."""
    from mtf.billing.app import Billing
    from mtf.kernel.db import make_engine

    engine = make_engine(settings.database_url_for("billing"), "billing", pool_size=2)
    return Billing(settings, engine)


def _print_run(run: dict[str, Any]) -> bool:
    """One line per run (and one per client in error, up to five); True when it is done
    with nothing in error."""
    p = run["progress"]
    print(
        f"bill run {run['period']} pass {run['pass_number']} ({run['id']}): {run['status']}, "
        f"{p['clients_done']}/{p['clients_total']} clients, {p['invoices_issued']} invoices, "
        f"{p['errors']} in error"
    )
    for sample in p["error_samples"]:
        print(f"  in error: client {sample['client_id']}: {sample['message']}")
    return bool(run["status"] == "completed" and not p["errors"])


def _runs_of(billing: Any, period: str | None) -> list[dict[str, Any]]:
    """The period's passes, oldest first; without a period, the open runs (else the latest)."""
    from mtf.billing.domain.invoice import bill_run_id_for

    views = billing.views
    if period is not None:
        found, n = [], 1
        while (run := views.bill_run(bill_run_id_for(period, n))) is not None:
            found.append(run)
            n += 1
        return found
    from mtf.billing.adapters.postgres.work import SqlBillRunWork

    open_ids = SqlBillRunWork(billing.engine).open_runs()
    if open_ids:
        return [views.bill_run(run_id) for run_id in open_ids]
    from mtf.kernel.pagination import page_request

    rows, _ = views.bill_runs(
        period=None,
        status=None,
        page=page_request(
            limit=1, cursor=None, sort="-period", allowed_sorts=("period",), default_sort="-period"
        ),
    )
    return _runs_of(billing, rows[0]["period"]) if rows else []


def cmd_bill_run(args: argparse.Namespace) -> int:
    """`status`: a run's progress and its clients in error; `resume`: bill what an open run
    has left, here and now (safe while workers run), and with `--retry-errors` a
    supplementary pass for the clients a completed run left in error
    (docs/operations/bill-run.md). Exit 0: every run shown completed, nothing in error."""
    from mtf.billing.domain.rating import Period
    from mtf.kernel.errors import DomainError, ValidationFailed
    from mtf.kernel.logging import configure_logging

    settings = get_settings()
    configure_logging("bill-run", log_format=settings.log_format, level="WARNING")
    if args.period is not None:
        try:
            Period.parse(args.period)
        except ValidationFailed as exc:
            for error in exc.errors:
                print(f"--{error.field}: {error.message}")
            return 2
    billing = _billing_cli(settings)
    try:
        runs = _runs_of(billing, args.period)
        if args.action == "resume":
            runner = billing.runner()
            for run in runs:
                if run["status"] != "completed":
                    billed = runner.work_on(run["id"])
                    print(
                        f"resumed {run['period']} pass {run['pass_number']}: {billed} clients billed now"
                    )
            runs = _runs_of(billing, args.period)
            last = runs[-1] if runs else None
            if (
                args.retry_errors
                and last is not None
                and last["status"] == "completed"
                and last["progress"]["errors"]
            ):
                actor = f"cli:{os.environ.get('USER') or 'operator'}"
                run_id = runner.start(last["period"], None, actor)
                billed = runner.work_on(run_id)
                print(f"supplementary pass for {last['period']}: {billed} clients billed now")
                runs = _runs_of(billing, last["period"])
        if not runs:
            print("no bill run" + (f" for {args.period}" if args.period else ""))
            return 0
        # the latest pass decides: a supplementary pass billed what an earlier one left in error
        ok = [_print_run(run) for run in runs][-1]
    except DomainError as exc:
        print(f"bill run: {exc.detail}")
        return 2
    finally:
        billing.engine.dispose()
    return 0 if ok else 1


def cmd_api_keys(args: argparse.Namespace) -> int:
    """Partner API keys: `list`, `revoke KEY_ID`, `activity KEY_ID [--since]` (what it did;
    docs/operations/leaked-api-key.md). Exit 2: no such key, or a bad argument."""
    from datetime import datetime
    from uuid import UUID

    from mtf.kernel.errors import NotFound
    from mtf.kernel.logging import configure_logging
    from mtf.platform import api_keys

    settings = get_settings()
    configure_logging("api-keys", log_format=settings.log_format, level="WARNING")
    if args.action == "list":
        for key in api_keys.list_keys(settings):
            state = f"revoked {key['revoked_at']:%Y-%m-%d %H:%M}" if key["revoked_at"] else "active"
            used = f"{key['last_used_at']:%Y-%m-%d %H:%M}" if key["last_used_at"] else "never"
            print(
                f"{key['id']}  {key['prefix']}  {key['name']!r}  {','.join(key['scopes'])}  "
                f"{state}, last used {used}"
            )
        return 0
    try:
        key_id = UUID(args.key_id or "")
    except ValueError:
        print(f"KEY_ID: an API key's id (a UUID, from `mtf api-keys list`), got {args.key_id!r}")
        return 2
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError:
            print(
                f"--since: a date or time, e.g. 2026-12-01 or 2026-12-01T08:00+00:00 ({args.since!r})"
            )
            return 2
        if since.tzinfo is None:
            since = since.replace(tzinfo=settings.clock().now().tzinfo)
    try:
        if args.action == "revoke":
            actor = f"cli:{os.environ.get('USER') or 'operator'}"
            key = api_keys.revoke(settings, key_id, actor)
            print(
                f"revoked {key['id']} ({key['name']!r}) at {key['revoked_at']:%Y-%m-%d %H:%M:%S %Z}; "
                "the gateway refuses it within 5 s"
            )
            return 0
        report = api_keys.activity(settings, key_id, since)
    except NotFound as exc:
        print(f"KEY_ID: {exc.detail}")
        return 2
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    k = report["key"]
    print(
        f"key {k['id']} ({k['name']!r}, prefix {k['prefix']}, scopes {','.join(k['scopes'])}): "
        f"created {k['created_at']}, last used {k['last_used_at'] or 'never'}, "
        + (f"revoked {k['revoked_at']}" if k["revoked_at"] else "ACTIVE")
    )
    if report["same_name_keys"]:
        print(
            f"  keys with the same name (their writes look the same): {', '.join(report['same_name_keys'])}"
        )
    total = sum(n for types in report["writes"].values() for n in types.values())
    print(f"writes recorded as {report['actor']}: {total}" + (f" since {since}" if since else ""))
    for service, types in report["writes"].items():
        print(f"  {service}: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items())))
    for event in report["latest"]:
        print(
            f"  {event['at']}  {event['service']:<11} {event['event_type']:<28} {event['aggregate_id']}"
        )
    for entry in report["audit"]:
        print(f"audit: {entry['at']} {entry['action']} by {entry['actor']}")
    return 0


def _audit_export(settings: Any, args: argparse.Namespace) -> int:
    """Every invoice and credit note issued in the month as UBL, with a manifest of their
    SHA-256 and the journal's heads, in one zip (exit 1 when a series is broken)."""
    from mtf.kernel.errors import ValidationFailed
    from mtf.platform.audit_export import export_period

    if not args.period or not args.out:
        print("audit export: --period YYYY-MM and --out FILE are required")
        return 2
    try:
        manifest = export_period(settings, args.period, Path(args.out))
    except ValidationFailed as exc:
        for error in exc.errors:
            print(f"--{error.field.replace('_', '-')}: {error.message}")
        return 2
    print(f"{args.out}: {len(manifest['documents'])} documents of {args.period}")
    broken = False
    for chain in manifest["journal"]:
        state = "valid" if chain["valid"] else "BROKEN"
        broken = broken or not chain["valid"]
        print(f"{chain['series']}: {state}, {chain['documents']} documents, head {chain['head']}")
    return 1 if broken else 0


def cmd_audit(args: argparse.Namespace) -> int:
    """Recompute the journal's chains; exit 1 when a series is broken (or the kept head is not
    in it). It reads the database only, so it needs DATABASE_URL (an auditor's read-only role
    will do) and no secret."""
    from mtf.kernel.errors import ValidationFailed
    from mtf.kernel.logging import configure_logging
    from mtf.kernel.settings import load_settings
    from mtf.platform.audit import verify_journal

    settings = load_settings()
    configure_logging("audit", log_format=settings.log_format, level=settings.log_level)
    if args.action == "export":
        return _audit_export(settings, args)
    if args.series is not None and not _is_series(args.series):
        print(f"--series: must be FAC-YYYY or AV-YYYY, e.g. FAC-2026 (got {args.series!r})")
        return 2
    if args.kept_head is not None and args.series is None:
        print("--kept-head: name the --series the head was kept for")
        return 2
    try:
        reports = verify_journal(settings, args.series, args.kept_head)
    except ValidationFailed as exc:
        for error in exc.errors:
            print(f"--{error.field.replace('_', '-')}: {error.message}")
        return 2
    print(json.dumps(reports if args.series is None else reports[0], indent=2, default=str))
    failed = False
    for r in reports:
        if r["first_break"]:
            fb = r["first_break"]
            print(f"{r['series']}: BROKEN at {fb['number']} ({fb['reason']}): {fb['detail']}")
            failed = True
        else:
            print(f"{r['series']}: valid, {r['documents']} documents, head {r['head']}")
        kept = r.get("kept_head")
        if kept is not None:
            if kept["found"]:
                print(f"{r['series']}: the kept head is {kept['number']}'s")
            else:
                print(
                    f"{r['series']}: the kept head is NOT in the journal (rewritten or cut short)"
                )
                failed = True
    return 1 if failed else 0


def _is_series(name: str) -> bool:
    from mtf.billing.domain.journal import kind_of_series

    return kind_of_series(name) is not None


def cmd_sdk(args: argparse.Namespace) -> int:
    from mtf.platform.sdk import write_sdk

    warnings = write_sdk(Path(args.openapi), Path(args.out))
    if warnings:
        print(warnings)
    return 1 if warnings else 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from mtf.platform.openapi import write_openapi

    write_openapi(get_settings(), Path(args.out))
    return 0


def cmd_contract(args: argparse.Namespace) -> int:
    """`check`: the current contract against the released snapshot (the test command runs
    the same as tests/contract/test_compatibility_gate.py); `release`: copy the current
    contract into docs/contract/released/ (refused if it breaks the released one)."""
    from mtf.platform import contract

    if args.action == "check":
        report = contract.check()
        print(report.summary())
        return 0 if report.passes else 1
    done = contract.release(correction=args.correction)
    if done is not None:
        print(done.summary())
        if not done.passes and not args.correction:
            print("nothing released")
            return 1
    print(f"released: {contract.RELEASED}")
    return 0


# what the gateway, the one door exposed, is never given: it signs nothing for anyone but
# itself and never reads personal data
_GATEWAY_WITHHELD = ("MTF_JWT_SECRET", "MTF_PII_KEY", "MTF_CIN_HASH_KEY", "MTF_ADMIN_PASSWORD")


def child_env(process: str) -> dict[str, str]:
    """The environment of one child process: only its own services' private keys."""
    env = process_env(os.environ, process_services(process))
    if process == "gateway":
        for name in _GATEWAY_WITHHELD:
            env.pop(name, None)
    env["MTF_PROCESS"] = process
    return env


def _spawn(argv: list[str], log_path: Path, process: str) -> subprocess.Popen[bytes]:
    log_file = log_path.open("ab")
    return subprocess.Popen(
        argv,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=False,
        env=child_env(process),
    )


def cmd_up(args: argparse.Namespace) -> int:
    """Start every service, the gateway and the worker as separate processes; supervise."""
    get_settings()  # fail early on missing configuration
    runs = run_dir()
    logs = Path(os.environ.get("MTF_LOG_DIR", ".mtf/logs"))
    logs.mkdir(parents=True, exist_ok=True)
    children: dict[str, subprocess.Popen[bytes]] = {}
    for name in PROCESSES:
        children[name] = _spawn(
            [sys.executable, "-m", "mtf.cli", "serve", name], logs / f"{name}.log", name
        )
    if not args.no_worker:
        # MTF_WORKERS worker processes share projections, bill runs and PDF archiving safely
        count = max(1, int(os.environ.get("MTF_WORKERS", "1")))
        for i in range(count):
            name = "worker" if i == 0 else f"worker-{i + 1}"
            children[name] = _spawn(
                [sys.executable, "-m", "mtf.cli", "worker"], logs / f"{name}.log", "worker"
            )
    (runs / "children.json").write_text(json.dumps({n: p.pid for n, p in children.items()}))

    stopping = False

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while not stopping:
            for name, proc in list(children.items()):
                code = proc.poll()
                if code is not None and not stopping:
                    print(f"mtf up: {name} exited with {code}; restarting", file=sys.stderr)
                    argv = proc.args if isinstance(proc.args, list) else [str(proc.args)]
                    process = "worker" if name.startswith("worker") else name
                    children[name] = _spawn([str(a) for a in argv], logs / f"{name}.log", process)
                    (runs / "children.json").write_text(
                        json.dumps({n: p.pid for n, p in children.items()})
                    )
                    time.sleep(1)
            time.sleep(0.5)
    finally:
        for proc in children.values():
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 10
        for proc in children.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
        (runs / "children.json").unlink(missing_ok=True)
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    """Print a new key pair per service, as environment variables (for a secrets store):
    give each service's process its own MTF_SERVICE_KEY_<NAME> and every process all the
    MTF_SERVICE_PUBLIC_KEY_* lines."""
    from mtf.kernel.service_keys import SERVICE_NAMES, ServiceKeys

    names = tuple(args.services) or SERVICE_NAMES
    for name, value in ServiceKeys.generate(names).env().items():
        print(f"{name}={value}")
    return 0


def cmd_launch(args: argparse.Namespace) -> int:
    from mtf.platform.launcher import main as launcher_main

    return launcher_main([args.action, *args.rest])


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand and its options (the runbooks' commands are checked against it)."""
    parser = argparse.ArgumentParser(prog="mtf", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run one service (or the gateway)")
    serve.add_argument("service", choices=sorted(DEFAULT_PORTS))
    serve.add_argument("--port", type=int)
    serve.add_argument("--host")
    serve.set_defaults(func=cmd_serve)

    migrate = sub.add_parser(
        "migrate",
        help="create or upgrade every service's schema (or move it to a release: --to)",
    )
    migrate.add_argument("services", nargs="*", choices=[*SERVICES, []])
    migrate.add_argument(
        "--to",
        metavar="RELEASE|REVISION",
        help="move the schemas up or down to a release of migrations/releases.toml "
        "(e.g. 2026.11), or one service's chain to a revision (e.g. billing_0002)",
    )
    migrate.add_argument(
        "--accept-loss",
        action="store_true",
        help="with --to: go on with a downgrade that drops data of newer features "
        "(listed when refused)",
    )
    migrate.add_argument(
        "--dry-run", action="store_true", help="with --to: print the plan, change nothing"
    )
    migrate.add_argument(
        "--status",
        action="store_true",
        help="print each service's revision and the release it is",
    )
    migrate.set_defaults(func=cmd_migrate)

    seed = sub.add_parser("seed", help="seed the admin operator (and demo offers)")
    seed.add_argument(
        "--demo", action="store_true", help="publish demo offers if the catalog is empty"
    )
    seed.add_argument(
        "--volume",
        type=int,
        metavar="N",
        help="seed an empty database with an operator of N clients (benchmarks; e.g. 100000)",
    )
    seed.add_argument(
        "--as-of", help="with --volume: the date the six months end on (default: this month's 1st)"
    )
    seed.add_argument("--seed", type=int, default=42, help="with --volume: the random seed")
    seed.set_defaults(func=cmd_seed)

    db = sub.add_parser("db", help="ensure a PostgreSQL server answers; print its DSN")
    db.add_argument("--embedded", action="store_true", help="always use the embedded server")
    db.set_defaults(func=cmd_db)

    roles = sub.add_parser(
        "roles",
        help="one PostgreSQL role per service owning its schema (run as an administrator)",
    )
    roles.add_argument("--prefix", default="mtf_")
    roles.set_defaults(func=cmd_roles)

    worker = sub.add_parser("worker", help="run projections and scheduled jobs")
    worker.add_argument("--once", action="store_true")
    worker.set_defaults(func=cmd_worker)

    rebuild = sub.add_parser(
        "rebuild",
        help="replay events into the read models from zero; check or rebuild the ledger",
    )
    rebuild.add_argument("services", nargs="*", choices=[*SERVICES, []])
    rebuild.add_argument(
        "--check",
        action="store_true",
        help="only compare the settlements ledger with the payment events (exit 1 if they differ)",
    )
    rebuild.set_defaults(func=cmd_rebuild)

    status = sub.add_parser(
        "status",
        help="lag of every projector and follower, webhook and PDF backlogs, last runs, "
        "connections (exit 1: something needs attention)",
    )
    status.add_argument("--json", action="store_true", help="the report as JSON")
    status.add_argument(
        "--no-services", action="store_true", help="read the database only (do not ask /health)"
    )
    status.set_defaults(func=cmd_status)

    backup = sub.add_parser(
        "backup", help="write one consistent backup of every service's schema, with a manifest"
    )
    backup.add_argument("--out", required=True, help="the archive to write (a tar file)")
    backup.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    backup.add_argument(
        "--sample", type=int, default=5, help="clients whose reads the restore compares"
    )
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser(
        "restore", help="restore a backup into an empty database and verify it"
    )
    restore.add_argument("--from", dest="from_", required=True, help="the archive `backup` wrote")
    restore.add_argument(
        "--database-url", required=True, help="an empty (or not yet created) database"
    )
    restore.add_argument(
        "--skip-reads",
        action="store_true",
        help="do not start the services to compare the sample of reads",
    )
    restore.set_defaults(func=cmd_restore)

    bill_run = sub.add_parser(
        "bill-run",
        help="a bill run's progress and clients in error; resume one that stopped half-way",
    )
    bill_run.add_argument("action", choices=("status", "resume"))
    bill_run.add_argument(
        "--period", help="the month billed, YYYY-MM (default: the open runs, else the latest)"
    )
    bill_run.add_argument(
        "--retry-errors",
        action="store_true",
        help="resume: once the run is completed, a supplementary pass bills the clients in error",
    )
    bill_run.set_defaults(func=cmd_bill_run)

    keys_cmd = sub.add_parser(
        "api-keys", help="partner API keys: list, revoke one, list what one did (its writes)"
    )
    keys_cmd.add_argument("action", choices=("list", "revoke", "activity"))
    keys_cmd.add_argument(
        "key_id", nargs="?", metavar="KEY_ID", help="revoke, activity: the key's id"
    )
    keys_cmd.add_argument("--since", help="activity: only what it did from then (2026-12-01)")
    keys_cmd.add_argument("--json", action="store_true", help="activity: the report as JSON")
    keys_cmd.set_defaults(func=cmd_api_keys)

    audit = sub.add_parser(
        "audit", help="for auditors: verify the tamper-evident journal of invoices and credit notes"
    )
    audit.add_argument("action", choices=("verify", "export"))
    audit.add_argument(
        "--series", help="FAC-YYYY or AV-YYYY (default: every series); exit 1 if one is broken"
    )
    audit.add_argument(
        "--kept-head",
        help="with --series: a head hash kept earlier (a bill run's journal.head); exit 1 if "
        "it is no longer in the series",
    )
    audit.add_argument(
        "--period", help="export: the month whose documents are exported, YYYY-MM (issue date)"
    )
    audit.add_argument("--out", help="export: the zip archive to write")
    audit.set_defaults(func=cmd_audit)

    openapi = sub.add_parser("openapi", help="write the merged OpenAPI document")
    openapi.add_argument("--out", default="docs/openapi")
    openapi.set_defaults(func=cmd_openapi)
    sdk = sub.add_parser("sdk", help="regenerate the partner SDK from the OpenAPI document")
    sdk.add_argument("--openapi", default="docs/openapi/openapi.json")
    sdk.add_argument("--out", default="src/sdk")
    sdk.set_defaults(func=cmd_sdk)

    contract = sub.add_parser(
        "contract", help="compare the public contract with the released one, or release it"
    )
    contract.add_argument("action", choices=("check", "release"))
    contract.add_argument(
        "--correction",
        action="store_true",
        help="release even a breaking difference: the document was wrong, the API unchanged",
    )
    contract.set_defaults(func=cmd_contract)

    up = sub.add_parser("up", help="run the whole stack as separate processes")
    up.add_argument("--no-worker", action="store_true")
    up.set_defaults(func=cmd_up)

    keys = sub.add_parser("keys", help="print a new Ed25519 key pair per service")
    keys.add_argument("services", nargs="*", help="only these (default: every service)")
    keys.set_defaults(func=cmd_keys)

    launch = sub.add_parser("launch", help="what launch_all.sh / launch_all.bat do")
    launch.add_argument(
        "action", choices=["start", "stop", "test", "status"], nargs="?", default="start"
    )
    launch.add_argument("rest", nargs=argparse.REMAINDER)
    launch.set_defaults(func=cmd_launch)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
