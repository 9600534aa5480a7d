#!/usr/bin/env bash
# bench/dashboard.sh: the dashboard in a browser at national scale.
#
#   bench/dashboard.sh [national|province]
#
# Builds nq57 (release, build-release/ as bench/run.sh does) and the web app,
# prints what the three whole-scope answers cost the store uncached
# (bench/scope_bench.c: CPU ms per call, the cold card's raw material),
# signs in as the read-only steering account bench/run.sh uses (every plan;
# its password drawn anew each run), starts `nq57 serve` on 127.0.0.1 with
# an empty response cache, and runs bench/dashboard.mjs: Debian's Chromium
# loads the dashboard once cold and three times warm and prints the time
# until every card is interactive. The database is bench/run.sh's cached
# one (bench/data/SCALE.db); run that first if it is missing. Opening it
# applies pending migrations (0008's indexes: a few seconds, once).
# Figures and what they mean: docs/benchmarks.md, "Dashboard".
set -euo pipefail

SCALE="${1:-national}"
case "$SCALE" in
  province|national) ;;
  *) echo "Cách dùng (usage): bench/dashboard.sh [national|province]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=build-release
NQ57="$ROOT/$BUILD/src/cli/nq57"
DB="$ROOT/bench/data/$SCALE.db"
[ -f "$DB" ] || { echo "bench: chưa có $DB (no database): chạy bench/run.sh $SCALE trước" >&2; exit 1; }
for tool in node curl sqlite3; do
  command -v "$tool" >/dev/null || { echo "bench: thiếu $tool (missing; scripts/bootstrap.sh --test)" >&2; exit 1; }
done
[ -x "${NQ57_CHROMIUM:-/usr/bin/chromium}" ] || { echo "bench: thiếu chromium (missing)" >&2; exit 1; }

[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" -Dbuildtype=release -Dtests=false >/dev/null
ninja -C "$BUILD" -j2 >/dev/null
# The store-level figure of the three answers, uncached (bench/scope_bench.c).
SCOPE_BENCH="$BUILD/bench-scope"
LIBS="$BUILD/src/store/libnqstore.a $BUILD/src/core/libnqcore.a $BUILD/src/util/libnqutil.a"
if [ ! -x "$SCOPE_BENCH" ] || [ -n "$(find bench/scope_bench.c $LIBS -newer "$SCOPE_BENCH")" ]; then
  # shellcheck disable=SC2046,SC2086
  cc -std=c17 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror -Isrc -o "$SCOPE_BENCH" bench/scope_bench.c $LIBS \
    $(pkg-config --cflags --libs sqlite3 libutf8proc jansson libsodium) -lpthread -lm
fi
(
  cd web
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    bash "$ROOT/scripts/web-deps.sh" >/dev/null
  fi
  npm run build >/dev/null 2>&1 || { echo "bench: npm run build failed" >&2; exit 1; }
)

port_free() { ! ss -ltnH "sport = :$1" | grep -q .; }
PORT="${BENCH_PORT:-$((20000 + RANDOM % 30000))}"
while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
TMP="$(mktemp -d /tmp/nq57-dash.XXXXXX)"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

LOGIN=bench-reader
PASSWORD="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
if [ "$(sqlite3 -readonly "$DB" "SELECT count(*) FROM users WHERE login = '$LOGIN'" 2>/dev/null || echo 0)" = 0 ]; then
  printf '%s\n' "$PASSWORD" | "$NQ57" user add "$LOGIN" --role steering --all-plans \
    --name "Đo hiệu năng (benchmark)" --password-stdin --db "$DB" >/dev/null
else
  printf '%s\n' "$PASSWORD" | "$NQ57" user passwd "$LOGIN" --password-stdin --db "$DB" >/dev/null
fi

# A second account makes the one write of the "after a write" load (the
# task's field through PATCH, as an official would): an aggregator of all plans.
WRITER=bench-writer
if [ "$(sqlite3 -readonly "$DB" "SELECT count(*) FROM users WHERE login = '$WRITER'" 2>/dev/null || echo 0)" = 0 ]; then
  printf '%s\n' "$PASSWORD" | "$NQ57" user add "$WRITER" --role aggregator --all-plans \
    --name "Đo hiệu năng, ghi (benchmark writer)" --password-stdin --db "$DB" >/dev/null
else
  printf '%s\n' "$PASSWORD" | "$NQ57" user passwd "$WRITER" --password-stdin --db "$DB" >/dev/null
fi
# The task it edits: one of the plan with the most tasks.
TASK="$(sqlite3 -readonly "$DB" "SELECT min(id) FROM tasks WHERE plan_id = (SELECT plan_id FROM tasks GROUP BY plan_id ORDER BY count(*) DESC LIMIT 1)")"

# Plain HTTP on the loopback: the session cookie without Secure.
# BENCH_SPLIT_CPUS=1: the server on the last core, the browser on the
# others, as when they are different machines (they share the cores else).
SERVER_CPUS=() BROWSER_CPUS=()
if [ "${BENCH_SPLIT_CPUS:-0}" = 1 ] && [ "$(nproc)" -ge 2 ]; then
  SERVER_CPUS=(taskset -c "$(( $(nproc) - 1 ))")
  BROWSER_CPUS=(taskset -c "0-$(( $(nproc) - 2 ))")
fi
"${SERVER_CPUS[@]}" "$NQ57" serve --db "$DB" --host 127.0.0.1 --port "$PORT" --web "$ROOT/web/dist" --insecure-cookies \
  >"$TMP/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/serve.log" >&2; exit 1; }
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api/health" 2>/dev/null && break
  sleep 0.2
done

TASKS="$(sqlite3 -readonly "$DB" "SELECT count(*) FROM tasks")"
PLANS="$(sqlite3 -readonly "$DB" "SELECT count(*) FROM plans")"
echo "nq57 bench dashboard: $SCALE ($PLANS plans, $TASKS tasks), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPU, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$SCOPE_BENCH" --db "$DB" --runs 5
BENCH_WRITER="$WRITER" BENCH_TASK="$TASK" \
  "${BROWSER_CPUS[@]}" node bench/dashboard.mjs "http://127.0.0.1:$PORT" "$LOGIN" "$PASSWORD" "${BENCH_WARM_RUNS:-3}"
