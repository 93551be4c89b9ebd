#!/usr/bin/env bash
# pg-ctl.sh start|stop DIR — a throw-away PostgreSQL cluster for tests, in DIR, listening on a
# Unix socket in DIR/socket only (no TCP). As root, the server runs as the `postgres` user, since
# PostgreSQL refuses to run as root.
set -euo pipefail
action=$1 dir=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[[ -x $bindir/pg_ctl ]] || { echo "pg-ctl.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $action in
start)
  if [[ -f $dir/data/postmaster.pid ]]; then as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir" && mkdir -p "$dir/socket"
  [[ $(id -u) -eq 0 ]] && chown -R postgres "$dir"
  as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir/socket' -c fsync=on -c max_connections=200" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "postgres started: postgresql://postgres@/postgres?host=$dir/socket"
  ;;
stop)
  if [[ -f $dir/data/postmaster.pid ]]; then as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi
  rm -rf "$dir"
  echo "postgres stopped"
  ;;
*) echo "usage: pg-ctl.sh start|stop DIR" >&2; exit 2 ;;
esac
