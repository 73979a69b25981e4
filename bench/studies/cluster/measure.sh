#!/usr/bin/env bash
# The cluster bench (README.md here): one vs two API instances behind HAProxy, CPU per request of every part, the
# load the standby takes off the primary. Starts its own cluster (scripts/cluster.sh) on its own ports over a
# bench database of N generated articles (bench/run.sh --prepare-only), and stops it at the end.
#
#   bench/studies/cluster/measure.sh [--articles 10000] [--duration 15] [--connections 32] [--repeat 3] [--caching true]
#       [--no-build] (the Release build of an earlier run)
#
# Ports: CLUSTER_PORTS_BASE (57800: HAProxy 57800, instances 57801–57802, PostgreSQL 57803–57804, Redis 57805, 57806 for
# the migration run of bench/run.sh).
# Writes results-<date>.tsv here (one line per run: mode, scenario, req/s, p99, CPU ms per request of each part).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HERE="$ROOT/bench/studies/cluster"
cd "$ROOT"
ARTICLES=10000 DURATION=15 CONNECTIONS=32 REPEAT=3 CACHING=false BUILD=""
while [ $# -gt 0 ]; do
    case "$1" in
        --articles) ARTICLES="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --connections) CONNECTIONS="$2"; shift 2 ;;
        --repeat) REPEAT="$2"; shift 2 ;;
        --caching) CACHING="$2"; shift 2 ;;
        --no-build) BUILD="--no-build"; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
BASE="${CLUSTER_PORTS_BASE:-57800}"
export CLUSTER_HTTP_PORT="$BASE" CLUSTER_API_PORTS="$((BASE + 1)) $((BASE + 2))" CLUSTER_PG_PORT="$((BASE + 3))" \
    CLUSTER_STANDBY_PORT="$((BASE + 4))" CLUSTER_REDIS_PORT="$((BASE + 5))"
export CLUSTER_DIR="${CLUSTER_DIR:-/tmp/articles-cluster-bench}" CLUSTER_DATABASE="articles_bench_$ARTICLES" CLUSTER_SEED=false \
    CLUSTER_RATE_LIMITING=false Caching__Enabled="$CACHING" Logging__LogLevel__Default=Warning
unset ConnectionStrings__Articles
export BENCH_API_PORT="$((BASE + 6))" BENCH_RAW_PORT="$((BASE + 7))"  # bench/run.sh --prepare-only starts the API once to migrate
API1="http://127.0.0.1:$((BASE + 1))" LB="http://127.0.0.1:$BASE"
SOCK="$CLUSTER_DIR/run/haproxy.sock"
OUT="$HERE/results-$(date -u +%Y-%m-%d).tsv"
WORK="$(mktemp -d)"
trap 'scripts/cluster.sh down >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

# The data: the primary first, filled by the bench's generator; the standby is then copied from it.
scripts/cluster.sh start primary
PRIMARY="Host=127.0.0.1;Port=$CLUSTER_PG_PORT;Database=postgres;Username=articles;Password=articles"
bench/run.sh --prepare-only $BUILD --articles "$ARTICLES" --connection "$PRIMARY" >&2
# The instances run the Release build bench/run.sh has just made (the migrations assembly sits next to the API).
export CLUSTER_APP_DIR="${CLUSTER_APP_DIR:-$ROOT/src/ArticlesApi/bin/Release/net10.0}"
scripts/cluster.sh up

# Paths: 16 public slugs (by-slug), the front page.
PSQL=(env PGPASSWORD=articles "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql" -h 127.0.0.1 -p "$CLUSTER_PG_PORT" -U articles -d "$CLUSTER_DATABASE" -qtA)
"${PSQL[@]}" -c "SELECT '/api/v1/articles/' || slug FROM articles WHERE status = 'published' AND deleted_at IS NULL AND published_at < now() ORDER BY published_at DESC LIMIT 16" > "$WORK/by-slug.paths"
echo "/api/v1/articles?limit=20" > "$WORK/front.paths"

