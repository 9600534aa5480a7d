#!/usr/bin/env bash
# bench/run.sh: the HTTP read benchmark of nq57 against an nginx ceiling.
#
#   bench/run.sh province|national
#
# Builds nq57 (release), the data generator and the store-level benchmark,
# generates the scale's data once (cached in bench/data/, regenerated when
# the generator or the schema changes), times the store calls alone, then
# starts `nq57 serve` on 127.0.0.1 and measures with wrk three reads an
# official does all day: a large plan's overview, the task list of one
# unit, and one task, first as the same URL (the response cache) and then
# spread over many plans, units, dates and tasks (cache misses), plus the
# filtered lists and the monitoring workload at the store level. It then
# serves the very same response bytes as static files from nginx (its own
# config and prefix in a temp dir) as the ceiling, and prints req/s, the
# ratio to nginx, p50/p99 latency, CPU per request and the server's peak
# RSS. Everything listens on loopback only.
#
# Environment: BENCH_DURATION (default 10s), BENCH_THREADS (2),
# BENCH_CONNECTIONS (64), BENCH_PORT (default: a free one; nginx uses BENCH_PORT+1).
# See docs/benchmarks.md for what the figures mean.
set -euo pipefail

SCALE="${1:-}"
case "$SCALE" in
  province|national) ;;
  *) echo "Cách dùng (usage): bench/run.sh province|national" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION="${BENCH_DURATION:-10s}"
THREADS="${BENCH_THREADS:-2}"
CONNS="${BENCH_CONNECTIONS:-64}"
# Other jobs on the machine may hold a port: take two free neighbours.
port_free() { ! ss -ltnH "sport = :$1" | grep -q .; }
PORT="${BENCH_PORT:-}"
if [ -z "$PORT" ]; then
  PORT=$((20000 + RANDOM % 30000))
  while ! port_free "$PORT" || ! port_free $((PORT + 1)); do PORT=$((PORT + 2)); done
fi
NGINX_PORT=$((PORT + 1))
BUILD=build-release
NQ57="$ROOT/$BUILD/src/cli/nq57"
GEN="$ROOT/$BUILD/bench-gen"
STORE_BENCH="$ROOT/$BUILD/bench-store"
MONITOR_BENCH="$ROOT/$BUILD/bench-monitor"
DATA="$ROOT/bench/data"
DB="$DATA/$SCALE.db"
TMP="$(mktemp -d /tmp/nq57-bench.XXXXXX)"
chmod 755 "$TMP"   # nginx workers may run as another user
SERVER_PID=""
NGINX_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

for tool in wrk nginx curl sqlite3 cc pkg-config; do
  command -v "$tool" >/dev/null || { echo "bench: thiếu $tool (missing; scripts/bootstrap.sh --test)" >&2; exit 1; }
done

# ---- build -------------------------------------------------------------------
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" -Dbuildtype=release -Dtests=false >/dev/null
ninja -C "$BUILD" -j2 >/dev/null
# The generator and the store-level benchmark link the release libraries,
# so keys and statuses are computed by the very code nq57 runs.
LIBS="$BUILD/src/store/libnqstore.a $BUILD/src/core/libnqcore.a $BUILD/src/util/libnqutil.a"
PKGS="sqlite3 libutf8proc jansson libsodium"
build_tool() {  # OUTPUT SOURCE [MORE-LIBS [MORE-PKGS]]
  local libs="${3:-} $LIBS"
  if [ ! -x "$1" ] || [ -n "$(find "$2" $libs -newer "$1")" ]; then
    # shellcheck disable=SC2046,SC2086
    cc -std=c17 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror -Isrc -o "$1" "$2" $libs \
      $(pkg-config --cflags --libs $PKGS ${4:-}) -lpthread -lm
  fi
}
build_tool "$GEN" bench/gen.c
build_tool "$STORE_BENCH" bench/store_bench.c
build_tool "$MONITOR_BENCH" bench/monitor_bench.c \
  "$BUILD/src/monitor/libnqmonitor.a $BUILD/src/report/libnqreport.a" "libzip libxml-2.0 xlsxwriter"

