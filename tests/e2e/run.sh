#!/usr/bin/env bash
# tests/e2e/run.sh BUILD_DIR: the web end-to-end suite. Builds the web app
# (npm ci when needed, npm run build with its bundle budget), starts
# BUILD_DIR's nq57 serve on a temporary database and a free port with the
# built app, drives Debian's Chromium through playwright-core against it,
# stops the server, and ends with exactly "e2e: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${1:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
BIN="$BUILD/src/cli/nq57"
TMP=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

fail_all() {
  echo "e2e: $1"
  echo "e2e: 0 passed, 1 failed"
  exit 1
}

# 1. The web app: dependencies only when the lock file changed.
cd web
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  bash "$ROOT/scripts/web-deps.sh" || fail_all "npm dependencies failed"
fi
npm run build 2>&1 | tee "$TMP/build.log" || fail_all "npm run build failed"
grep -q '^bundle: ' "$TMP/build.log" || fail_all "web build printed no bundle figure"
cd "$ROOT"

# 2. The server on a fresh database (serve loads the seed plans as demo data).
[ -x "$BIN" ] || fail_all "no binary at $BIN (build first)"
# Session cookies are Secure; the test server speaks plain HTTP on the
# loopback, which is what --insecure-cookies exists for (when it does).
SERVE_EXTRA=()
if "$BIN" serve --help 2>&1 | grep -q -- '--insecure-cookies'; then SERVE_EXTRA+=(--insecure-cookies); fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --db "$TMP/e2e.db" --host 127.0.0.1 --port "$PORT" --web "$ROOT/web/dist" "${SERVE_EXTRA[@]}" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
up=""
for _ in $(seq 1 150); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
  if curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1; then up=1; break; fi
  sleep 0.2
done
if [ -z "$up" ]; then
  echo "--- server log"
  cat "$TMP/server.log"
  SERVER_PID=""
  fail_all "nq57 serve did not answer /api/health"
fi

# 3. With logins on, one account per role the tests act as (created through
#    the CLI while the server runs, as an administrator would).
USERS='{}'
me_status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/auth/me")
if [ "$me_status" = 200 ] || [ "$me_status" = 401 ]; then
  PW="e2e-Mat-khau-$(date +%s)-$RANDOM-du-dai"
  UNIT="Sở Khoa học và Công nghệ"
  add_user() { # login role [extra args...]
    local login=$1 role=$2; shift 2
    printf '%s\n' "$PW" | "$BIN" user add "$login" --role "$role" --name "Kiểm thử $role" --db "$TMP/e2e.db" --password-stdin "$@" \
      >>"$TMP/users.log" 2>&1 || { cat "$TMP/users.log"; fail_all "cannot create e2e user $login"; }
  }
  add_user e2e-admin admin
  add_user e2e-aggregator aggregator --all-plans
  add_user e2e-officer officer --unit "$UNIT"
  add_user e2e-head head --unit "$UNIT"
  USERS=$(python3 -c 'import json,sys; pw=sys.argv[1]; print(json.dumps({r: {"login": "e2e-"+r, "password": pw} for r in ["admin","aggregator","officer","head"]}))' "$PW")
fi

# 4. The browser tests.
NQ57_E2E_USERS="$USERS" NQ57_E2E_URL="http://127.0.0.1:$PORT" NQ57_E2E_BUILD_LOG="$TMP/build.log" \
  NQ57_E2E_BIN="$BIN" NQ57_E2E_DB="$TMP/e2e.db" \
  node tests/e2e/runner.mjs
rc=$?
if [ $rc -gt 1 ]; then
  echo "--- server log (tail)"
  tail -40 "$TMP/server.log"
  echo "e2e: 0 passed, 1 failed"
fi
exit $rc
