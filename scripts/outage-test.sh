#!/usr/bin/env bash
# Restarts a real PostgreSQL (pg_ctl restart -m fast) in the middle of a mixed read/write load and checks
# that no request got a 500, that every write acknowledged with 2xx is stored exactly once and complete,
# and how soon the API answered again. Uses a private, throw-away cluster on its own port: the shared
# server of scripts/db.sh is never touched. Needs root (or a postgres user to run the cluster as).
#   OUTAGE_DB_PORT (27910) OUTAGE_API_PORT (5099) OUTAGE_SECONDS (20) OUTAGE_WORKERS (16)
#   OUTAGE_CONFIGURATION (Release; scripts/test.sh uses the Debug build it has just made)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DB_PORT="${OUTAGE_DB_PORT:-27910}"
API_PORT="${OUTAGE_API_PORT:-5099}"
CONFIGURATION="${OUTAGE_CONFIGURATION:-Release}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)"
[ -x "$BIN/initdb" ] || { echo "outage-test: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
DATA="$(mktemp -d /tmp/articles-outage-XXXXXX)"
API_PID=""

as_owner() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
cleanup() {
    [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true
    as_owner "$BIN/pg_ctl" -D "$DATA/pg" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$DATA"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
as_owner "$BIN/initdb" -D "$DATA/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
PG_OPTIONS="-p $DB_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
as_owner "$BIN/pg_ctl" -D "$DATA/pg" -l "$DATA/pg/server.log" -w -o "$PG_OPTIONS" start >/dev/null
"$BIN/psql" -h 127.0.0.1 -p "$DB_PORT" -U postgres -qtA -c "CREATE DATABASE articles" >/dev/null
CONNECTION="Host=127.0.0.1;Port=$DB_PORT;Database=articles;Username=postgres"

dotnet build ArticlesApi.sln -c "$CONFIGURATION" -v q -nologo >/dev/null
ADMIN_KEY="ak_outage_$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
ConnectionStrings__Articles="$CONNECTION" Database__MigrateOnStartup=true Auth__BootstrapAdminKey="$ADMIN_KEY" \
    RateLimiting__Enabled=false ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    Media__PublicBaseUrl="http://127.0.0.1:$API_PORT/media" \
    dotnet "src/ArticlesApi/bin/$CONFIGURATION/net10.0/ArticlesApi.dll" --urls "http://127.0.0.1:$API_PORT" >"$DATA/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$API_PORT/health/ready" >/dev/null 2>&1 && break
    sleep 1
done
curl -fs "http://127.0.0.1:$API_PORT/health/ready" >/dev/null || { tail -20 "$DATA/api.log" >&2; exit 1; }

OUTAGE_API_URL="http://127.0.0.1:$API_PORT" OUTAGE_ADMIN_KEY="$ADMIN_KEY" OUTAGE_DB="$CONNECTION" \
OUTAGE_RESTART_COMMAND="cd / && $( [ "$(id -u)" = 0 ] && echo 'runuser -u postgres -- ' )$BIN/pg_ctl -D $DATA/pg -m fast -w -o \"$PG_OPTIONS\" restart >/dev/null" \
    dotnet "tests/OutageTest/bin/$CONFIGURATION/net10.0/ArticlesApi.OutageTest.dll" || {
    status=$?
    # What the API logged about the failed requests (a 500 is a bug: its exception is the unexpected-error handler's entry,
    # printed whole first; the database failures of the outage follow, shortened). The whole log stays in .artifacts.
    mkdir -p .artifacts && cp "$DATA/api.log" .artifacts/outage-api.log
    grep -A60 -E "^(fail|crit): ArticlesApi.Infrastructure.Resilience.UnexpectedErrorHandler" "$DATA/api.log" | head -200 >&2
    grep -A25 -E "^(fail|crit):" "$DATA/api.log" | head -80 >&2
    exit $status
}
