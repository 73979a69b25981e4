#!/usr/bin/env bash
# Redis on the request path (docs/decisions/0046-redis-shared-limits-and-invalidation.md), measured on this machine:
#  1. per-request CPU of the rate limiter: limiter off / local windows / windows in Redis, on a cached anonymous read
#     (GET /api/v1/tags), as the API process's utime+stime (and redis-server's) over the requests wrk made;
#  2. cross-instance invalidation delay: two instances on one database, a write through A, B's first fresh answer
#     (delay.py), with Redis and without it (the content-change poller alone, every 1000 ms).
# Uses a database of its own on the cluster of ConnectionStrings__Articles (created, migrated, dropped) and
# redis-server on REDIS_PORT (default 6391). Usage: bench/studies/redis/measure.sh [seconds per run] [writes]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
SECONDS_PER_RUN="${1:-10}"
WRITES="${2:-200}"
REDIS_PORT="${REDIS_PORT:-6391}"
PORT_A="${PORT_A:-5391}"
PORT_B="${PORT_B:-5392}"
RUNS="${RUNS:-3}"
BASE_CS="${ConnectionStrings__Articles:?set ConnectionStrings__Articles to the cluster (Database= is replaced)}"
DB="articles_redis_bench"
CS="$(echo "$BASE_CS" | sed -E "s/Database=[^;]*/Database=$DB/")"
ADMIN_KEY="ak_bench_redis_admin_key_0123456789abcdefghijklmn"
WORK="$(mktemp -d /tmp/redis-bench-XXXX)"
PIDS=()

die() { echo "measure: $*" >&2; exit 1; }
for port in "$REDIS_PORT" "$PORT_A" "$PORT_B"; do
    ss -ltn | grep -q ":$port " && die "port $port is taken"
done
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    psql "$(pg_url)" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
pg_url() { # the maintenance database as a libpq URL, from the Npgsql connection string
    local host port user pass
    host="$(echo "$BASE_CS" | sed -nE 's/.*Host=([^;]*).*/\1/p')"; port="$(echo "$BASE_CS" | sed -nE 's/.*Port=([^;]*).*/\1/p')"
    user="$(echo "$BASE_CS" | sed -nE 's/.*Username=([^;]*).*/\1/p')"; pass="$(echo "$BASE_CS" | sed -nE 's/.*Password=([^;]*).*/\1/p')"
    echo "postgresql://$user:$pass@$host:${port:-5432}/postgres"
}
trap cleanup EXIT

# The solution, so that the migrations assembly lands next to the API (as bench/run.sh does).
dotnet build ArticlesApi.sln -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; die "build failed"; }
DLL="$ROOT/src/ArticlesApi/bin/Release/net10.0/ArticlesApi.dll"
PGOPTIONS="-c client_min_messages=warning" psql "$(pg_url)" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
psql "$(pg_url)" -qc "CREATE DATABASE $DB" >/dev/null

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" --daemonize no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!; PIDS+=("$REDIS_PID")

# start_api PORT LOG [Name=value ...]: an instance in the background; sets API_PID
start_api() {
    local port="$1" log="$2"; shift 2
    env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Articles="$CS" Logging__LogLevel__Default=Warning \
        Database__MigrateOnStartup=true Auth__BootstrapAdminKey="$ADMIN_KEY" \
        RateLimiting__Anonymous__PermitLimit=1000000000 RateLimiting__Writes__PermitLimit=1000000000 \
        RateLimiting__KeyReads__PermitLimit=1000000000 RateLimiting__Other__PermitLimit=1000000000 "$@" \
        dotnet "$DLL" --urls "http://127.0.0.1:$port" >>"$log" 2>&1 &
    API_PID=$!; PIDS+=("$API_PID")
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0; sleep 0.2; done
    tail -n 30 "$log" >&2; die "API on $port did not get ready"
}
stop_api() { kill "$1"; wait "$1" 2>/dev/null || true; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== per-request CPU of the limiter (GET /api/v1/tags, cached; wrk -t1 -c4 -d${SECONDS_PER_RUN}s, median of $RUNS runs)"
for mode in off local redis; do
    case "$mode" in
        off) settings=(RateLimiting__Enabled=false) ;;
        local) settings=(RateLimiting__Enabled=true) ;;
        redis) settings=(RateLimiting__Enabled=true Redis__Configuration="127.0.0.1:$REDIS_PORT") ;;
    esac
    start_api "$PORT_A" "$WORK/api-$mode.log" "${settings[@]}"
    wrk -t1 -c4 -d3s "http://127.0.0.1:$PORT_A/api/v1/tags" >/dev/null # warm-up (JIT, cache)
    results=()
    for run in $(seq 1 "$RUNS"); do
        api0=$(cpu_ticks "$API_PID"); redis0=$(cpu_ticks "$REDIS_PID")
        out="$(wrk -t1 -c4 -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$PORT_A/api/v1/tags")"
        api1=$(cpu_ticks "$API_PID"); redis1=$(cpu_ticks "$REDIS_PID")
        requests=$(echo "$out" | awk '/requests in/ {print $1}')
        non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
        results+=("$(awk -v a=$((api1 - api0)) -v r=$((redis1 - redis0)) -v n="$requests" -v t="$TICK" \
            'BEGIN {printf "%.1f %.1f %d", a / t / n * 1e6, r / t / n * 1e6, n}')")
        [ -z "$non2xx" ] || echo "   run $run: $non2xx non-2xx answers" >&2
    done
    printf '%s\n' "${results[@]}" | sort -n | awk -v m="$mode" -v runs="$RUNS" '
        {api[NR]=$1; redis[NR]=$2; n[NR]=$3}
        END {mid=int((runs+1)/2); printf "%-6s API %6.1f µs CPU/request (runs:", m, api[mid]; for (i=1;i<=runs;i++) printf " %.1f", api[i];
             printf "), redis-server %5.1f µs/request, %d requests in the median run\n", redis[mid], n[mid]}'
    stop_api "$API_PID"
done

echo "== cross-instance invalidation delay (unpublish through A, B's first 404; $WRITES writes)"
start_api "$PORT_A" "$WORK/a.log" RateLimiting__Enabled=false Redis__Configuration="127.0.0.1:$REDIS_PORT"; A=$API_PID
start_api "$PORT_B" "$WORK/b.log" RateLimiting__Enabled=false Redis__Configuration="127.0.0.1:$REDIS_PORT"; B=$API_PID
echo -n "with Redis (poller every 1000 ms as well):  "
/usr/bin/python3 "$ROOT/bench/studies/redis/delay.py" "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" "$ADMIN_KEY" "$WRITES"
stop_api "$A"; stop_api "$B"
start_api "$PORT_A" "$WORK/a.log" RateLimiting__Enabled=false; A=$API_PID
start_api "$PORT_B" "$WORK/b.log" RateLimiting__Enabled=false; B=$API_PID
echo -n "without Redis (poller every 1000 ms alone): "
/usr/bin/python3 "$ROOT/bench/studies/redis/delay.py" "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" "$ADMIN_KEY" "$(( WRITES / 5 > 10 ? WRITES / 5 : 10 ))"
stop_api "$A"; stop_api "$B"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
