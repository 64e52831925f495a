"""Ensure a PostgreSQL server: the configured one if it answers, else an embedded one.

The embedded server is the `pgserver` wheel (real PostgreSQL binaries); the system's
`initdb`/`pg_ctl` are the fallback. Its data lives in a project-local folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import warnings
from pathlib import Path

import psycopg

from mtf.kernel.db import conninfo_parts, with_database


def server_answers(dsn: str) -> bool:
    try:
        with psycopg.connect(with_database(dsn, "postgres"), connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def start_embedded(data_dir: Path, dbname: str) -> str:
    """Start (or reuse) the embedded server in data_dir and return a DSN for dbname."""
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            import pgserver
        # pgserver logs from an atexit hook, after test runners have closed their streams
        logging.getLogger("pgserver").setLevel(logging.ERROR)
        server = pgserver.get_server(data_dir, cleanup_mode=None)
        return with_database(server.get_uri(), dbname)
    except ImportError:
        return _start_system_postgres(data_dir, dbname)


def _start_system_postgres(data_dir: Path, dbname: str) -> str:
    initdb = shutil.which("initdb") or _find_pg_bin("initdb")
    pg_ctl = shutil.which("pg_ctl") or _find_pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError(
            "no PostgreSQL server answers and neither pgserver nor initdb/pg_ctl is available"
        )
    port = os.environ.get("MTF_EMBEDDED_PG_PORT", "54329")
    if not (data_dir / "PG_VERSION").exists():
        subprocess.run(
            [initdb, "-D", str(data_dir), "-U", "postgres", "--auth=trust"],
            check=True,
            capture_output=True,
        )
    subprocess.run(
        [
            pg_ctl,
            "-D",
            str(data_dir),
            "-l",
            str(data_dir / "server.log"),
            "-o",
            f"-p {port} -k {data_dir} -h 127.0.0.1",
            "-w",
            "start",
        ],
        check=False,
        capture_output=True,
    )
    return f"postgresql://postgres@127.0.0.1:{port}/{dbname}"


def _find_pg_bin(name: str) -> str | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


def ensure_postgres(dsn: str, data_dir: Path) -> tuple[str, bool]:
    """Return (dsn, embedded): the configured server if it answers, else an embedded one."""
    if server_answers(dsn):
        return dsn, False
    dbname = conninfo_parts(dsn)["dbname"]
    embedded = start_embedded(data_dir, dbname)
    if not server_answers(embedded):
        raise RuntimeError(f"the embedded PostgreSQL in {data_dir} did not start")
    return embedded, True
