"""The launcher's logic, shared by launch_all.sh and launch_all.bat so both behave the
same: build the console, load or create local secrets, stop what an earlier run left,
ensure PostgreSQL, migrate, seed, start the stack, smoke-check it, print URL and login."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from mtf.kernel.service_keys import SERVICE_NAMES, ServiceKeys, private_name, public_name

ROOT = Path(__file__).resolve().parents[3]
STATE = ROOT / ".mtf"
RUN = STATE / "run"
LOGS = STATE / "logs"
IS_WINDOWS = os.name == "nt"


def say(message: str) -> None:
    print(f"[mtf] {message}", flush=True)


class LaunchError(RuntimeError):
    pass


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _stamp_changed(name: str, digest: str) -> bool:
    stamp = STATE / f"{name}.stamp"
    return not stamp.exists() or stamp.read_text().strip() != digest


def _write_stamp(name: str, digest: str) -> None:
    (STATE / f"{name}.stamp").write_text(digest)


def _npm() -> str:
    npm = shutil.which("npm.cmd" if IS_WINDOWS else "npm") or shutil.which("npm")
    if not npm:
        raise LaunchError("Node.js (with npm) is required to build the console")
    return npm


def ensure_frontend() -> None:
    frontend = ROOT / "frontend"
    npm = _npm()
    deps = _digest([frontend / "package.json", frontend / "package-lock.json"])
    if _stamp_changed("npm", deps) or not (frontend / "node_modules").is_dir():
        say("installing frontend dependencies (npm ci)")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=frontend, check=True
        )
        _write_stamp("npm", deps)
    sources = [p for d in ("src", "public") for p in (frontend / d).rglob("*") if p.is_file()]
    sources += [
        frontend / n
        for n in (
            "index.html",
            "api-reference.html",
            "vite.config.ts",
            "tsconfig.json",
            "package-lock.json",
        )
    ]
    build = _digest(sources)
    if _stamp_changed("build", build) or not (frontend / "dist" / "index.html").exists():
        say("building the console")
        log = LOGS / "frontend-build.log"
        with log.open("wb") as out:
            done = subprocess.run(
                [npm, "run", "build"], cwd=frontend, stdout=out, stderr=subprocess.STDOUT
            )
        if done.returncode != 0:
            print(log.read_text(errors="replace")[-3000:])
            raise LaunchError("the console build failed (see .mtf/logs/frontend-build.log)")
        _write_stamp("build", build)


def _read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if path.exists():
        for raw in path.read_text().splitlines():
            line = raw.strip()
            if line and not line.startswith("#") and "=" in line:
                key, _, value = line.partition("=")
                values[key.strip()] = value.strip().strip('"').strip("'")
    return values


def load_env() -> None:
    """`.env` (yours, not committed), then generated local secrets; the environment wins."""
    secrets_file = STATE / "secrets.env"
    for path in (ROOT / ".env", secrets_file):
        for key, value in _read_env_file(path).items():
            os.environ.setdefault(key, value)
    missing = {
        "MTF_JWT_SECRET": lambda: secrets.token_urlsafe(48),
        "MTF_ADMIN_PASSWORD": lambda: secrets.token_urlsafe(9),
        "MTF_PII_KEY": lambda: secrets.token_urlsafe(32),
        "MTF_CIN_HASH_KEY": lambda: secrets.token_urlsafe(32),
    }
    generated = {k: make() for k, make in missing.items() if not os.environ.get(k)}
    # one Ed25519 key pair per service, made together (`mtf.kernel.service_keys`)
    for service in SERVICE_NAMES:
        if not os.environ.get(private_name(service)) and not os.environ.get(public_name(service)):
            generated.update(ServiceKeys.generate((service,)).env())
    if generated:
        say("generating local secrets in .mtf/secrets.env")
        with secrets_file.open("a") as out:
            for key, value in generated.items():
                out.write(f"{key}={value}\n")
                os.environ[key] = value
        if not IS_WINDOWS:
            secrets_file.chmod(0o600)
    os.environ.setdefault("MTF_LOG_DIR", str(LOGS))
    os.environ.setdefault("MTF_RUN_DIR", str(RUN))


def _alive(pid: int) -> bool:
    if IS_WINDOWS:
        out = subprocess.run(["tasklist", "/FI", f"PID eq {pid}"], capture_output=True, text=True)
        return str(pid) in out.stdout
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _terminate(pid: int, *, tree: bool = False) -> None:
    if IS_WINDOWS:
        subprocess.run(
            ["taskkill", "/PID", str(pid), *(["/T"] if tree else []), "/F"], capture_output=True
        )
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        pass


def stop_stack() -> None:
    """Stop what an earlier run started, by its recorded pids (never by process name)."""
    pidfile = RUN / "stack.pid"
    if pidfile.exists():
        pid = int(pidfile.read_text().strip() or 0)
        if pid and _alive(pid):
            say(f"stopping the stack started earlier (pid {pid})")
            _terminate(pid, tree=True)
            deadline = time.monotonic() + 15
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            if _alive(pid) and not IS_WINDOWS:
                os.kill(pid, signal.SIGKILL)
        pidfile.unlink(missing_ok=True)
    children = RUN / "children.json"
    if children.exists():
        # a supervisor killed hard leaves its children: stop them by their recorded pids
        for pid in json.loads(children.read_text() or "{}").values():
            if _alive(int(pid)):
                _terminate(int(pid))
        children.unlink(missing_ok=True)


def ensure_database() -> None:
    from mtf.kernel.db import ensure_database as create_database
    from mtf.kernel.embedded_pg import ensure_postgres

    configured = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost:5432/mtf")
    dsn, embedded = ensure_postgres(configured, STATE / "pgdata")
    if embedded:
        say("no PostgreSQL answered at DATABASE_URL: using the embedded server in .mtf/pgdata")
    create_database(dsn)
    os.environ["DATABASE_URL"] = dsn


def _run_step(name: str, args: list[str]) -> None:
    log = LOGS / f"{name}.log"
    with log.open("ab") as out:
        done = subprocess.run(
            [sys.executable, "-m", "mtf.cli", *args], stdout=out, stderr=subprocess.STDOUT
        )
    if done.returncode != 0:
        print(log.read_text(errors="replace")[-3000:])
        raise LaunchError(f"{name} failed (see .mtf/logs/{name}.log)")


def _start_supervisor() -> int:
    log = (LOGS / "supervisor.log").open("ab")
    kwargs: dict[str, object] = {
        "stdout": log,
        "stderr": subprocess.STDOUT,
        "stdin": subprocess.DEVNULL,
    }
    if IS_WINDOWS:
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.DETACHED_PROCESS  # type: ignore[attr-defined]
    else:
        kwargs["start_new_session"] = True
    proc = subprocess.Popen([sys.executable, "-m", "mtf.cli", "up"], **kwargs)  # type: ignore[call-overload]
    (RUN / "stack.pid").write_text(str(proc.pid))
    return int(proc.pid)


def _wait_ready(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    return False


def smoke_checks(base: str, admin_password: str) -> None:
    ready = httpx.get(f"{base}/health/ready", timeout=5)
    if ready.status_code != 200:
        raise LaunchError(
            f"smoke check: {base}/health/ready answered {ready.status_code}: {ready.text}"
        )
    token = httpx.post(
        f"{base}/api/v1/auth/token",
        json={"username": "admin", "password": admin_password},
        timeout=10,
    )
    if token.status_code != 200:
        raise LaunchError(f"smoke check: signing in as admin failed: {token.text}")
    offers = httpx.get(
        f"{base}/api/v1/offers?limit=1",
        headers={"Authorization": f"Bearer {token.json()['access_token']}"},
        timeout=5,
    )
    if offers.status_code != 200:
        raise LaunchError(f"smoke check: GET /api/v1/offers answered {offers.status_code}")
    root = httpx.get(f"{base}/", timeout=5)
    if root.status_code != 200 or '<div id="root"' not in root.text:
        raise LaunchError("smoke check: the console at / is not served")


def start() -> None:
    started = time.monotonic()
    for folder in (RUN, LOGS):
        folder.mkdir(parents=True, exist_ok=True)
    ensure_frontend()
    load_env()
    stop_stack()
    ensure_database()
    say("migrating the database")
    _run_step("migrate", ["migrate"])
    _run_step("seed", ["seed", "--demo"])
    say("starting the services, the gateway and the worker")
    _start_supervisor()
    port = os.environ.get("MTF_GATEWAY_PORT", "8000")
    from mtf.platform.stack import gateway_address

    base = f"http://{gateway_address(dict(os.environ))}:{port}"
    if not _wait_ready(f"{base}/health/ready", 90):
        raise LaunchError("the stack did not become ready in 90 s (logs in .mtf/logs)")
    smoke_checks(base, os.environ["MTF_ADMIN_PASSWORD"])
    say(f"ready in {time.monotonic() - started:.1f} s")
    print(
        f"""
  MT-Facturation is running.
    Console        {base}/
    Landing page   {base}/landing
    API docs       {base}/api/v1/docs
    Operator login admin / {os.environ["MTF_ADMIN_PASSWORD"]}
  Logs in .mtf/logs; stop with ./launch_all.sh stop (launch_all.bat stop on Windows)
