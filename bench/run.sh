#!/usr/bin/env bash
# bench/run.sh BUILD — every benchmark of issue 8 in one run (`make bench`; minutes, not part of
# `make test`): the engine through the service layer on SQLite and PostgreSQL with 1 and 32
# clients against the raw durable-commit rate of the same database, the peer bpmn-engine in
# memory, the national dataset's read latency at several scales, and HTTP under wrk against
# nginx's static ceiling. Ends with one line per figure, `name: value unit`.
#
# Environment: KS_BENCH_CASES (cases per engine run, default 64), KS_BENCH_SCALES (default
# "0.01 0.1"; add 1 for the national 10-year dataset, which takes long on 2 cores),
# KS_BENCH_RAW_SECONDS (default 5), KS_BENCH_HTTP_SECONDS (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
ks=$build/src/cli/ks
engine=$build/bench/ks_bench_engine
cases=${KS_BENCH_CASES:-64}
scales=${KS_BENCH_SCALES:-0.01 0.1}
raw_seconds=${KS_BENCH_RAW_SECONDS:-5}
work=$(mktemp -d /tmp/ks-bench.XXXXXX)
chmod 755 "$work"
results=$work/results.txt
: >"$results"
pgdir=/tmp/ks-pgbench-$$

cleanup() {
  bash tests/pg/pg-ctl.sh stop "$pgdir" >/dev/null 2>&1 || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [[ -n ${serve_pid:-} ]] && kill "$serve_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Debian packages the benchmarks need beyond `make test`'s (scripts/setup.sh's way).
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
if ((${#need[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "bench: installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The peer, pinned by bench/package-lock.json.
if [[ ! -f bench/node_modules/.ks-lock-stamp ]] || ! cmp -s bench/package-lock.json bench/node_modules/.ks-lock-stamp; then
  npm ci --prefix bench --no-audit --no-fund --loglevel=error
  cp bench/package-lock.json bench/node_modules/.ks-lock-stamp
fi
cmake --build "$build" -j"${JOBS:-2}" --target ks ks_bench_engine >/dev/null

run() { # Runs a benchmark, shows its output, keeps its figures.
  "$@" | tee -a "$results"
}
machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
}
machine

echo "== engine on SQLite"
# --held: as many cases left live as the peer holds below, for its memory per live case.
held=200
run "$engine" --db "sqlite:$work/engine.db" --label sqlite --cases "$cases" --clients 1,32 --raw-seconds "$raw_seconds" --held "$held"
echo "== engine on PostgreSQL"
bash tests/pg/pg-ctl.sh start "$pgdir" >/dev/null
pgurl="postgresql://postgres@/postgres?host=$pgdir/socket"
run "$engine" --db "$pgurl" --label postgres --cases "$cases" --clients 1,32 --raw-seconds "$raw_seconds" --held "$held"
echo "== peer: bpmn-engine in memory"
run node --expose-gc bench/peer/vn-equivalent.mjs 200 32 "$held"

echo "== national dataset: read latency by scale"
for f in $scales; do
  run "$ks" bench seed --scale "$f" --db "sqlite:$work/seed-$f.db" --measure
done

if [[ -x bench/http/run.sh ]]; then
  echo "== HTTP"
  run bash bench/http/run.sh "$ks" "$work" "${scales##* }"
fi

# Ratios, from the figures above.
fig() { awk -v n="$1" '$1 == n":" { print $2 }' "$results" | tail -n1; }
ratio() { # name numerator denominator unit-factor
  local a b
  a=$(fig "$2") b=$(fig "$3")
  [[ -n $a && -n $b ]] && awk -v n="$1" -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%s: %.2f x\n", n, a / b }' >>"$results"
}
ratio ratio.sqlite.c1.completions_vs_peer engine.sqlite.c1.completions_per_s peer.bpmn_engine.c1.completions_per_s
ratio ratio.sqlite.c32.completions_vs_peer engine.sqlite.c32.completions_per_s peer.bpmn_engine.c32.completions_per_s
ratio ratio.postgres.c1.completions_vs_peer engine.postgres.c1.completions_per_s peer.bpmn_engine.c1.completions_per_s
ratio ratio.postgres.c32.completions_vs_peer engine.postgres.c32.completions_per_s peer.bpmn_engine.c32.completions_per_s
ratio ratio.sqlite.c1.completions_vs_raw engine.sqlite.c1.completions_per_s engine.sqlite.c1.raw_commits_per_s
ratio ratio.sqlite.c32.completions_vs_raw engine.sqlite.c32.completions_per_s engine.sqlite.c32.raw_commits_per_s
ratio ratio.postgres.c1.completions_vs_raw engine.postgres.c1.completions_per_s engine.postgres.c1.raw_commits_per_s
ratio ratio.postgres.c32.completions_vs_raw engine.postgres.c32.completions_per_s engine.postgres.c32.raw_commits_per_s
# One client's completion calls alone (the client's own reads and case starts left out).
ratio ratio.sqlite.c1.completion_calls_vs_raw engine.sqlite.c1.completion_calls_per_s engine.sqlite.c1.raw_commits_per_s
ratio ratio.postgres.c1.completion_calls_vs_raw engine.postgres.c1.completion_calls_per_s engine.postgres.c1.raw_commits_per_s
ratio ratio.memory_per_live_case_peer_vs_ks peer.bpmn_engine.memory_per_live_case engine.sqlite.c1.memory_per_live_case
ratio ratio.heap_per_held_case_peer_vs_ks peer.bpmn_engine.memory_per_live_case engine.sqlite.c1.heap_per_held_case

echo
echo "== summary ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg))"
grep -E '^[a-z0-9_.]+: -?[0-9.]+(e[-+]?[0-9]+)? [^ ]+$' "$results"
