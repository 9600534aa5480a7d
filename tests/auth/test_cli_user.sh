#!/usr/bin/env bash
# test_cli_user.sh: `nq57 user` end to end on a temp database: the first
# administrator from stdin, role rules, list, passwd, disable/enable, and
# that passwords are refused on the command line and never stored in clear.
set -euo pipefail
NQ57=${NQ57:-$NQ57_BUILD_ROOT/src/cli/nq57}
dir=$(mktemp -d /tmp/nq57-cliuser-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db="$dir/t.db"
fail() { echo "FAIL: $*" >&2; exit 1; }

# --help works and names the roles
"$NQ57" user --help | grep -q "aggregator" || fail "help lacks roles"

# a password on argv is refused before anything happens
if "$NQ57" user add boss --role admin --password=secret123456 --db "$db" 2>"$dir/err"; then
  fail "accepted --password on the command line"
fi
grep -q "password-stdin" "$dir/err" || fail "no hint towards --password-stdin"

# without a terminal and without --password-stdin: a clear error
# (setsid: no controlling terminal even when the test runs interactively)
if setsid -w "$NQ57" user add boss --role admin --db "$db" </dev/null 2>"$dir/err" >/dev/null; then
  fail "created an account without a password"
fi
grep -q "password-stdin" "$dir/err" || fail "no hint without a terminal: $(cat "$dir/err")"

printf 'mật khẩu quản trị\n' | "$NQ57" user add Boss --role admin --name "Quản trị viên" \
  --password-stdin --db "$db" >"$dir/out" || fail "first admin"
grep -q "boss" "$dir/out" || fail "login not normalised: $(cat "$dir/out")"

# role rules: officer needs a unit; a known agency name works
if printf 'mật khẩu cán bộ 1\n' | "$NQ57" user add canbo --role officer --password-stdin \
     --db "$db" 2>"$dir/err"; then fail "officer without unit accepted"; fi
grep -q -- "--unit" "$dir/err" || fail "no --unit hint"
if printf 'ngắn\n' | "$NQ57" user add x.y --role admin --password-stdin --db "$db" 2>/dev/null; then
  fail "short password accepted"
fi
if printf 'mật khẩu quản trị\n' | "$NQ57" user add boss --role admin --password-stdin --db "$db" 2>/dev/null; then
  fail "duplicate login accepted"
fi

"$NQ57" user list --db "$db" >"$dir/list"
grep -q "boss" "$dir/list" || fail "list lacks boss"
"$NQ57" user list --json --db "$db" >"$dir/list.json"
python3 - "$dir/list.json" <<'PY'
import json, sys
users = json.load(open(sys.argv[1]))
assert [u["login"] for u in users] == ["boss"], users
assert users[0]["role"] == "admin" and users[0]["full_name"] == "Quản trị viên"
assert all("password_hash" not in u for u in users)
PY

# stored hash is argon2id, never the password
hash=$(sqlite3 "$db" "SELECT password_hash FROM users WHERE login='boss'")
[[ $hash == '$argon2id$'* ]] || fail "not an argon2id hash: $hash"
sqlite3 "$db" "SELECT count(*) FROM users WHERE password_hash LIKE '%quản trị%'" | grep -qx 0 \
  || fail "clear password stored"

printf 'mật khẩu mới toanh\n' | "$NQ57" user passwd boss --password-stdin --db "$db" >/dev/null \
  || fail "passwd"
[[ $(sqlite3 "$db" "SELECT password_hash FROM users WHERE login='boss'") != "$hash" ]] \
  || fail "passwd did not change the hash"

# the last administrator cannot be locked out
if "$NQ57" user disable boss --db "$db" 2>"$dir/err"; then fail "disabled the last admin"; fi
printf 'mật khẩu thứ hai\n' | "$NQ57" user add admin2 --role admin --password-stdin --db "$db" >/dev/null
"$NQ57" user disable boss --db "$db" >/dev/null || fail "disable"
sqlite3 "$db" "SELECT disabled FROM users WHERE login='boss'" | grep -qx 1 || fail "not disabled"
"$NQ57" user enable boss --db "$db" >/dev/null || fail "enable"
sqlite3 "$db" "SELECT disabled FROM users WHERE login='boss'" | grep -qx 0 || fail "not enabled"
if "$NQ57" user passwd nobody --password-stdin --db "$db" </dev/null 2>/dev/null; then
  fail "passwd of a missing user"
fi
# every change is audited and the chain holds
[[ $(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE entity='user'") -ge 5 ]] || fail "audit"
"$NQ57" check --db "$db" >/dev/null || fail "nq57 check"
echo "ok: nq57 user"
