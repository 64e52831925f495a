#!/usr/bin/env bash
# MT-Facturation one-shot launcher.
#   ./launch_all.sh          install what is missing, start everything, print URL and login
#   ./launch_all.sh test     run every test (unit, integration, contract, end-to-end)
#   ./launch_all.sh stop     stop what an earlier run started (by recorded pid)
#   ./launch_all.sh status   show whether the stack answers
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
STATE="$ROOT/.mtf"
RUN="$STATE/run"
LOGS="$STATE/logs"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
mkdir -p "$RUN" "$LOGS"

say() { printf '\033[1;34m[mtf]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[mtf] %s\033[0m\n' "$*" >&2; exit 1; }

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

stamp_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

ensure_python_env() {
  local base
  base="$(find_python)" || die "Python 3.11 or newer is required (python3 --version)."
  if [ ! -x "$PY" ]; then
    say "creating the virtual environment in .venv"
    "$base" -m venv "$VENV"
  fi
  local want have
  want="$(stamp_of pyproject.toml)"
  have="$(cat "$STATE/pip.stamp" 2>/dev/null || true)"
  if [ "$want" != "$have" ] || ! "$PY" -c 'import mtf, litestar, eventsourcing' 2>/dev/null; then
    say "installing Python dependencies"
    "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
    "$PY" -m pip install --quiet --disable-pip-version-check -e '.[dev]'
    echo "$want" > "$STATE/pip.stamp"
  fi
}

ensure_frontend() {
  command -v npm >/dev/null 2>&1 || die "Node.js (with npm) is required to build the console."
  local want have
  want="$(stamp_of frontend/package.json frontend/package-lock.json)"
  have="$(cat "$STATE/npm.stamp" 2>/dev/null || true)"
  if [ "$want" != "$have" ] || [ ! -d frontend/node_modules ]; then
    say "installing frontend dependencies (npm ci)"
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$STATE/npm.stamp"
  fi
  want="$(cd frontend && find src public index.html vite.config.ts tsconfig.json package-lock.json -type f 2>/dev/null | sort | xargs cat | sha256sum | cut -c1-16)"
  have="$(cat "$STATE/build.stamp" 2>/dev/null || true)"
  if [ "$want" != "$have" ] || [ ! -f frontend/dist/index.html ]; then
    say "building the console"
    (cd frontend && npm run build --silent >"$LOGS/frontend-build.log" 2>&1) ||
      { tail -30 "$LOGS/frontend-build.log"; die "frontend build failed (see .mtf/logs/frontend-build.log)"; }
    echo "$want" > "$STATE/build.stamp"
  fi
}

load_env() {
  # .env (yours, not committed) then generated local secrets; the environment wins over both
  local file line key
  for file in "$ROOT/.env" "$STATE/secrets.env"; do
    [ -f "$file" ] || continue
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in ''|\#*) continue ;; esac
      key="${line%%=*}"
      [ -n "${!key+x}" ] || export "$line"
    done < "$file"
  done
  if [ -z "${MTF_JWT_SECRET:-}" ] || [ -z "${MTF_SERVICE_SECRET:-}" ] || [ -z "${MTF_ADMIN_PASSWORD:-}" ]; then
    say "generating local secrets in .mtf/secrets.env"
    {
      [ -n "${MTF_JWT_SECRET:-}" ] || echo "MTF_JWT_SECRET=$("$PY" -c 'import secrets;print(secrets.token_urlsafe(48))')"
      [ -n "${MTF_SERVICE_SECRET:-}" ] || echo "MTF_SERVICE_SECRET=$("$PY" -c 'import secrets;print(secrets.token_urlsafe(48))')"
      [ -n "${MTF_ADMIN_PASSWORD:-}" ] || echo "MTF_ADMIN_PASSWORD=$("$PY" -c 'import secrets;print(secrets.token_urlsafe(9))')"
    } >> "$STATE/secrets.env"
    chmod 600 "$STATE/secrets.env"
    load_env
  fi
  export MTF_LOG_DIR="$LOGS" MTF_RUN_DIR="$RUN"
}

