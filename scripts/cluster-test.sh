#!/usr/bin/env bash
# The cluster tests: scripts/cluster.sh up on private ports and a throw-away folder, scripts/cluster-test.py against
# it (write through A read through B, one rate limit across instances, Redis and the standby stopped under load, an
# instance stopped and killed under load), then down. ~2–3 min. Ends with "cluster tests: N passed, N failed";
# scripts/test.sh adds those counts to the suite's. Needs root or the postgres user (as scripts/db.sh), and installs
# redis-server and haproxy when missing (as scripts/cluster.sh does).
#   CLUSTER_TEST_CONFIGURATION (Release: a fresh publish; scripts/test.sh passes Debug, the build it has just made)
#   CLUSTER_TEST_PORTS_BASE (27900: HAProxy 27900, instances 27901–27902, PostgreSQL 27903–27904, Redis 27905; below
#   Linux's ephemeral range 32768–60999, where a stopped part's port could be taken by an outgoing connection before it restarts)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BASE="${CLUSTER_TEST_PORTS_BASE:-27900}"
CONFIGURATION="${CLUSTER_TEST_CONFIGURATION:-Release}"
export CLUSTER_HTTP_PORT="$BASE" CLUSTER_API_PORTS="$((BASE + 1)) $((BASE + 2))" CLUSTER_PG_PORT="$((BASE + 3))" \
    CLUSTER_STANDBY_PORT="$((BASE + 4))" CLUSTER_REDIS_PORT="$((BASE + 5))"
export CLUSTER_DIR="$(mktemp -d /tmp/articles-cluster-test-XXXXXX)"
[ "$(id -u)" = 0 ] && chmod 755 "$CLUSTER_DIR"
# The tests' limits: keyed reads 30 a minute per key (test b); everything else out of the way of the load.
export CLUSTER_KEY_READ_LIMIT=30 RateLimiting__KeyReads__PermitLimit=30 RateLimiting__Anonymous__PermitLimit=1000000 \
    RateLimiting__Writes__PermitLimit=1000000 RateLimiting__Other__PermitLimit=1000000 CLUSTER_SEED=false \
    Logging__LogLevel__Default=Warning
unset ConnectionStrings__Articles
if [ "$CONFIGURATION" != Release ]; then
    export CLUSTER_APP_DIR="$ROOT/src/ArticlesApi/bin/$CONFIGURATION/net10.0"
    [ -f "$CLUSTER_APP_DIR/ArticlesApi.Migrations.dll" ] || dotnet build ArticlesApi.sln -c "$CONFIGURATION" -nologo -v q >/dev/null
fi

cleanup() {
    local status=$?
    scripts/cluster.sh down >/dev/null 2>&1 || true
    if [ "$status" != 0 ]; then
        mkdir -p .artifacts/cluster-test && cp "$CLUSTER_DIR"/logs/* .artifacts/cluster-test/ 2>/dev/null || true
        echo "cluster-test: logs kept in .artifacts/cluster-test" >&2
    fi
    rm -rf "$CLUSTER_DIR"
}
trap cleanup EXIT

started=$(date +%s)
scripts/cluster.sh up
echo "cluster-test: up in $(( $(date +%s) - started )) s"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)"
CLUSTER_ADMIN_KEY="$(cat "$CLUSTER_DIR/admin-key")" CLUSTER_SCRIPT="$ROOT/scripts/cluster.sh" \
CLUSTER_HAPROXY_SOCK="$CLUSTER_DIR/run/haproxy.sock" \
CLUSTER_PSQL="env PGPASSWORD=articles $BIN/psql -h 127.0.0.1 -p $CLUSTER_PG_PORT -U articles -d articles" \
    /usr/bin/python3 scripts/cluster-test.py || status=$?
echo "cluster-test: done in $(( $(date +%s) - started )) s"
exit "${status:-0}"