# ---- data (cached) -----------------------------------------------------------
mkdir -p "$DATA"
STAMP="$(cat bench/gen.c src/store/migrations/*.sql | sha256sum | cut -c1-16)"
if [ ! -f "$DB" ] || [ "$(cat "$DB.stamp" 2>/dev/null)" != "$STAMP" ]; then
  echo "== tạo dữ liệu $SCALE (generating; cached in $DB)"
  rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.stamp"
  # nq57 creates the database and applies its own migrations: the real schema.
  "$NQ57" check --db "$DB" >/dev/null
  "$GEN" --db "$DB" --scale "$SCALE"
  echo "$STAMP" > "$DB.stamp"
fi

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- what to ask for ---------------------------------------------------------
q() { sqlite3 -readonly "$DB" "$1"; }
# The plan whose overview has the most to count: most lead agencies, then most tasks.
PLANS_BY_SIZE="SELECT t.plan_id FROM tasks t JOIN task_units tu ON tu.task_id = t.id AND tu.role = 'lead'
               GROUP BY t.plan_id ORDER BY count(DISTINCT tu.unit_id) DESC, count(*) DESC, t.plan_id"
PLAN_ID="$(q "$PLANS_BY_SIZE LIMIT 1")"
UNIT_ID="$(q "SELECT unit_id FROM task_units GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1")"
TASK_ID="$(q "SELECT task_id FROM progress_updates WHERE task_id IN
               (SELECT id FROM tasks WHERE plan_id = $PLAN_ID) GROUP BY task_id
             ORDER BY count(*) DESC, task_id LIMIT 1")"
PLAN_TASKS="$(q "SELECT count(*) FROM tasks WHERE plan_id = $PLAN_ID")"
UNIT_TASKS="$(q "SELECT count(DISTINCT task_id) FROM task_units WHERE unit_id = $UNIT_ID")"
NAMES=(overview tasks_by_unit task)
PATHS=("/api/plans/$PLAN_ID/overview" "/api/tasks?unit=$UNIT_ID" "/api/tasks/$TASK_ID")
LABELS=("tổng quan kế hoạch $PLAN_ID ($PLAN_TASKS nhiệm vụ)"
        "nhiệm vụ của đơn vị $UNIT_ID ($UNIT_TASKS nhiệm vụ)"
        "một nhiệm vụ ($TASK_ID)")

# ---- the store alone (no HTTP), single thread ---------------------------------
STORE_RESULT="$("$STORE_BENCH" --db "$DB" --seconds 3)"
LISTS_RESULT="$("$STORE_BENCH" --db "$DB" --seconds 2 --only lists | tail -n +2 | grep -v -e '^tasks_by_unit' -e '^memory')"
# The monitoring workload (adds a quarter of unit reports the first time).
MONITOR_RESULT="$("$MONITOR_BENCH" --db "$DB" --runs 3)"

# ---- nq57 ---------------------------------------------------------------------
# The API needs a login: a read-only account (steering, every plan) whose
# password is drawn anew each run; requests carry its session cookie.
BENCH_LOGIN=bench-reader
BENCH_PASSWORD="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
if [ "$(q "SELECT count(*) FROM users WHERE login = '$BENCH_LOGIN'")" = 0 ]; then
  printf '%s\n' "$BENCH_PASSWORD" | "$NQ57" user add "$BENCH_LOGIN" --role steering --all-plans \
    --name "Đo hiệu năng (benchmark)" --password-stdin --db "$DB" >/dev/null
else
  printf '%s\n' "$BENCH_PASSWORD" | "$NQ57" user passwd "$BENCH_LOGIN" --password-stdin --db "$DB" >/dev/null
