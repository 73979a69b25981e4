#!/usr/bin/env bash
# The load a streaming standby takes off the primary (issue 19). The same wrk mix of public reads against the API
# (Release, response cache off so every request reaches a database), on articles_bench_<N> of a primary that has a
# standby, in three variants per round: `primary` (no ConnectionStrings__ArticlesReadOnly), `standby` (with it), and
# `standby+writes` (with it, and one content write per second through the API: every write sends this instance's
# public reads to the primary until the next check finds the standby past it, ADR "replica"). For each run:
# pg_stat_statements calls and total_exec_time on each server, and the CPU time (utime+stime) of each server's
# processes, both as deltas over the measured window, and wrk's requests.
#
#   bench/studies/replica/measure.sh                       # 3 rounds, 15 s each, 16 connections
#   bench/studies/replica/measure.sh --rounds 5 --duration 20
#
# Needs: the Release build and a primary with a standby, both with pg_stat_statements preloaded, and the bench
# database on the primary (replicated to the standby):
#   ARTICLES_DB_PORT=55460 ARTICLES_PGDATA=/tmp/replica-primary scripts/db.sh start
#   STANDBY_PORT=55461 STANDBY_PGDATA=/tmp/replica-standby PRIMARY_PORT=55460 PRIMARY_PGDATA=/tmp/replica-primary scripts/standby.sh start
#   (ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements' on both, restart both)
#   BENCH_API_PORT=55464 bench/run.sh --prepare-only --articles 10000 --connection "$(ARTICLES_DB_PORT=55460 scripts/db.sh url)"
# Writes bench/studies/replica/results/<tag>.tsv.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HERE="$ROOT/bench/studies/replica"
cd "$ROOT"

ROUNDS=3 DURATION=15 WARMUP=3 CONNECTIONS=16 ARTICLES=10000 TAG=mix
PRIMARY_PORT=55460 STANDBY_PORT=55461 PRIMARY_PGDATA=/tmp/replica-primary STANDBY_PGDATA=/tmp/replica-standby
API_PORT="${BENCH_API_PORT:-55464}"
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --connections) CONNECTIONS="$2"; shift 2 ;;
        --articles) ARTICLES="$2"; shift 2 ;;
        --tag) TAG="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
DB="articles_bench_$ARTICLES"
PW="$(cat "$PRIMARY_PGDATA/superuser-password")"
CS="Host=127.0.0.1;Port=$PRIMARY_PORT;Database=$DB;Username=articles;Password=articles"
RO="Host=127.0.0.1;Port=$STANDBY_PORT;Database=$DB;Username=articles;Password=articles"
ADMIN_KEY="ak_replica_bench_admin_key_0123456789abcdefghijklmn"
WORK="$(mktemp -d /tmp/replica-bench.XXXXXX)"
mkdir -p "$HERE/results"
OUT="$HERE/results/$TAG.tsv"
API_PID=""
WRITER_PID=""
cleanup() {
    [ -n "$WRITER_PID" ] && kill "$WRITER_PID" 2>/dev/null || true
    [ -n "$API_PID" ] && { kill "$API_PID" 2>/dev/null; wait "$API_PID" 2>/dev/null; } || true
    rm -rf "$WORK"
}
trap cleanup EXIT

su_sql() { PGPASSWORD="$PW" psql -X -qtA -h 127.0.0.1 -p "$1" -U postgres -d "${3:-$DB}" -c "$2"; }
for port in "$PRIMARY_PORT" "$STANDBY_PORT"; do su_sql "$port" "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" postgres >/dev/null 2>&1 || true; done
su_sql "$PRIMARY_PORT" "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null

# CPU ticks of a cluster's processes (postmaster and children), one "pid ticks" line each.
cpu_ticks() { # pgdata
    local pm pid
    pm="$(head -n 1 "$1/postmaster.pid")"
    for pid in "$pm" $(pgrep -P "$pm"); do
        [ -r "/proc/$pid/stat" ] && awk -v p="$pid" '{ print p, $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true
    done
}
# Ticks used between two snapshots: processes in both count their difference, new ones all of theirs.
cpu_delta_ms() { # before after
    awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { before[$1] = $2; next } { total += $2 - ($1 in before ? before[$1] : 0) } END { printf "%d", total * 1000 / hz }' "$1" "$2"
}
statements() { # port -> "calls exec_ms"
    su_sql "$1" "SELECT coalesce(sum(calls), 0) || ' ' || round(coalesce(sum(total_exec_time), 0)::numeric, 1)
                 FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '$DB'" postgres
}