ticks() { # total utime+stime (clock ticks) of the given pids and their children threads
    local t=0 pid
    for pid in "$@"; do [ -r "/proc/$pid/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
    echo "$t"
}
# A PostgreSQL server's CPU: the postmaster's own and its exited children's (it reaps every backend: cutime + cstime),
# plus the children alive now. A backend that exits during a run is counted whole, none twice.
pg_ticks() {
    [ -f "$1/postmaster.pid" ] || { echo 0; return; }
    local pm; pm="$(head -1 "$1/postmaster.pid")"
    echo $(( $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat" 2>/dev/null || echo 0) + $(ticks $(pgrep -P "$pm")) ))
}
haproxy_cmd() { /usr/bin/python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall((sys.argv[2]+'\n').encode()); print(s.recv(65536).decode())" "$SOCK" "$1" >/dev/null; }

measure() { # mode url scenario
    local mode="$1" url="$2" s="$3"
    WRK_PATHS="$WORK/$s.paths" wrk -t2 -c"$CONNECTIONS" -d5s -s bench/wrk/report.lua "$url" >/dev/null 2>&1 || true
    local -a api=("$(cat "$CLUSTER_DIR/run/api1.pid")" "$(cat "$CLUSTER_DIR/run/api2.pid")")
    local hp; hp="$(head -1 "$CLUSTER_DIR/run/haproxy.pid")"
    local a1 a2 h p sb load
    a1=$(ticks "${api[0]}") a2=$(ticks "${api[1]}") h=$(ticks "$hp") p=$(pg_ticks "$CLUSTER_DIR/pg/primary") sb=$(pg_ticks "$CLUSTER_DIR/pg/standby")
    load="$(cut -d' ' -f1 /proc/loadavg)"
    local line
    line="$(WRK_PATHS="$WORK/$s.paths" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s bench/wrk/report.lua "$url" | grep '^RESULT ')"
    local requests rps p99 non2xx
    requests="$(sed -E 's/.*requests=([0-9]+).*/\1/' <<< "$line")"
    rps="$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<< "$line")"
    p99="$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<< "$line")"
    non2xx="$(sed -E 's/.*non2xx=([0-9]+).*/\1/' <<< "$line")"
    per() { awk -v t="$1" -v n="$requests" 'BEGIN { printf "%.3f", (n > 0 ? t * 10 / n : 0) }'; } # ticks are 10 ms
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$s" "$CACHING" "$rps" "$p99" "$non2xx" \
        "$(per $(( $(ticks "${api[0]}") - a1 )))" "$(per $(( $(ticks "${api[1]}") - a2 )))" "$(per $(( $(ticks "$hp") - h )))" \
        "$(per $(( $(pg_ticks "$CLUSTER_DIR/pg/primary") - p )))" "$(per $(( $(pg_ticks "$CLUSTER_DIR/pg/standby") - sb )))" "$load" | tee -a "$OUT"
}

[ -s "$OUT" ] || printf 'mode\tscenario\tcaching\trps\tp99_ms\tnon2xx\tapi1_cpu_ms\tapi2_cpu_ms\thaproxy_cpu_ms\tprimary_cpu_ms\tstandby_cpu_ms\tload1_before\n' > "$OUT"
for round in $(seq 1 "$REPEAT"); do
    for s in by-slug front; do
        measure direct-one "$API1" "$s"
        haproxy_cmd "disable server instances/api2"; sleep 1
        measure haproxy-one "$LB" "$s"
        haproxy_cmd "enable server instances/api2"; sleep 3
        measure haproxy-two "$LB" "$s"
        # The same without the standby: every read on the primary (the instances skip a standby that is down).
        scripts/cluster.sh stop standby; sleep 3
        measure haproxy-two-no-standby "$LB" "$s"
        scripts/cluster.sh start standby; sleep 3
    done
done
echo "results: $OUT" >&2
