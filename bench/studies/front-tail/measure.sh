#!/usr/bin/env bash
# The front page's tail (issue 14): the API and the raw endpoint measured in alternation on the same
# database, N rounds, each a wrk run of the front page; one TSV line per run with p50, p90, p99, max and
# what the machine and PostgreSQL did meanwhile. Variants are environment assignments for both servers
# and connection-string settings for both pools, so each variant has its own control.
#
#   bench/studies/front-tail/measure.sh --tag base                        # 5 rounds, 10 s each, servers kept up
#   bench/studies/front-tail/measure.sh --tag pool8 --cs "Maximum Pool Size=8"
#   bench/studies/front-tail/measure.sh --tag wks --env "DOTNET_gcServer=0"
#   bench/studies/front-tail/measure.sh --fresh …                         # both servers restarted every round (as bench/run.sh)
#   bench/studies/front-tail/measure.sh --counters …                      # dotnet-counters CSV of both servers (needs the tool)
#
# Options: --rounds N (5) --duration S (10) --warmup S (3) --connections C (32) --wrk-threads T (2)
#   --cs "K=V;K=V" (appended to both servers' main connection string) --env "K=V K=V" (both servers)
#   --api-env / --raw-env (one of them) --nice N (the servers and wrk run at this niceness; default 0) --wrk-nice N (wrk only)
#   --priority N (renice the servers, wrk and the bench database's own PostgreSQL backends to N, e.g. -5: the
#   other engineers' builds run at nice 10, and this keeps most of their load out of the figures)
#   --prewarm S (kept-up servers only: S s of load on each before round 1)
#   --tools "api raw" --fresh --counters --tag NAME. Needs the Release build and articles_bench_<N> (bench/run.sh --prepare-only).
# Writes bench/studies/front-tail/results/<tag>.tsv (+ wrk's outputs and counters under results/raw/, git-ignored).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HERE="$ROOT/bench/studies/front-tail"
cd "$ROOT"

ROUNDS=5 DURATION=10 WARMUP=3 CONNECTIONS=32 THREADS=2 CS_EXTRA="" ENV_BOTH="" API_ENV="" RAW_ENV="" NICE=0
WRK_NICE="" PRIORITY="" PREWARM=0 TOOLS="api raw" FRESH=0 COUNTERS=0 TAG="" ARTICLES=10000 SCENARIO=front
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --connections) CONNECTIONS="$2"; shift 2 ;;
        --wrk-threads) THREADS="$2"; shift 2 ;;
        --cs) CS_EXTRA="$2"; shift 2 ;;
        --env) ENV_BOTH="$2"; shift 2 ;;
        --api-env) API_ENV="$2"; shift 2 ;;
        --raw-env) RAW_ENV="$2"; shift 2 ;;
        --nice) NICE="$2"; shift 2 ;;
        --wrk-nice) WRK_NICE="$2"; shift 2 ;;
        --priority) PRIORITY="$2"; shift 2 ;;
        --prewarm) PREWARM="$2"; shift 2 ;;
        --tools) TOOLS="$2"; shift 2 ;;
        --fresh) FRESH=1; shift ;;
        --counters) COUNTERS=1; shift ;;
        --tag) TAG="$2"; shift 2 ;;
        --articles) ARTICLES="$2"; shift 2 ;;
        --scenario) SCENARIO="$2"; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "measure.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$TAG" ] || { echo "measure.sh: --tag NAME is required" >&2; exit 2; }

CONNECTION="${ConnectionStrings__Articles:-Host=127.0.0.1;Port=55432;Database=articles;Username=articles;Password=articles}"
cs_get() { echo "$CONNECTION" | tr ';' '\n' | awk -F= -v k="$1" 'tolower($1) == k {print substr($0, index($0, "=") + 1)}'; }
export PGHOST="$(cs_get host)" PGPORT="$(cs_get port)" PGUSER="$(cs_get username)" PGPASSWORD="$(cs_get password)"
DB="articles_bench_$ARTICLES"
BENCH_CS="Host=$PGHOST;Port=$PGPORT;Database=$DB;Username=$PGUSER;Password=$PGPASSWORD${CS_EXTRA:+;$CS_EXTRA}"
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
[ "$(sql "SELECT count(*) FROM articles")" = "$ARTICLES" ] || { echo "measure.sh: $DB is not ready (bench/run.sh --articles $ARTICLES --prepare-only)" >&2; exit 1; }

API_DLL=src/ArticlesApi/bin/Release/net10.0/ArticlesApi.dll
RAW_DLL=bench/RawEndpoint/bin/Release/net10.0/ArticlesApi.Bench.RawEndpoint.dll
API_PORT="${BENCH_API_PORT:-5190}" RAW_PORT="${BENCH_RAW_PORT:-5191}"
COUNTERS_TOOL="${DOTNET_COUNTERS:-dotnet-counters}"
OUT="$HERE/results"; RAW_OUT="$OUT/raw/$TAG"
mkdir -p "$OUT" "$RAW_OUT"
KEY="bench-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
case "$SCENARIO" in
    front) PATH_Q="/api/v1/articles?limit=20" ;;
    by-slug) PATH_Q="/api/v1/articles/$(sql "SELECT slug FROM articles WHERE deleted_at IS NULL AND status = 'published' AND published_at <= now() ORDER BY md5(slug) LIMIT 1")" ;;
    *) echo "measure.sh: unknown scenario $SCENARIO" >&2; exit 2 ;;
