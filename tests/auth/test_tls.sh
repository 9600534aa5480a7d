#!/usr/bin/env bash
# test_tls.sh: HTTPS. (1) `nq57 serve --cert --key` with a self-signed
# certificate made here by openssl: the API answers over TLS 1.2+/1.3 with
# the security headers, a login cookie is Secure, plain HTTP and TLS 1.1 are
# refused. (2) deploy/nginx.conf in front of nq57: nginx -t accepts it, and a
# login through the proxy works, with nq57 seeing the client via X-Real-IP.
set -euo pipefail
NQ57=${NQ57:-$NQ57_BUILD_ROOT/src/cli/nq57}
SRC=${NQ57_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$(mktemp -d /tmp/nq57-tls-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$dir"/*.log; do echo "== $f" >&2; tail -20 "$f" >&2; done; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
db="$dir/t.db"
printf 'mật khẩu kiểm thử TLS\n' | "$NQ57" user add tls.admin --role admin --password-stdin --db "$db" >/dev/null

# serve prints "đang phục vụ https://127.0.0.1:PORT/"; wait for it.
start_serve() { # log, args...
  local log=$1; shift
  "$NQ57" serve --db "$db" --port 0 --threads 2 "$@" 2>"$log" &
  pids+=($!)
  for _ in $(seq 200); do
    port=$(grep -o 'http[s]*://127.0.0.1:[0-9]*' "$log" | head -1 | sed 's/.*://') || true
    [[ -n ${port:-} ]] && return 0
    sleep 0.1
  done
  fail "serve did not start"
}

# ---- misuse is refused before anything starts
if "$NQ57" serve --db "$db" --cert "$dir/cert.pem" 2>/dev/null; then fail "--cert without --key"; fi
if "$NQ57" serve --db "$db" --host 0.0.0.0 --insecure-cookies 2>/dev/null; then
  fail "--insecure-cookies on a public address"
fi
if "$NQ57" serve --db "$db" --cert "$dir/t.db" --key "$dir/key.pem" 2>/dev/null; then
  fail "a non-PEM certificate"
fi

# ---- (1) direct TLS
start_serve "$dir/tls.log" --cert "$dir/cert.pem" --key "$dir/key.pem"
grep -q "https://127.0.0.1:$port/" "$dir/tls.log" || fail "no https URL in the startup line"
url="https://127.0.0.1:$port"
curl -sS --cacert "$dir/cert.pem" -D "$dir/h1" -o "$dir/b1" "$url/api/health" || fail "https GET"
grep -q '^HTTP/1.1 200' "$dir/h1" || fail "health over TLS: $(head -1 "$dir/h1")"
grep -qi '^strict-transport-security: max-age=' "$dir/h1" || fail "no HSTS"
grep -qi "^content-security-policy: .*frame-ancestors 'none'" "$dir/h1" || fail "no CSP"
curl -sS --cacert "$dir/cert.pem" --tlsv1.3 -o /dev/null "$url/api/health" || fail "TLS 1.3"
if curl -sS --cacert "$dir/cert.pem" --tlsv1.1 --tls-max 1.1 -o /dev/null "$url/api/health" 2>/dev/null; then
  fail "TLS 1.1 accepted"
fi
if curl -sS -m 5 -o /dev/null "http://127.0.0.1:$port/api/health" 2>/dev/null; then
  fail "plain HTTP answered on the TLS port"
fi
curl -sS --cacert "$dir/cert.pem" -D "$dir/h2" -o "$dir/b2" -H 'Content-Type: application/json' \
  --data '{"login":"tls.admin","password":"mật khẩu kiểm thử TLS"}' "$url/api/auth/login"
grep -q '^HTTP/1.1 200' "$dir/h2" || fail "login over TLS: $(cat "$dir/b2")"
grep -i '^set-cookie: nq57_session=' "$dir/h2" | grep -q 'HttpOnly; Secure; SameSite=Strict' \
  || fail "session cookie attributes: $(grep -i set-cookie "$dir/h2")"
cookie=$(grep -i '^set-cookie: nq57_session=' "$dir/h2" | sed 's/^[^:]*: //; s/;.*//')
curl -sS --cacert "$dir/cert.pem" -H "Cookie: $cookie" -o "$dir/b3" -w '%{http_code}' \
  "$url/api/auth/me" | grep -qx 200 || fail "me over TLS"
kill "${pids[-1]}"; wait "${pids[-1]}" || fail "serve did not stop cleanly"

# ---- (2) nginx in front, as deploy/nginx.conf describes
command -v nginx >/dev/null || { echo "ok: TLS (nginx not installed, proxy part skipped)"; exit 0; }
start_serve "$dir/plain.log" --trust-proxy
app_port=$port
https_port=$((20000 + RANDOM % 20000)); http_port=$((https_port + 1))
mkdir -p "$dir/nginx/logs"
sed -e "s#127.0.0.1:8057#127.0.0.1:$app_port#" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$https_port ssl http2;#" \
    -e "s#listen \[::\]:443 ssl http2;##" \
    -e "s#listen 80;#listen 127.0.0.1:$http_port;#" \
    -e "s#listen \[::\]:80;##" \
    -e "s#/etc/ssl/nq57/fullchain.pem#$dir/cert.pem#" \
    -e "s#/etc/ssl/nq57/privkey.pem#$dir/key.pem#" \
    "$SRC/deploy/nginx.conf" >"$dir/nginx/site.conf"
cat >"$dir/nginx/nginx.conf" <<NGX
pid $dir/nginx/nginx.pid;
error_log $dir/nginx.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  include $dir/nginx/site.conf;
}
NGX
nginx -t -p "$dir/nginx" -c "$dir/nginx/nginx.conf" 2>"$dir/nginx-t.log" || fail "nginx -t: $(cat "$dir/nginx-t.log")"
nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -g 'daemon off;' 2>>"$dir/nginx.log" &
pids+=($!)
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$http_port/" && break; sleep 0.1; done
curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/api/health" \
  | grep -q '^301 https://' || fail "plain HTTP does not redirect to HTTPS"
purl="https://localhost:$https_port"
curl -sS --cacert "$dir/cert.pem" --resolve "localhost:$https_port:127.0.0.1" -D "$dir/h4" \
  -o "$dir/b4" -H 'Content-Type: application/json' -H "Origin: $purl" \
  --data '{"login":"tls.admin","password":"mật khẩu kiểm thử TLS"}' "$purl/api/auth/login"
grep -q '^HTTP/[12].* 200' "$dir/h4" || fail "login through nginx: $(head -1 "$dir/h4") $(cat "$dir/b4")"
grep -qi '^strict-transport-security' "$dir/h4" || fail "headers lost through nginx"
# nq57 recorded the client's address from X-Real-IP (127.0.0.1 here, but via
# the header: the login attempt log holds what the proxy sent)
[[ $(sqlite3 "$db" "SELECT count(*) FROM login_attempts WHERE origin='127.0.0.1' AND success=1") -ge 1 ]] \
  || fail "login attempt not recorded with the client address"
echo "ok: TLS direct and behind nginx"