fi
"$NQ57" serve --db "$DB" --host 127.0.0.1 --port "$PORT" >"$TMP/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/serve.log" >&2; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT${PATHS[2]}")" != 000 ] && break
  sleep 0.2
done
sleep 0.2
kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/serve.log" >&2; exit 1; }
SESSION="$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"login\":\"$BENCH_LOGIN\",\"password\":\"$BENCH_PASSWORD\"}" \
  "http://127.0.0.1:$PORT/api/auth/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(nq57_session=[^;]*\).*/\1/p')"
[ -n "$SESSION" ] || { echo "bench: đăng nhập thất bại (login failed)" >&2; exit 1; }
# Sent to nginx too, so both servers read the same requests.
AUTH=(-H "Cookie: $SESSION")
RSS_START="$(awk '/VmRSS/ {print $2}' /proc/$SERVER_PID/status)"

# The exact bytes nginx will serve.
mkdir -p "$TMP/www"
for i in 0 1 2; do
  code="$(curl -s "${AUTH[@]}" -o "$TMP/www/${NAMES[$i]}" -w '%{http_code}' "http://127.0.0.1:$PORT${PATHS[$i]}")"
  [ "$code" = 200 ] || { echo "bench: ${PATHS[$i]} -> HTTP $code" >&2; cat "$TMP/www/${NAMES[$i]}" >&2; exit 1; }
done
chmod -R a+rX "$TMP/www"

# Latency figures come as 812.00us, 1.23ms or 1.02s; print milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.2f", n }'
}
# measure NAME URL [LUA] -> "req/s p50 p99 errors"
# CPU time (user + system, clock ticks) a process has used so far.
cpu_ticks() {  # PID...
  local p t=0
  for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo "$t"
}

# measure NAME URL [LUA] [PIDS] -> "req/s p50 p99 errors cpu-ms-per-request"
# The server's CPU per request (when its PIDs are given) depends far less on
# what else runs on the machine than req/s and latency do.
measure() {
  local out="$TMP/wrk-$1.txt" script=() pid="${4:-}" t0=0 t1=0
  [ -n "${3:-}" ] && script=(-s "$3")
  wrk -t"$THREADS" -c"$CONNS" -d2s "${AUTH[@]}" "${script[@]}" "$2" >/dev/null      # warm-up
  # shellcheck disable=SC2086
  [ -n "$pid" ] && t0="$(cpu_ticks $pid)"
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "${AUTH[@]}" "${script[@]}" "$2" >"$out"
  # shellcheck disable=SC2086
  [ -n "$pid" ] && t1="$(cpu_ticks $pid)"
  local rps p50 p99 errs n cpu
  rps="$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$out")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
  errs="$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$out")"
  n="$(awk '/requests in/ {print $1}' "$out")"
  cpu="$(awk -v d=$((t1 - t0)) -v n="$n" -v hz="$(getconf CLK_TCK)" \
         'BEGIN { printf "%.3f", (n > 0 ? d * 1000 / hz / n : 0) }')"
  echo "$rps $p50 $p99 $errs $cpu"
}

# Peak memory of the server, sampled: VmHWM counts the database pages that
# SQLite maps (shared, reclaimable page cache) once per connection, so the
# private part (RssAnon) is watched separately.
watch_rss() {  # PID OUTFILE
  local peak_anon=0 peak_file=0 a f
  while [ -r "/proc/$1/status" ]; do
    a="$(awk '/RssAnon/ {print $2}' "/proc/$1/status" 2>/dev/null)" || break
    f="$(awk '/RssFile/ {print $2}' "/proc/$1/status" 2>/dev/null)" || break
    [ -n "$a" ] && [ "$a" -gt "$peak_anon" ] && peak_anon=$a
    [ -n "$f" ] && [ "$f" -gt "$peak_file" ] && peak_file=$f
    echo "$peak_anon $peak_file" >"$2"
    sleep 0.5
  done
}

