#!/usr/bin/env bash
# Drives the real `ks` binary: migrations, bad databases, ports in use, serve on both backends,
# graceful shutdown. Usage: cli_test.sh KS_BINARY PG_URL
set -uo pipefail
ks=$1 pg=$2
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# expect_exit CODE DESCRIPTION -- command...: runs it, checks the exit code and that stderr is one line.
expect_exit() {
  local want=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [[ $rc -ne $want ]]; then fail "$what: exit $rc, want $want; stderr: $(cat "$tmp/err")"; return; fi
  pass "$what (exit $rc)"
}
one_line() {
  local what=$1 pattern=$2
  local n; n=$(grep -c . "$tmp/err")
  if [[ $n -ne 1 ]]; then fail "$what: want one line on stderr, got $n: $(cat "$tmp/err")"; return; fi
  grep -q -- "$pattern" "$tmp/err" || { fail "$what: stderr does not mention '$pattern': $(cat "$tmp/err")"; return; }
  pass "$what: $(cat "$tmp/err")"
}
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }
wait_healthy() { # port → 0 when /healthz answers 200 within 20 s
  for _ in $(seq 1 200); do
    curl -fsS "http://127.0.0.1:$1/healthz" >"$tmp/health" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# --- version and help
expect_exit 0 "ks version" -- "$ks" version
grep -q "^ks [0-9]" "$tmp/out" || fail "ks version prints 'ks X.Y.Z'"
expect_exit 0 "ks --help" -- "$ks" --help
grep -q "serve" "$tmp/out" && grep -q "migrate" "$tmp/out" || fail "--help lists serve and migrate"

# --- migrate twice is a no-op (SQLite)
db="sqlite:$tmp/a.db"
expect_exit 0 "migrate a new SQLite database" -- "$ks" migrate --db "$db"
grep -q "migrated from version 0" "$tmp/out" || fail "first migrate reports what it applied: $(cat "$tmp/out")"
expect_exit 0 "migrate again" -- "$ks" migrate --db "$db"
grep -q "up to date" "$tmp/out" || fail "second migrate is a no-op: $(cat "$tmp/out")"

# --- ks history pack: cases that ended before migration 0070 (decision 0015)
expect_exit 2 "history pack on a database not migrated" -- "$ks" history pack --db "sqlite:$tmp/unmigrated.db"
one_line "history pack on a database not migrated" "run \`ks migrate\` first"
seeded="$tmp/seeded.db"
expect_exit 0 "bench seed a small national dataset" -- "$ks" bench seed --scale 0.01 --db "sqlite:$seeded"
# Every seeded case's row lists its open tasks as the product writes them (migration 0078).
mismatched=$(python3 - "$seeded" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
bad = [cid for cid, listed in c.execute("SELECT id, open_tasks FROM cases")
       if listed != " ".join(str(l) for (l,) in c.execute(
           "SELECT local_id FROM tasks WHERE case_id = ? AND status = 'open' ORDER BY local_id", (cid,)))]
print(len(bad), c.execute("SELECT COUNT(*) FROM cases WHERE status = 'running'").fetchone()[0])
PY
)
[[ "$mismatched" =~ ^0\ [1-9] ]] && pass "seeded cases list their open tasks ($mismatched)" || fail "seeded cases whose open_tasks differ from their open rows, running cases: $mismatched"
# Its ended cases keep their archive and history as the product does (decision 0023): the first
# long one of each kind is the routine's dictionary, it and every later one name it (`ks audit
# verify` below reads every archive through it).
written=$(python3 - "$seeded" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
out = []
for kind, sql in (("archive", "SELECT case_id, data FROM case_archive"),
                  ("history", "SELECT case_id, events FROM case_history_packed")):
    ref = c.execute("SELECT id, case_id FROM pack_dictionaries WHERE kind = ?", (kind,)).fetchone()
    named = after = wrong = 0
    for case_id, v in c.execute(sql):
        names = int.from_bytes(v[4:12], "little") if bytes(v[:4]) == b"\xb5KSD" else 0
        named += names != 0
        after += ref is not None and case_id >= ref[1]
        wrong += names != 0 and (ref is None or names != ref[0] or case_id < ref[1])
        wrong += ref is not None and case_id >= ref[1] and names == 0
    out += [kind, str(after), str(named), str(wrong)]
print(" ".join(out))
PY
)
read -r _ a_after a_named a_wrong _ h_after h_named h_wrong <<<"$written"
[[ "$a_after" -gt 10 && "$a_named" -eq "$a_after" && "$a_wrong" -eq 0 && "$h_after" -gt 10 && "$h_named" -eq "$h_after" && "$h_wrong" -eq 0 ]] \
  && pass "seeded archives and histories written with the routine's dictionaries from the first long one on ($written)" \
  || fail "per kind: values from the dictionary's case on, values naming it, values naming another or none: $written"
# A running case with history rows, ended as a case ended before 0070 (its rows never packed).
read -r ended rows < <(python3 - "$seeded" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
cid = c.execute("SELECT id FROM cases WHERE status = 'running' ORDER BY id LIMIT 1").fetchone()[0]
c.execute("UPDATE cases SET status = 'completed' WHERE id = ?", (cid,)); c.commit()
print(cid, c.execute("SELECT COUNT(*) FROM case_history WHERE case_id = ?", (cid,)).fetchone()[0])
PY
)
expect_exit 0 "history pack packs the ended case" -- "$ks" history pack --db "sqlite:$seeded"
grep -q "packed the history of 1 and archived 1 ended cases" "$tmp/out" || fail "history pack reports one case: $(cat "$tmp/out")"
left=$(python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute("SELECT COUNT(*) FROM case_history WHERE case_id = ?", (int(sys.argv[2]),)).fetchone()[0], c.execute("SELECT through_seq FROM case_history_packed WHERE case_id = ?", (int(sys.argv[2]),)).fetchone()[0])' "$seeded" "$ended")
[[ "$rows" -gt 0 && "$left" == "0 $rows" ]] && pass "case $ended: $rows history rows now one packed row" || fail "case $ended: had $rows rows, now (rows, packed through) = $left"
expect_exit 0 "history pack again packs nothing" -- "$ks" history pack --db "sqlite:$seeded"
grep -q "packed the history of 0 and archived 0 ended cases" "$tmp/out" || fail "history pack again: $(cat "$tmp/out")"
expect_exit 0 "the audit log records the packing and verifies" -- "$ks" audit verify --db "sqlite:$seeded"

# --- a database from a newer version
python3 - "$tmp/a.db" <<'PY' || sqlite3 "$tmp/a.db" "INSERT INTO schema_migrations VALUES (9999, '9999_future', 0)"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("INSERT INTO schema_migrations VALUES (9999, '9999_future', 0)"); c.commit()
PY
expect_exit 1 "migrate a database from a newer ks" -- "$ks" migrate --db "$db"
one_line "newer schema" "newer than this ks"

# --- a file that is not a database
echo "this is not a database, just text that is long enough to fill a header page......................" >"$tmp/text.db"
expect_exit 1 "migrate a file that is not a database" -- "$ks" migrate --db "sqlite:$tmp/text.db"
one_line "not a database" "not a SQLite database"

# --- unreachable PostgreSQL
expect_exit 1 "migrate an unreachable PostgreSQL" -- "$ks" migrate --db "postgresql://ks@127.0.0.1:1/ks?connect_timeout=3"
one_line "unreachable PostgreSQL" "cannot connect to PostgreSQL"

# --- an unknown URL form and a bad setting are input errors (exit 2)
expect_exit 2 "unknown database URL" -- "$ks" migrate --db "mysql://x"
one_line "unknown URL" "sqlite:PATH or postgresql://"
KS_PORT=eighty expect_exit 2 "bad KS_PORT" -- env KS_PORT=eighty "$ks" migrate --db "$db"
one_line "bad KS_PORT" "KS_PORT"

# --- configuration precedence: flag over environment over TOML file
cat >"$tmp/ks.toml" <<TOML
db = "sqlite:$tmp/from-toml.db"
TOML
expect_exit 0 "TOML db" -- "$ks" migrate --config "$tmp/ks.toml"
[[ -f $tmp/from-toml.db ]] || fail "the TOML file's db was used"
expect_exit 0 "env over TOML" -- env KS_DB="sqlite:$tmp/from-env.db" "$ks" migrate --config "$tmp/ks.toml"
[[ -f $tmp/from-env.db ]] || fail "KS_DB overrides the TOML file"
expect_exit 0 "flag over env" -- env KS_DB="sqlite:$tmp/from-env.db" "$ks" migrate --config "$tmp/ks.toml" --db "sqlite:$tmp/from-flag.db"
[[ -f $tmp/from-flag.db ]] || fail "--db overrides KS_DB"
echo 'colour = "blue"' >"$tmp/bad.toml"
expect_exit 2 "unknown TOML key" -- "$ks" migrate --config "$tmp/bad.toml"
one_line "unknown TOML key" "unknown setting"

# --- serve on SQLite: /healthz, /metrics, a port already in use, graceful stop on SIGTERM
port=$(free_port)
"$ks" serve --db "sqlite:$tmp/serve.db" --port "$port" >"$tmp/serve.out" 2>"$tmp/serve.log" &
spid=$!; pids+=("$spid")
if wait_healthy "$port"; then
  grep -q '"status":"ok"' "$tmp/health" && grep -q '"db":"sqlite"' "$tmp/health" && pass "healthz on SQLite: $(cat "$tmp/health")" \
    || fail "healthz body: $(cat "$tmp/health")"
  curl -fsS "http://127.0.0.1:$port/metrics" >"$tmp/metrics"
  grep -q 'ks_http_requests_total{method="GET",route="/healthz",status="200"}' "$tmp/metrics" \
    && grep -q 'ks_http_request_duration_seconds_bucket' "$tmp/metrics" && pass "metrics in Prometheus format" \
    || fail "metrics: $(head -5 "$tmp/metrics")"
  code=$(curl -s -o "$tmp/404" -w '%{http_code}' "http://127.0.0.1:$port/api/v1/no-such-thing")
  [[ $code == 404 ]] && grep -q '"error":{"code":"not_found"' "$tmp/404" && pass "JSON error body for an unknown API path" \
    || fail "unknown API path: $code $(cat "$tmp/404")"
  grep -q '"request_id"' "$tmp/serve.log" && pass "structured request log with a request id" || fail "request log: $(tail -2 "$tmp/serve.log")"
  expect_exit 1 "serve on a port already in use" -- "$ks" serve --db "sqlite:$tmp/other.db" --port "$port"
  one_line "port in use" "already in use"
  kill -TERM "$spid"
  for _ in $(seq 1 50); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$spid" 2>/dev/null; then fail "serve did not stop on SIGTERM"; else
    wait "$spid"; rc=$?
    [[ $rc -eq 0 ]] && grep -q '"msg":"stopped"' "$tmp/serve.log" && pass "graceful stop on SIGTERM" || fail "stop: exit $rc"
  fi
else
  fail "serve on SQLite did not become healthy: $(cat "$tmp/serve.log")"
fi

# --- serve on PostgreSQL behaves the same
port=$(free_port)
"$ks" serve --db "$pg" --port "$port" >"$tmp/pg.out" 2>"$tmp/pg.log" &
ppid=$!; pids+=("$ppid")
if wait_healthy "$port"; then
  grep -q '"db":"postgresql"' "$tmp/health" && pass "healthz on PostgreSQL: $(cat "$tmp/health")" || fail "healthz: $(cat "$tmp/health")"
  expect_exit 0 "migrate PostgreSQL again" -- "$ks" migrate --db "$pg"
  grep -q "up to date" "$tmp/out" || fail "second migrate on PostgreSQL is a no-op: $(cat "$tmp/out")"
  kill -TERM "$ppid"; wait "$ppid"
else
  fail "serve on PostgreSQL did not become healthy: $(cat "$tmp/pg.log")"
fi

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