# The mix: front page, by slug (16 slugs), the most used tag, a common and a rare search, RSS, authors.
TOP_TAG="$(su_sql "$PRIMARY_PORT" "SELECT t.slug FROM tags t JOIN article_tags a ON a.tag_id = t.id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1")"
{
    echo "/api/v1/articles?limit=20"
    su_sql "$PRIMARY_PORT" "SELECT '/api/v1/articles/' || slug FROM articles WHERE status = 'published' AND deleted_at IS NULL
                            AND published_at < now() ORDER BY published_at DESC LIMIT 16"
    echo "/api/v1/articles?tag=$TOP_TAG"
    echo "/api/v1/articles?q=trattato"
    echo "/api/v1/articles?q=svalbard"
    echo "/api/v1/feeds/rss"
    echo "/api/v1/authors"
} > "$WORK/paths"

start_api() { # readonly-connection-string (or empty)
    env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Articles="$CS" ConnectionStrings__ArticlesReadOnly="$1" \
        Logging__LogLevel__Default=Warning DOTNET_hostBuilder__reloadConfigOnChange=false RateLimiting__Enabled=false \
        Caching__Enabled=false Database__SeedSampleContent=false BodyRerendering__Enabled=false Auth__BootstrapAdminKey="$ADMIN_KEY" \
        ScheduledPublication__IntervalSeconds=0 \
        dotnet src/ArticlesApi/bin/Release/net10.0/ArticlesApi.dll --urls "http://127.0.0.1:$API_PORT" >>"$WORK/api.log" 2>&1 &
    API_PID=$!
    for _ in $(seq 1 240); do curl -fs -o /dev/null "http://127.0.0.1:$API_PORT/health/ready" && return; sleep 0.25; done
    tail -n 20 "$WORK/api.log" >&2; echo "API did not start" >&2; exit 1
}
stop_api() { kill "$API_PID"; wait "$API_PID" 2>/dev/null || true; API_PID=""; }

writer() { # one content write per second: a new tag
    while true; do
        curl -fs -o /dev/null -X POST -H "Authorization: Bearer $ADMIN_KEY" -H "Content-Type: application/json" \
            -d "{\"name\":\"replica bench $(date +%s%N)\"}" "http://127.0.0.1:$API_PORT/api/v1/tags" || true
        sleep 1
    done
}

[ -f "$OUT" ] || printf 'tag\tround\tvariant\tload1\trequests\trps\tnon2xx\tprimary_calls\tprimary_exec_ms\tprimary_cpu_ms\tstandby_calls\tstandby_exec_ms\tstandby_cpu_ms\n' > "$OUT"
for round in $(seq 1 "$ROUNDS"); do
    for variant in primary standby standby+writes; do
        if [ "$variant" = primary ]; then start_api ""; else start_api "$RO"; fi
        WRK_PATHS="$WORK/paths" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/wrk/report.lua "http://127.0.0.1:$API_PORT" >/dev/null
        [ "$variant" = standby+writes ] && { writer & WRITER_PID=$!; }
        for port in "$PRIMARY_PORT" "$STANDBY_PORT"; do su_sql "$port" "SELECT pg_stat_statements_reset()" postgres >/dev/null; done
        cpu_ticks "$PRIMARY_PGDATA" > "$WORK/p0"; cpu_ticks "$STANDBY_PGDATA" > "$WORK/s0"
        WRK_PATHS="$WORK/paths" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/wrk/report.lua \
            "http://127.0.0.1:$API_PORT" > "$WORK/wrk.txt"
        cpu_ticks "$PRIMARY_PGDATA" > "$WORK/p1"; cpu_ticks "$STANDBY_PGDATA" > "$WORK/s1"
        read -r pcalls pexec <<< "$(statements "$PRIMARY_PORT")"
        read -r scalls sexec <<< "$(statements "$STANDBY_PORT")"
        [ -n "$WRITER_PID" ] && { kill "$WRITER_PID" 2>/dev/null; wait "$WRITER_PID" 2>/dev/null || true; WRITER_PID=""; }
        line="$(grep '^RESULT ' "$WORK/wrk.txt")"
        field() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$TAG" "$round" "$variant" "$(cut -d' ' -f1 /proc/loadavg)" \
            "$(field requests)" "$(field rps)" "$(field non2xx)" "$pcalls" "$pexec" "$(cpu_delta_ms "$WORK/p0" "$WORK/p1")" \
            "$scalls" "$sexec" "$(cpu_delta_ms "$WORK/s0" "$WORK/s1")" | tee -a "$OUT"
        stop_api
    done
done