esac
log() { echo "front-tail: $*" >&2; }

PIDS=()
cleanup() { local p; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done; true; }
trap cleanup EXIT
wait_ready() { local i; for i in $(seq 1 120); do curl -fs -o /dev/null "$1" && return 0; kill -0 "$2" 2>/dev/null || return 1; sleep 0.25; done; return 1; }

declare -A PID
start() { # tool
    local tool="$1" port dll extra
    if [ "$tool" = api ]; then port=$API_PORT dll=$API_DLL extra="$API_ENV"; else port=$RAW_PORT dll=$RAW_DLL extra="$RAW_ENV"; fi
    # shellcheck disable=SC2086
    env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Articles="$BENCH_CS" Logging__LogLevel__Default=Warning \
        DOTNET_hostBuilder__reloadConfigOnChange=false RateLimiting__Enabled=false Paging__CursorKey="$KEY" Media__PublicBaseUrl="http://127.0.0.1:$port/media" \
        Caching__Enabled=false Database__SeedSampleContent=false BodyRerendering__Enabled=false $ENV_BOTH $extra \
        nice -n "$NICE" dotnet "$dll" --urls "http://127.0.0.1:$port" >>"$RAW_OUT/$tool.log" 2>&1 &
    PID[$tool]=$!
    PIDS+=("$!")
    wait_ready "http://127.0.0.1:$port/health/live" "$!" || { tail -n 20 "$RAW_OUT/$tool.log" >&2; log "$tool did not start"; exit 1; }
    curl -fsS -o /dev/null "http://127.0.0.1:$port$PATH_Q" || { log "$tool: $PATH_Q failed"; exit 1; }
    if [ "$COUNTERS" = 1 ]; then
        "$COUNTERS_TOOL" collect -p "${PID[$tool]}" --format csv -o "$RAW_OUT/counters-$tool-$ROUND.csv" --refresh-interval 1 \
            --counters System.Runtime,Npgsql >/dev/null 2>&1 &
        PIDS+=("$!")
    fi
}
stop() { local p="${PID[$1]:-}"; [ -n "$p" ] && { kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; }; PID[$1]=""; }

pressure() { sed -nE 's/^some avg10=([0-9.]+).*/\1/p' /proc/pressure/cpu; }
bgwriter() { sql "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter"; }
autovac() { sql "SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0) FROM pg_stat_all_tables"; }
ms() { # wrk's "12.3ms" / "1.02s" / "850.00us" → ms
    awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0; else if (v ~ /m$/) printf "%.2f", v * 60000; else printf "%.2f", v * 1000 }'
}

