#!/usr/bin/env bash
# No webhook event lost (issue 17): a real receiver, the API SIGKILLed in the middle of a burst of writes and
# restarted, then PostgreSQL stopped for a few seconds while deliveries are under way. Every write the API
# acknowledged (201) must reach the receiver at least once, and every request the receiver got must carry a valid
# Standard Webhooks signature. Uses a private, throw-away cluster on its own port. Needs root (or a postgres user).
#   WEBHOOK_OUTAGE_DB_PORT (27911) WEBHOOK_OUTAGE_API_PORT (5097) WEBHOOK_OUTAGE_RECEIVER_PORT (5096)
#   WEBHOOK_OUTAGE_WRITES (300) OUTAGE_CONFIGURATION (Release; scripts/test.sh uses Debug)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DB_PORT="${WEBHOOK_OUTAGE_DB_PORT:-27911}"
API_PORT="${WEBHOOK_OUTAGE_API_PORT:-5097}"
RECEIVER_PORT="${WEBHOOK_OUTAGE_RECEIVER_PORT:-5096}"
CONFIGURATION="${OUTAGE_CONFIGURATION:-Release}"
for port in "$DB_PORT" "$API_PORT" "$RECEIVER_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "webhook-outage-test: port $port is taken (set WEBHOOK_OUTAGE_*_PORT)" >&2; exit 1
    fi
done
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)"
[ -x "$BIN/initdb" ] || { echo "webhook-outage-test: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
DATA="$(mktemp -d /tmp/articles-webhook-outage-XXXXXX)"

as_owner() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
cleanup() {
    [ -f "$DATA/api.pid" ] && kill -9 "$(cat "$DATA/api.pid")" 2>/dev/null || true
    as_owner "$BIN/pg_ctl" -D "$DATA/pg" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$DATA"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
as_owner "$BIN/initdb" -D "$DATA/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
PG_OPTIONS="-p $DB_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
as_owner "$BIN/pg_ctl" -D "$DATA/pg" -l "$DATA/pg/server.log" -w -o "$PG_OPTIONS" start >/dev/null
"$BIN/psql" -h 127.0.0.1 -p "$DB_PORT" -U postgres -qtA -c "CREATE DATABASE articles" >/dev/null

dotnet build ArticlesApi.sln -c "$CONFIGURATION" -v q -nologo >/dev/null
ADMIN_KEY="ak_whoutage_$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
# The API as the driver (re)starts it: fast retries so the test ends in seconds, not hours.
cat >"$DATA/api.sh" <<API
#!/usr/bin/env bash
cd "$ROOT"
ConnectionStrings__Articles="Host=127.0.0.1;Port=$DB_PORT;Database=articles;Username=postgres" Database__MigrateOnStartup=true \\
Auth__BootstrapAdminKey="$ADMIN_KEY" RateLimiting__Enabled=false ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \\
Media__PublicBaseUrl="http://127.0.0.1:$API_PORT/media" \\
Webhooks__AllowPrivateNetworks=true Webhooks__PollMilliseconds=200 Webhooks__FirstRetrySeconds=1 Webhooks__MaxRetryDelayMinutes=0.05 \\
Webhooks__TimeoutSeconds=2 exec dotnet "src/ArticlesApi/bin/$CONFIGURATION/net10.0/ArticlesApi.dll" --urls "http://127.0.0.1:$API_PORT" >>"$DATA/api.log" 2>&1
API
chmod +x "$DATA/api.sh"

WEBHOOK_OUTAGE_API="http://127.0.0.1:$API_PORT" WEBHOOK_OUTAGE_RECEIVER_PORT="$RECEIVER_PORT" WEBHOOK_OUTAGE_KEY="$ADMIN_KEY" \
WEBHOOK_OUTAGE_START_API="$DATA/api.sh" WEBHOOK_OUTAGE_PID_FILE="$DATA/api.pid" WEBHOOK_OUTAGE_WRITES="${WEBHOOK_OUTAGE_WRITES:-300}" \
WEBHOOK_OUTAGE_STOP_DB="cd / && $( [ "$(id -u)" = 0 ] && echo 'runuser -u postgres -- ' )$BIN/pg_ctl -D $DATA/pg -m fast -w stop >/dev/null" \
WEBHOOK_OUTAGE_START_DB="cd / && $( [ "$(id -u)" = 0 ] && echo 'runuser -u postgres -- ' )$BIN/pg_ctl -D $DATA/pg -l $DATA/pg/server.log -w -o \"$PG_OPTIONS\" start >/dev/null" \
    /usr/bin/python3 scripts/webhook-outage-test.py || { echo "--- api.log (tail)" >&2; tail -30 "$DATA/api.log" >&2; exit 1; }