stop_stack() {
  local pidfile="$RUN/stack.pid" pid
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      say "stopping the stack started earlier (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  fi
  if [ -f "$RUN/children.json" ]; then
    # children of a supervisor that was killed hard: stop them by their recorded pids
    for pid in $("$PY" -c 'import json,sys;print(" ".join(str(p) for p in json.load(open(sys.argv[1])).values()))' "$RUN/children.json" 2>/dev/null); do
      kill -TERM "$pid" 2>/dev/null || true
    done
    rm -f "$RUN/children.json"
  fi
}

ensure_database() {
  local out
  out="$("$PY" -m mtf.cli db)" || die "no PostgreSQL server could be reached or started"
  DATABASE_URL="$("$PY" -c 'import json,sys;print(json.loads(sys.argv[1])["database_url"])' "$out")"
  export DATABASE_URL
  if "$PY" -c 'import json,sys;sys.exit(0 if json.loads(sys.argv[1])["embedded"] else 1)' "$out"; then
    say "no PostgreSQL answered at the configured address: using the embedded server (.mtf/pgdata)"
  fi
}

wait_ready() {
  local url="$1" deadline=$((SECONDS + ${2:-60}))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.3
  done
}

smoke_checks() {
  local base="$1" token
  curl -fsS "$base/health/ready" >/dev/null || die "smoke check failed: $base/health/ready"
  token="$(curl -fsS -X POST "$base/api/v1/auth/token" -H 'content-type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$MTF_ADMIN_PASSWORD\"}" |
    "$PY" -c 'import json,sys;print(json.load(sys.stdin)["access_token"])')" ||
    die "smoke check failed: cannot sign in as admin"
  curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/offers?limit=1" >/dev/null ||
    die "smoke check failed: authenticated GET /api/v1/offers"
  curl -fsS "$base/" | grep -q '<div id="root"' || die "smoke check failed: the console at $base/"
}

start() {
  local started=$SECONDS
  ensure_python_env
  ensure_frontend
  load_env
  stop_stack
  ensure_database
  say "migrating the database"
  "$PY" -m mtf.cli migrate >>"$LOGS/migrate.log" 2>&1 || { tail -20 "$LOGS/migrate.log"; die "migrations failed"; }
  "$PY" -m mtf.cli seed --demo >>"$LOGS/seed.log" 2>&1 || { tail -20 "$LOGS/seed.log"; die "seeding failed"; }
  say "starting the services, the gateway and the worker"
  nohup "$PY" -m mtf.cli up >>"$LOGS/supervisor.log" 2>&1 &
  echo $! > "$RUN/stack.pid"
  local port="${MTF_GATEWAY_PORT:-8000}" base
  base="http://localhost:$port"
  wait_ready "$base/health/ready" 90 || { tail -20 "$LOGS"/*.log; die "the stack did not become ready (logs in .mtf/logs)"; }
  smoke_checks "$base"
  say "ready in $((SECONDS - started)) s"
  cat <<MSG

  MT-Facturation is running.
    Console        $base/
    Landing page   $base/landing
    API docs       $base/api/v1/docs
    Operator login admin / $MTF_ADMIN_PASSWORD
  Logs in .mtf/logs, stop with ./launch_all.sh stop

MSG
}

run_tests() {
  ensure_python_env
  ensure_frontend
  load_env
  if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      say "installing Debian's chromium for the browser tests"
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      die "the end-to-end tests need Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) or set MTF_CHROMIUM"
    fi
  fi
  say "running the whole test suite"
  "$PY" -m ruff check src tests bench
  "$PY" -m mypy
  "$PY" -m pytest "$@"
}

case "${1:-start}" in
  start|"") start ;;
  stop) load_env 2>/dev/null || true; stop_stack; say "stopped" ;;
  test) shift; run_tests "$@" ;;
  status) curl -fsS "http://localhost:${MTF_GATEWAY_PORT:-8000}/health/ready" && echo ;;
  *) die "usage: ./launch_all.sh [start|stop|test|status]" ;;
esac