""",
        flush=True,
    )


def _ensure_test_tools() -> None:
    """Chromium drives the browser tests; pdftotext reads invoices as a PDF reader would."""
    chromium = os.environ.get("MTF_CHROMIUM", "/usr/bin/chromium")
    missing = [
        package
        for package, present in (
            ("chromium", Path(chromium).exists()),
            ("poppler-utils", bool(shutil.which("pdftotext"))),
            ("faketime", bool(shutil.which("faketime"))),
        )
        if not present
    ]
    if not missing:
        return
    if not IS_WINDOWS and os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"installing Debian's {' and '.join(missing)} for the tests")
        subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *missing],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        return
    raise LaunchError(
        f"the tests need {' and '.join(missing)}: install them (Debian/Ubuntu: sudo apt-get "
        f"install {' '.join(missing)}); MTF_CHROMIUM may point at another Chromium"
    )


def test(pytest_args: list[str]) -> int:
    for folder in (RUN, LOGS):
        folder.mkdir(parents=True, exist_ok=True)
    ensure_frontend()
    load_env()
    _ensure_test_tools()
    say("running the whole test suite: lint, types, unit, integration, contract, end-to-end")
    py = sys.executable
    for step in ([py, "-m", "ruff", "check", "src", "tests", "bench"], [py, "-m", "mypy"]):
        if subprocess.run(step, cwd=ROOT).returncode != 0:
            return 1
    code = subprocess.run([py, "-m", "pytest", *pytest_args], cwd=ROOT).returncode
    if code != 0 or pytest_args or os.environ.get("MTF_TIME_TRAVEL", "1") == "0":
        return code
    return time_travel()


# Instants (UTC) at which the date-sensitive suites run again under Debian's faketime, so a
# test or rule that depends on today's date fails before its day comes: a year end (already
# the next year in Casablanca), a month end (the 1st in Casablanca) and a 29 February.
TIME_TRAVEL = ("2026-12-31 23:30:00", "2027-04-30 23:30:00", "2028-02-29 12:00:00")


TIME_TRAVEL_TIMEOUT = 20 * 60  # seconds of real time per instant (a run takes ~3 minutes)


def time_travel() -> int:
    py = sys.executable
    for instant in TIME_TRAVEL:
        say(f"time travel: unit and integration tests as if it were {instant} UTC")
        try:
            code = _travel(py, instant)
        except subprocess.TimeoutExpired:
            say(f"time travel to {instant} UTC hung for {TIME_TRAVEL_TIMEOUT} s: stopped")
            return 1
        if code != 0:
            say(f"time travel to {instant} UTC failed")
            return code
    return 0


def _travel(py: str, instant: str) -> int:
    return subprocess.run(
        [
            "faketime",
            "-f",
            f"@{instant}",
            py,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/unit",
            "tests/integration",
        ],
        cwd=ROOT,
        # Without FAKETIME_DONT_RESET every child process starts again at the instant: a
        # subprocess started minutes into the run would sign tokens already expired for
        # the servers in the parent process.
        env={**os.environ, "FAKETIME_DONT_RESET": "1"},
        # libfaketime fakes the monotonic clock too, far ahead of the kernel's: a timed
        # wait that really times out (a pool's getconn when PostgreSQL is out of
        # connections) then waits for years. FAKETIME_DONT_FAKE_MONOTONIC is no way out
        # (time.sleep fails with EINVAL), so a run that hangs is stopped and fails here.
        timeout=TIME_TRAVEL_TIMEOUT,
    ).returncode


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "start"
    try:
        if action == "start":
            start()
            return 0
        if action == "stop":
            load_env()
            stop_stack()
            say("stopped")
            return 0
        if action == "test":
            return test(argv[1:])
        if action == "status":
            port = os.environ.get("MTF_GATEWAY_PORT", "8000")
            from mtf.platform.stack import gateway_address

            address = gateway_address(dict(os.environ))
            ok = _wait_ready(f"http://{address}:{port}/health/ready", 2)
            say("running" if ok else "not running")
            return 0 if ok else 1
    except LaunchError as exc:
        print(f"[mtf] {exc}", file=sys.stderr)
        return 1
    print("usage: launch_all.sh [start|stop|test|status]", file=sys.stderr)
    return 2
