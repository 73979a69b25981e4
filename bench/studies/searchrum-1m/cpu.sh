#!/usr/bin/env bash
# Backend CPU time per search (utime+stime of the backend, /proc/<pid>/stat, in clock ticks of 10 ms), one warm session
# as the API's custom-plan pool runs (force_custom_plan, no parallel workers, jit off): 3 warm-up executions, then RUNS.
# Planning is included (each execution is planned for its values, as the API's searches are). Less sensitive to the
# machine's load than EXPLAIN's wall-clock times.
#   cpu.sh DB RUNS label file.sql term [label file.sql term ...]   (same files and placeholders as measure.sh)
set -euo pipefail
DB="$1" RUNS="$2"; shift 2
HERE="$(cd "$(dirname "$0")" && pwd)"
TICK_MS=$(( 1000 / $(getconf CLK_TCK) ))
echo "| statement | term | backend CPU ms per search (mean of $RUNS) |"
echo "|---|---|---:|"
while [ $# -ge 3 ]; do
    label="$1" file="$2" term="$3"; shift 3
    sql="$(MEASURE_PRINT_SQL=1 "$HERE/measure.sh" "$DB" "$label" "$file" "$term" | tail -n +3)"
    ticks="$({
        echo "SET plan_cache_mode = force_custom_plan; SET max_parallel_workers_per_gather = 0; SET jit = off;"
        echo "SELECT pg_backend_pid() AS pid \\gset"
        echo "\\o /dev/null"
        for i in 1 2 3; do echo "$sql;"; done
        echo "\\set t0 \`awk '{print \$14 + \$15}' /proc/:pid/stat\`"
        for i in $(seq "$RUNS"); do echo "$sql;"; done
        echo "\\set t1 \`awk '{print \$14 + \$15}' /proc/:pid/stat\`"
        echo "\\o"
        echo "SELECT :t1 - :t0;"
    } | psql -X -q -At -d "$DB")"
    printf '| %s | `%s` | %s |\n' "$label" "$term" "$(echo "scale=2; $ticks * $TICK_MS / $RUNS" | bc)"
done
