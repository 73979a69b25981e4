#!/usr/bin/env bash
# Webhook and change-recording figures (issue 17), not a test: prints
#   1. deliveries per second to a local receiver (N changes already recorded, the worker starts and drains them);
#   2. commit → delivery latency p50/p99 under a steady 50 writes/s (POST /api/v1/tags, webhook on tag.created);
#   3. the cost of recording a change on a write, before/after in one run: pgbench, a tag INSERT alone vs. the same
#      INSERT plus its content_changes row (the commit-order lock's trigger included), 1 and 8 clients.
# Uses the cluster of scripts/db.sh (or ConnectionStrings__Articles' server); creates database articles_bench_webhooks.
#   BENCH_WEBHOOK_CHANGES (5000) BENCH_WEBHOOK_SECONDS (20) BENCH_API_PORT (5093) BENCH_RECEIVER_PORT (5094)
#   BENCH_PGBENCH_SECONDS (10) BENCH_PGBENCH_RUNS (1: each pair measured that many times, alternating)
# Prints the load average before each part: on a shared machine, compare runs at similar load only.
# Results: bench/webhooks/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
API_PORT="${BENCH_API_PORT:-5093}"
RECEIVER_PORT="${BENCH_RECEIVER_PORT:-5094}"
for port in "$API_PORT" "$RECEIVER_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "bench/webhooks: port $port is taken (set BENCH_API_PORT / BENCH_RECEIVER_PORT)" >&2; exit 1; fi
done
CONNECTION="${ConnectionStrings__Articles:-$(scripts/db.sh url)}"
field() { echo "$CONNECTION" | tr ';' '\n' | grep -i "^$1=" | head -1 | cut -d= -f2-; }
export PGHOST="$(field Host)" PGPORT="$(field Port)" PGUSER="$(field Username)" PGPASSWORD="$(field Password)"
DB=articles_bench_webhooks
psql -d postgres -qtA -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
dotnet build ArticlesApi.sln -c Release -v q -nologo >/dev/null
KEY="ak_bench_$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
WORK="$(mktemp -d)"
trap 'kill $(cat "$WORK/api.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT
cat >"$WORK/api.sh" <<API
#!/usr/bin/env bash
cd "$ROOT"
ConnectionStrings__Articles="Host=$PGHOST;Port=$PGPORT;Database=$DB;Username=$PGUSER;Password=$PGPASSWORD" Database__MigrateOnStartup=true \\
Auth__BootstrapAdminKey="$KEY" RateLimiting__Enabled=false ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \\
Media__PublicBaseUrl="http://127.0.0.1:$API_PORT/media" Webhooks__AllowPrivateNetworks=true exec env \$EXTRA dotnet "src/ArticlesApi/bin/Release/net10.0/ArticlesApi.dll" --urls "http://127.0.0.1:$API_PORT" >>"$WORK/api.log" 2>&1
API
chmod +x "$WORK/api.sh"
BENCH_API="http://127.0.0.1:$API_PORT" BENCH_KEY="$KEY" BENCH_RECEIVER_PORT="$RECEIVER_PORT" BENCH_START_API="$WORK/api.sh" \
BENCH_PID_FILE="$WORK/api.pid" BENCH_DB="$DB" BENCH_WEBHOOK_CHANGES="${BENCH_WEBHOOK_CHANGES:-5000}" BENCH_WEBHOOK_SECONDS="${BENCH_WEBHOOK_SECONDS:-20}" \
    /usr/bin/python3 bench/webhooks/drive.py

PGBENCH_SECONDS="${BENCH_PGBENCH_SECONDS:-10}"
echo "3. recording a change on a write (pgbench, $PGBENCH_SECONDS s each, same database, same run; load $(cut -d' ' -f1-3 /proc/loadavg)):"
cat >"$WORK/without.sql" <<'SQL'
INSERT INTO tags (id, name, slug, created_at, updated_at) VALUES (gen_random_uuid(), 'b ' || random(), 'b-' || md5(random()::text), now(), now());
SQL
cat >"$WORK/with.sql" <<'SQL'
BEGIN;
\set n random(1, 1000000000)
INSERT INTO tags (id, name, slug, created_at, updated_at) VALUES (gen_random_uuid(), 'c ' || random(), 'c-' || md5(random()::text), now(), now());
INSERT INTO content_changes (at, resource, resource_id, slug, kind) VALUES (now(), 'tag', gen_random_uuid(), 'c-' || :n, 'created');
COMMIT;
SQL
sed -i '1i BEGIN;' "$WORK/without.sql"; echo "COMMIT;" >>"$WORK/without.sql"
for clients in 1 8; do
    for run in $(seq 1 "${BENCH_PGBENCH_RUNS:-1}"); do
        for script in without with; do
            tps=$(pgbench -n -c "$clients" -j "$clients" -T "$PGBENCH_SECONDS" -f "$WORK/$script.sql" "$DB" 2>/dev/null | grep -o "tps = [0-9.]*" | head -1)
            echo "   $clients client(s), tag insert $script its change row: $tps (load $(cut -d' ' -f1 /proc/loadavg))"
        done
    done
done