# The same URL again and again measures nq57's response cache. The varied
# runs defeat it so that the figures are those of the queries themselves:
# a random plan or unit asked at a random date of the last two years (the
# overview and list "at a date" that leaders use for past months), or a
# random task among all of them.
# SQL gives the ids to draw from, or "min|max" of a range without gaps (a
# Lua chunk cannot hold 500,000 constants).
varied_script() {  # NAME SQL PREFIX [SUFFIX-BEFORE-DATE]
  local ids
  ids="$(q "$2" | paste -sd, -)"
  {
    case "$ids" in
      *"|"*) echo "local lo, hi = ${ids%%|*}, ${ids##*|}"
             echo "local function pick() return math.random(lo, hi) end" ;;
      *) echo "local ids = {$ids}"
         echo "local function pick() return ids[math.random(#ids)] end" ;;
    esac
    cat <<EOF
local now = os.time()
function init(args) math.randomseed(now + tonumber(tostring({}):match("0x(%x+)") or "1", 16)) end
function request()
  local path = "$3" .. pick()
  if "${4:-}" ~= "" then
    path = path .. "${4:-}" .. os.date("!%Y-%m-%d", now - math.random(0, 730) * 86400)
  end
  return wrk.format("GET", path)
end
EOF
  } >"$TMP/$1.lua"
  echo "$TMP/$1.lua"
}
VARIED=(
  "$(varied_script overview "$PLANS_BY_SIZE LIMIT 500" /api/plans/ /overview?date=)"
  "$(varied_script tasks_by_unit \
     "SELECT unit_id FROM task_units GROUP BY unit_id ORDER BY count(*) DESC LIMIT 2000" \
     '/api/tasks?unit=' '&date=')"
  "$(varied_script task "SELECT min(id), max(id) FROM tasks" /api/tasks/)"
)
declare -a NQ NG NV
watch_rss "$SERVER_PID" "$TMP/rss" &
for i in 0 1 2; do
  NQ[$i]="$(measure "nq57-${NAMES[$i]}" "http://127.0.0.1:$PORT${PATHS[$i]}" "" "$SERVER_PID")"
  NV[$i]="$(measure "nq57-varied-${NAMES[$i]}" "http://127.0.0.1:$PORT" "${VARIED[$i]}" "$SERVER_PID")"
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    wait "$SERVER_PID"; status=$?
    SERVER_PID=""
    echo "bench: nq57 serve died (exit status $status) during ${PATHS[$i]}; its log ends with:" >&2
    grep -v '^GET ' "$TMP/serve.log" | tail -20 >&2
    exit 1
  fi
done
RSS_PEAK="$(awk '/VmHWM/ {print $2}' /proc/$SERVER_PID/status)"
read -r ANON_PEAK FILE_PEAK <"$TMP/rss"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

# ---- nginx with the same bytes --------------------------------------------------
mkdir -p "$TMP/nginx/logs"
{
  [ "$(id -u)" = 0 ] && echo "user root;"
  cat <<EOF
worker_processes 2;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/json;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = ${PATHS[0]} { alias $TMP/www/${NAMES[0]}; }
    location = /api/tasks { alias $TMP/www/${NAMES[1]}; }
    location = ${PATHS[2]} { alias $TMP/www/${NAMES[2]}; }
  }
}
EOF
} >"$TMP/nginx/nginx.conf"
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" &
NGINX_PID=$!
for _ in $(seq 1 50); do
  curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT${PATHS[2]}" && break
  sleep 0.1
done
for i in 0 1 2; do
  cmp -s <(curl -s "http://127.0.0.1:$NGINX_PORT${PATHS[$i]}") "$TMP/www/${NAMES[$i]}" \
    || { echo "bench: nginx does not serve ${PATHS[$i]}" >&2; exit 1; }
  NG[$i]="$(measure "nginx-${NAMES[$i]}" "http://127.0.0.1:$NGINX_PORT${PATHS[$i]}" "" \
             "$NGINX_PID $(pgrep -P "$NGINX_PID" | paste -sd' ' -)")"
