#!/usr/bin/env bash
# The whole test suite: lint, type check, tests.
#
# Integration tests need a real PostgreSQL and Redis. If DATABASE_URL / REDIS_URL are not
# set, this script starts throw-away servers (PostgreSQL from its server binaries with
# initdb/pg_ctl, Redis from redis-server) on free loopback ports and removes them after.
# Without the binaries it says which tests it did not run and why; with CI=true a missing
# server is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export CIVIC_ENV=test
ARTIFACTS=${ARTIFACTS:-test-artifacts}
mkdir -p "$ARTIFACTS"

if [ "${SKIP_STATIC_CHECKS:-}" != 1 ]; then
  echo "== ruff"
  $BIN/ruff check .
  echo "== mypy"
  $BIN/mypy .
  echo "== bandit"
  $BIN/bandit -q -c pyproject.toml -r civic participation budgeting
  echo "== translations"
  $BIN/python scripts/check_messages.py
fi

tmp=$(mktemp -d /tmp/civic-test.XXXXXX)
chmod 755 "$tmp"
pids=()
pg_data=""
cleanup() {
  if [ -n "$pg_data" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { $BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

deselect=()
missing=()
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "${DATABASE_URL:-}" ]; then
  if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && { [ "$(id -u)" != 0 ] || id postgres >/dev/null 2>&1; }; then
    pg_data="$tmp/pg"
    port=$(free_port)
    mkdir -p "$pg_data" && [ "$(id -u)" = 0 ] && chown postgres "$tmp" "$pg_data"
    as_pg "$PG_BIN/initdb" -D "$pg_data" -U civic --auth=trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1
    as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -l "$tmp/pg.log" -w -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    export DATABASE_URL="postgres://civic@127.0.0.1:$port/civic"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U civic civic
    echo "== PostgreSQL: throw-away cluster on 127.0.0.1:$port"
  else
    missing+=("PostgreSQL (no server binaries under /usr/lib/postgresql and no DATABASE_URL)")
    deselect+=("not postgres")
  fi
fi
if [ -z "${REDIS_URL:-}" ]; then
  if command -v redis-server >/dev/null 2>&1; then
    port=$(free_port)
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" >"$tmp/redis.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
    export REDIS_URL="redis://127.0.0.1:$port/0"
    echo "== Redis: throw-away server on 127.0.0.1:$port"
  else
    missing+=("Redis (no redis-server and no REDIS_URL)")
    deselect+=("not redis")
  fi
fi
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  missing+=("Chromium ($CHROMIUM: install Debian's chromium package) for the browser tests")
  deselect+=("not browser")
elif [ ! -f node_modules/axe-core/axe.min.js ]; then
  missing+=("axe-core (node_modules/axe-core: needs npm) for the browser tests")
  deselect+=("not browser")
fi
# The test settings keep Celery eager unless a test starts a real worker.
export CELERY_TASK_ALWAYS_EAGER=true

marker=""
if [ ${#missing[@]} -gt 0 ]; then
  if [ "${CI:-}" = "true" ]; then
    printf 'CI needs real servers, missing: %s\n' "${missing[@]}" >&2
    exit 1
  fi
  echo "== NOT RUN: integration tests that need these servers:"
  printf '   - %s\n' "${missing[@]}"
  echo "   (install them, or set DATABASE_URL / REDIS_URL, to run these tests)"
  marker="${deselect[0]}"; for m in "${deselect[@]:1}"; do marker="$marker and $m"; done
fi

echo "== pytest"
if [ -n "$marker" ]; then
  $BIN/python -m pytest -m "$marker" "$@"
else
  $BIN/python -m pytest "$@"
fi