TSV="$OUT/$TAG.tsv"
printf 'tag\tround\ttool\trps\tp50_ms\tp90_ms\tp99_ms\tmax_ms\tp99_over_p50\tcpu_pressure_before\tcheckpoints\tautovacuums\tserver_cpu_ms_per_req\twrk_runq_ms_per_s\tserver_runq_ms_per_s\tdb_runq_ms_per_s\tcpu_pct_not_servers_or_db\n' >"$TSV"
HZ="$(getconf CLK_TCK)"
ticks_of() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# Time spent runnable but waiting for a CPU (ns, /proc/<pid>/task/*/schedstat's second field), summed over the
# threads of the given processes: the scheduler's queue, which no counter inside a process shows.
busy_jiffies() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
runq_wait() { local p; for p in "$@"; do cat /proc/"$p"/task/*/schedstat 2>/dev/null; done | awk '{s += $2} END {print s + 0}'; }
db_ticks() { local p s=0; for p in "$@"; do s=$(( s + $(ticks_of "$p") )); done; echo "$s"; }
db_pids() { sql "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()" | tr '\n' ' '; }

measure() { # tool round
    local tool="$1" round="$2" port out p0 k0 a0 c0 c1 wrk_pid w0 w1 s0 s1 d0 d1 dbp
    [ "$tool" = api ] && port=$API_PORT || port=$RAW_PORT
    out="$RAW_OUT/$tool-$round.txt"
    nice -n "${WRK_NICE:-$NICE}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$port$PATH_Q" >/dev/null
    p0="$(pressure)" k0="$(bgwriter)" a0="$(autovac)" c0="$(ticks_of "${PID[$tool]}")"
    dbp="$(db_pids)"
    [ -z "$PRIORITY" ] || renice -n "$PRIORITY" -p $dbp $(ls /proc/"${PID[api]:-1}"/task /proc/"${PID[raw]:-1}"/task 2>/dev/null | grep -E '^[0-9]+$') >/dev/null 2>&1 || true
    local b0 t0 b1 t1 o0 o1
    b0="$(busy_jiffies)" t0="$(date +%s%N)" o0="$(( $(ticks_of "${PID[api]:-1}") + $(ticks_of "${PID[raw]:-1}") + $(db_ticks $dbp) ))"
    nice -n "${PRIORITY:-${WRK_NICE:-$NICE}}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "http://127.0.0.1:$port$PATH_Q" >"$out" &
    wrk_pid=$!
    # Scheduler waits over the middle of the run (wrk's threads exist only while it runs).
    sleep 0.5
    w0="$(runq_wait "$wrk_pid")" s0="$(runq_wait "${PID[$tool]}")" d0="$(runq_wait $dbp)"
    sleep "$(awk -v d="$DURATION" 'BEGIN {print d - 1}')"
    w1="$(runq_wait "$wrk_pid")" s1="$(runq_wait "${PID[$tool]}")" d1="$(runq_wait $dbp)"
    wait "$wrk_pid"
    c1="$(ticks_of "${PID[$tool]}")"
    b1="$(busy_jiffies)" t1="$(date +%s%N)" o1="$(( $(ticks_of "${PID[api]:-1}") + $(ticks_of "${PID[raw]:-1}") + $(db_ticks $dbp) ))"
    local req p50 p90 p99 max rps span
    req="$(sed -nE 's/^ *([0-9]+) requests in.*/\1/p' "$out")"
    rps="$(sed -nE 's/^Requests\/sec: *([0-9.]+).*/\1/p' "$out")"
    p50="$(ms "$(awk '$1 == "50%" {print $2}' "$out")")"
    p90="$(ms "$(awk '$1 == "90%" {print $2}' "$out")")"
    p99="$(ms "$(awk '$1 == "99%" {print $2}' "$out")")"
    max="$(ms "$(awk '$1 == "Latency" {print $4}' "$out")")"
    span="$(awk -v d="$DURATION" 'BEGIN {print d - 1.5}')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$TAG" "$round" "$tool" "$rps" "$p50" "$p90" "$p99" "$max" \
        "$(awk -v a="$p99" -v b="$p50" 'BEGIN {printf "%.1f", a / b}')" "$p0" "$(( $(bgwriter) - k0 ))" "$(( $(autovac) - a0 ))" \
        "$(awk -v a="$c0" -v b="$c1" -v n="$req" -v hz="$HZ" 'BEGIN {printf "%.3f", (b - a) * 1000 / hz / n}')" \
        "$(awk -v a="$w0" -v b="$w1" -v s="$span" 'BEGIN {printf "%.0f", (b - a) / 1e6 / s}')" \
        "$(awk -v a="$s0" -v b="$s1" -v s="$span" 'BEGIN {printf "%.0f", (b - a) / 1e6 / s}')" \
        "$(awk -v a="$d0" -v b="$d1" -v s="$span" 'BEGIN {printf "%.0f", (b - a) / 1e6 / s}')" \
        "$(awk -v b0="$b0" -v b1="$b1" -v o0="$o0" -v o1="$o1" -v t0="$t0" -v t1="$t1" -v hz="$HZ" 'BEGIN {printf "%.0f", ((b1 - b0) - (o1 - o0)) / hz / ((t1 - t0) / 1e9) * 100}')" | tee -a "$TSV" >&2
}

log "$TAG: $ROUNDS rounds of ${DURATION}s (+${WARMUP}s warm-up), $CONNECTIONS connections, wrk -t$THREADS (nice ${WRK_NICE:-$NICE}), priority '${PRIORITY}', cs '${CS_EXTRA}', env '${ENV_BOTH}', api-env '${API_ENV}', raw-env '${RAW_ENV}', fresh=$FRESH"
ROUND=0
if [ "$FRESH" = 0 ]; then
    for t in $TOOLS; do start "$t"; done
    # --prewarm S: load each kept-up server for S s first, so round 1 is not its first contact (JIT tiering).
    if [ "$PREWARM" -gt 0 ]; then for t in $TOOLS; do
        [ "$t" = api ] && port=$API_PORT || port=$RAW_PORT
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${PREWARM}s" "http://127.0.0.1:$port$PATH_Q" >/dev/null
    done; sleep 5; fi
fi
for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
    if [ "$FRESH" = 1 ]; then for t in $TOOLS; do start "$t"; done; fi
    # Alternate which tool goes first, so a drift in the neighbours' load lands on both.
    order="$TOOLS"; [ $((ROUND % 2)) = 0 ] && order="$(echo "$TOOLS" | tr ' ' '\n' | tac | tr '\n' ' ')"
    for t in $order; do measure "$t" "$ROUND"; done
    if [ "$FRESH" = 1 ]; then for t in $TOOLS; do stop "$t"; done; fi
done
log "written: $TSV"
awk -F'\t' 'NR > 1 {print $3, $5, $7, $9}' "$TSV" | sort -k1,1 -s | awk '
    {n[$1]++; p50[$1, n[$1]] = $2; p99[$1, n[$1]] = $3; r[$1, n[$1]] = $4; if ($4 > 3) over[$1]++}
    END {for (t in n) printf "%s: runs %d, p99/p50 > 3 in %d\n", t, n[t], over[t] + 0}' >&2