done
kill "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=""

# ---- report ---------------------------------------------------------------------
REPORT="$DATA/result-$SCALE.txt"
{
  echo "nq57 bench: $SCALE, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPU ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), commit $(git rev-parse --short HEAD)"
  echo "wrk -t$THREADS -c$CONNS -d$DURATION --latency on 127.0.0.1; nginx = same bytes as static files"
  echo "load average (1/5/15 min) before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs share the cores)"
  echo "database $(du -h "$DB" | cut -f1): $(q "SELECT count(*) FROM tasks") tasks, $(q "SELECT count(*) FROM progress_updates") updates"
  echo
  echo "same URL (served from nq57's response cache after the first request) vs nginx:"
  printf '%-14s %8s %7s %8s %8s %6s %7s %8s %6s %8s %7s %6s  %s\n' endpoint "nq57/s" bytes \
    "p50 ms" "p99 ms" errors "cpu ms" "nginx/s" ratio "ng p99" "ng cpu" "cpu r" "what"
  for i in 0 1 2; do
    read -r rps p50 p99 errs cpu <<<"${NQ[$i]}"
    read -r nrps _ np99 _ ncpu <<<"${NG[$i]}"
    ratio="$(awk -v a="$rps" -v b="$nrps" 'BEGIN { printf "%.0f%%", (b > 0 ? 100 * a / b : 0) }')"
    cratio="$(awk -v a="$cpu" -v b="$ncpu" 'BEGIN { printf "%.0f%%", (a > 0 ? 100 * b / a : 0) }')"
    printf '%-14s %8s %7s %8s %8s %6s %7s %8s %6s %8s %7s %6s  %s\n' "${NAMES[$i]}" "$rps" \
      "$(stat -c %s "$TMP/www/${NAMES[$i]}")" "$p50" "$p99" "$errs" "$cpu" "$nrps" "$ratio" \
      "$np99" "$ncpu" "$cratio" "${LABELS[$i]}"
  done
  echo "(cpu r: nginx CPU per request / nq57 CPU per request = nq57's capacity as a share of"
  echo " nginx's on dedicated cores; ratio: the same from req/s measured on the shared machine)"
  echo
  echo "varied URLs, mostly cache misses (plan among the 500 largest and unit among the 2000"
  echo "busiest, each at a random date of the last two years; task among all):"
  printf '%-14s %8s %8s %8s %6s %7s\n' endpoint "nq57/s" "p50 ms" "p99 ms" errors "cpu ms"
  for i in 0 1 2; do
    read -r rps p50 p99 errs cpu <<<"${NV[$i]}"
    printf '%-14s %8s %8s %8s %6s %7s\n' "${NAMES[$i]}" "$rps" "$p50" "$p99" "$errs" "$cpu"
  done
  echo "(cpu ms: the server's user+system CPU time per request during the run)"
  echo
  echo "the store alone (bench/store_bench.c: store call + json_dumps, one thread, no HTTP):"
  echo "$STORE_RESULT"
  echo "$LISTS_RESULT"
  echo "(tasks_overdue: the country's overdue tasks at a date; tasks_q: a text search across the"
  echo " country; tasks_unit_st: a busy unit's tasks in progress; first page of 50 plus the total)"
  echo
  echo "monitoring (bench/monitor_bench.c: a province's quarter roll-up and DOCX, scorecards of"
  echo "every unit; targets 200 ms, 1 s, 2 s):"
  echo "$MONITOR_RESULT"
  echo
  echo "nq57 RSS: $((RSS_START / 1024)) MB after start, peak (VmHWM) $((RSS_PEAK / 1024)) MB;"
  echo "  sampled peaks: private (RssAnon) $((ANON_PEAK / 1024)) MB, mapped database pages (RssFile) $((FILE_PEAK / 1024)) MB"
  echo "targets: overview and list p99 <= 50 ms, >= 50% of nginx req/s, peak RSS <= 200 MB"
} | tee "$REPORT"
