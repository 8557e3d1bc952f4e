#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on a free loopback port:
#   scripts/with_postgres.sh pytest ...
# The cluster is created, started, exported as DATABASE_URL, and removed afterwards.
# initdb refuses to run as root, so as root the cluster belongs to `postgres`.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
workdir=$(mktemp -d /tmp/sentinelle-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$workdir"
  as_owner=(runuser -u postgres --)
fi
cleanup() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT
"${as_owner[@]}" "$bindir/initdb" -D "$workdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
"$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE ROLE sentinelle LOGIN SUPERUSER PASSWORD 'sentinelle'" >/dev/null
"$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE sentinelle OWNER sentinelle" >/dev/null
export DATABASE_URL="postgresql://sentinelle:sentinelle@127.0.0.1:$port/sentinelle"
# The cluster's data directory, for the fault tests that stop and start it (tests/faults/).
export PGDATA_DIR="$workdir/data"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
