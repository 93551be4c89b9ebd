#!/usr/bin/env bash
# `ks user`, `ks token` and `ks audit verify` on the real binary, on SQLite and on PostgreSQL (a
# database of its own): accounts from standard input or a file (never an argument), a token printed
# once, and an audit row edited directly in the database makes verify fail and name that row; and
# the server's log holds no password, session id, CSRF token or API token.
# Usage: auth_cli_test.sh KS_BINARY PG_SOCKET_DIR
set -uo pipefail
ks=$1 pgsock=$2
tmp=$(mktemp -d)
pgdb="ks_auth_cli_$$"
cleanup() { dropdb -h "$pgsock" -U postgres --if-exists "$pgdb" >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# run_case NAME DB_URL SQL_COMMAND...: SQL_COMMAND runs one SQL statement given as its last argument.
run_case() {
  local name=$1 db=$2; shift 2
  local sql=("$@")
  "$ks" migrate --db "$db" >/dev/null 2>"$tmp/err" || { fail "$name: migrate: $(cat "$tmp/err")"; return; }

  # A person to link the account to.
  printf 'record,id,kind,name,parent,county,municipal_participation,purpose,commission,start_date,end_date,status,unit,function,principal,person,username,email,valid_from,valid_to\nperson,cli-person,,Clara CLI,,,,,,,,,,,,,cli-person,c@example.org,,\n' >"$tmp/people.csv"
  "$ks" import structure "$tmp/people.csv" --db "$db" >/dev/null 2>"$tmp/err" || fail "$name: import person: $(cat "$tmp/err")"

  if echo "a-long-enough-password" | "$ks" user add clara --person cli-person --db "$db" >"$tmp/out" 2>"$tmp/err"; then
    pass "$name: user add reads the password from stdin"
  else fail "$name: user add: $(cat "$tmp/err")"; fi
  echo "short" | "$ks" user reset-password clara --db "$db" >/dev/null 2>"$tmp/err"
  [[ $? -eq 2 ]] && grep -q "at least 10" "$tmp/err" && pass "$name: a short password is refused (exit 2)" \
    || fail "$name: short password: $(cat "$tmp/err")"
  echo "another-long-password" >"$tmp/pw"
  "$ks" user reset-password clara --password-file "$tmp/pw" --db "$db" >/dev/null 2>"$tmp/err" \
    && pass "$name: reset-password from a file" || fail "$name: reset-password: $(cat "$tmp/err")"
  "$ks" user add clara --person cli-person --password a-long-enough-password --db "$db" >/dev/null 2>&1 \
    && fail "$name: a password argument must not be accepted" || pass "$name: no --password argument"

  "$ks" token create clara --label test --db "$db" >"$tmp/token" 2>"$tmp/err" || fail "$name: token create: $(cat "$tmp/err")"
  grep -qE '^ks_[0-9a-f]{64}$' "$tmp/token" && pass "$name: token printed once on stdout" || fail "$name: token: $(cat "$tmp/token")"
  local id; id=$(grep -oE 'token [0-9]+' "$tmp/err" | head -1 | cut -d' ' -f2)
  "$ks" token revoke "$id" --db "$db" >/dev/null 2>"$tmp/err" && pass "$name: token revoke" || fail "$name: token revoke: $(cat "$tmp/err")"
  "$ks" user disable clara --db "$db" >/dev/null 2>"$tmp/err" && pass "$name: user disable" || fail "$name: disable: $(cat "$tmp/err")"

  "$ks" audit verify --db "$db" >"$tmp/out" 2>"$tmp/err" && grep -q "audit log intact" "$tmp/out" \
    && pass "$name: audit verify on an intact log: $(cat "$tmp/out")" || fail "$name: verify: $(cat "$tmp/out" "$tmp/err")"
  # No secret in the log: neither the password nor the token.
  "${sql[@]}" "SELECT COUNT(*) FROM audit_log WHERE before_json LIKE '%long-password%' OR after_json LIKE '%long-password%' OR detail LIKE '%long-password%' OR after_json LIKE '%$(cut -c4-20 "$tmp/token")%'" >"$tmp/n"
  [[ "$(tr -d ' \n' <"$tmp/n")" == "0" ]] && pass "$name: no password or token in the audit log" || fail "$name: secrets in audit: $(cat "$tmp/n")"

  # Edit one row directly: verify fails (exit 1) and names it.
  "${sql[@]}" "UPDATE audit_log SET detail = 'edited by hand' WHERE seq = 3" >/dev/null
  "$ks" audit verify --db "$db" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [[ $rc -eq 1 ]] && grep -q "row 3" "$tmp/err" && pass "$name: edited row named: $(cat "$tmp/err")" \
    || fail "$name: edited row not detected (exit $rc): $(cat "$tmp/out" "$tmp/err")"
}

run_case sqlite "sqlite:$tmp/ks.db" sqlite3 "$tmp/ks.db"

# --- Secrets never reach the server's log, even at debug level: sign in (a wrong password, then
# the right one), use the session and its CSRF token, and an API token; then search the log for each.
logs_case() {
  local port; port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  local db="sqlite:$tmp/serve.db" base="http://127.0.0.1:$port"
  "$ks" serve --demo --db "$db" --port "$port" --log-level debug >"$tmp/serve.log" 2>&1 &
  local spid=$!
  for _ in $(seq 1 300); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  local wrong="wrong-secret-$$-password"
  curl -s -o /dev/null -H "Origin: $base" --data-urlencode "username=samordnare" --data-urlencode "password=$wrong" "$base/login"
  curl -s -o /dev/null -c "$tmp/jar" -H "Origin: $base" --data-urlencode "username=samordnare" \
    --data-urlencode "password=demo-losen" "$base/login"
  local session; session=$(awk '$6 == "ks_session" {print $7}' "$tmp/jar")
  [[ ${#session} -ge 32 ]] && pass "logs: signed in (session cookie set)" || fail "logs: no session cookie: $(cat "$tmp/jar")"
  curl -s -b "$tmp/jar" "$base/inbox" >"$tmp/inbox.html"
  local csrf; csrf=$(grep -oE 'name="csrf_token" value="[0-9a-f]+"' "$tmp/inbox.html" | head -1 | grep -oE '[0-9a-f]{16,}')
  [[ -n $csrf ]] && pass "logs: a page with a CSRF token" || fail "logs: no CSRF token on /inbox"
  # The token in a query string too, as a careless client might send it.
  curl -s -o /dev/null -b "$tmp/jar" -H "Origin: $base" --data "csrf_token=$csrf" "$base/logout?csrf_token=$csrf&password=demo-losen"
  "$ks" token create samordnare --label logs --db "$db" >"$tmp/api-token" 2>/dev/null
  local token; token=$(cat "$tmp/api-token")
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/me")
  [[ $code == 200 ]] && pass "logs: the API token works" || fail "logs: API token: $code"
  kill -TERM "$spid"; wait "$spid" 2>/dev/null
  grep -q '"msg":"request"' "$tmp/serve.log" || fail "logs: the server logged no requests"
  local leaked=0 what
  for what in "$wrong" "demo-losen" "$session" "$csrf" "${token#ks_}"; do
    [[ -n $what ]] || continue
    grep -qF -- "$what" "$tmp/serve.log" && { fail "logs: a secret (${what:0:6}…) is in the server log"; leaked=1; }
  done
  [[ $leaked -eq 0 ]] && pass "logs: no password, session id, CSRF token or API token in $(wc -l <"$tmp/serve.log") log lines"
}
logs_case
if createdb -h "$pgsock" -U postgres "$pgdb" 2>"$tmp/err"; then
  run_case postgresql "postgresql://postgres@/$pgdb?host=$pgsock" psql -h "$pgsock" -U postgres -d "$pgdb" -qtAc
else
  fail "createdb: $(cat "$tmp/err")"
fi

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
