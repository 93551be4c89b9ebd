#!/usr/bin/env bash
# bench/http/run.sh KS WORK [SCALE] — wrk against `ks serve` on the national dataset (`ks bench seed
# --scale SCALE`, default 0.1) and, in the same run, nginx serving a static file of the same size
# as each answer, as the ceiling. Endpoints: the inbox (GET /api/v1/tasks?mine=true&limit=25, a
# page as the web shows it), a case page (GET /api/v1/cases/{id}), a search
# (GET /api/v1/knowledge-supports?q=) and a task completion (POST /api/v1/tasks/{id}/complete,
# distinct open tasks: complete.lua). An endpoint ks does not
# serve yet is reported as skipped. Prints `name: value unit` lines.
set -euo pipefail
ks=$(realpath "$1") work=$2 scale=${3:-0.1}
here=$(cd "$(dirname "$0")" && pwd)
seconds=${KS_BENCH_HTTP_SECONDS:-10}
threads=2 conns=32
db="sqlite:$work/http.db"
mkdir -p "$work/www" "$work/nginx"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$ks" bench seed --scale "$scale" --db "$db" >"$work/http-seed.txt"
token=$("$ks" token create lpo-ordf --label bench --db "$db" 2>/dev/null || true)
kport=$(port)
"$ks" serve --db "$db" --host 127.0.0.1 --port "$kport" --log-level error >"$work/serve.log" 2>&1 &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true; [[ -f $work/nginx.pid ]] && kill $(cat $work/nginx.pid) 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$kport/healthz" >/dev/null && break; sleep 0.1; done

# nginx on its own loopback port, config and temp dirs, serving $work/www.
nport=$(port)
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
daemon on;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>/dev/null || /usr/sbin/nginx -c "$work/nginx/nginx.conf" -p "$work/nginx"

# wrk's summary → requests/s and p99 (ms).
wrk_figures() { # name output-file
  awk -v n="$1" '
    /Requests\/sec:/ { printf "%s.requests_per_s: %.0f requests/s\n", n, $2 }
    $1 == "99%" { v = $2; u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
                  if (u == "us") v /= 1000; else if (u == "s") v *= 1000;
                  printf "%s.p99: %.3g ms\n", n, v }
    /Non-2xx/ { printf "%s.non_2xx: %d responses\n", n, $4 }' "$2"
}
bench_get() { # name path
  local name=$1 path=$2 size
  local status
  status=$(curl -s -o "$work/www/$name.body" -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$kport$path")
  if [[ $status != 200 ]]; then
    echo "http.$name: skipped (HTTP $status from $path)" >&2
    return
  fi
  size=$(stat -c %s "$work/www/$name.body")
  echo "http.$name.bytes: $size bytes"
  TOKEN=$token wrk -t$threads -c$conns -d${seconds}s --latency -s "$here/get.lua" "http://127.0.0.1:$kport$path" >"$work/wrk-$name.txt"
  wrk_figures "http.$name" "$work/wrk-$name.txt"
  wrk -t$threads -c$conns -d${seconds}s --latency "http://127.0.0.1:$nport/$name.body" >"$work/wrk-nginx-$name.txt"
  wrk_figures "http.nginx_same_size.$name" "$work/wrk-nginx-$name.txt"
}

echo "http: load $(cut -d' ' -f1-3 /proc/loadavg), dataset scale $scale"
case_id=$(sqlite3 "$work/http.db" "SELECT id FROM cases WHERE region_id='region-22' ORDER BY id DESC LIMIT 1" 2>/dev/null || echo 1)
bench_get inbox "/api/v1/tasks?mine=true&limit=25"
# The whole inbox in one answer (up to 500 tasks), as it was served before it was paged.
bench_get inbox_whole "/api/v1/tasks?mine=true&limit=500"
bench_get case_page "/api/v1/cases/$case_id"
bench_get search "/api/v1/knowledge-supports?q=depression"
bench_get structure_search "/api/v1/structure/search?q=sund"

# Completions: real open tasks (cases started through the service layer), one request each.
# Enough open tasks (9 a case) that they last the whole run at a few thousand completions a second;
# should they run out, the spare /healthz requests are left out of the figure (complete.lua).
if "$ks" bench open-tasks --db "$db" --cases $((seconds * 300)) --out "$work/tasks.tsv" >/dev/null 2>"$work/open-tasks.err"; then
  n=$(wc -l <"$work/tasks.tsv")
  TASKS_FILE=$work/tasks.tsv WRK_THREADS=$threads wrk -t$threads -c$conns -d${seconds}s --latency -s "$here/complete.lua" \
    "http://127.0.0.1:$kport" >"$work/wrk-complete.txt"
  echo "http.complete.open_tasks: $n tasks"
  awk '/requests in/ { n = $1; t = $4; sub(/s,?$/, "", t) } /^spare requests:/ { spare = $3 }
       END { printf "http.complete.completions_per_s: %.0f completions/s\n", (n - spare) / t;
             if (spare > 0) printf "http.complete.spare_requests: %d requests\n", spare }' "$work/wrk-complete.txt"
  wrk_figures "http.complete" "$work/wrk-complete.txt" | grep -v requests_per_s
else
  echo "http.complete: skipped ($(head -c 200 "$work/open-tasks.err"))" >&2
fi
