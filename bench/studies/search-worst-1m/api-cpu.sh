#!/usr/bin/env bash
# Database CPU (and the API's) per search, through a running API, for each shape of shapes.tsv: every q of a shape is a
# distinct query (words in rotation, never the same q twice in a run), sent once, one after the other (no concurrency), with
# the API's response cache off. CPU = utime+stime from /proc of the API process and of the database backends whose
# application_name is APP (the API's connection string `Application Name=…`), summed over the shape's requests and divided
# by their number; wall = median of curl's total time. One warm-up shape first (not reported). READ-ONLY.
#   bench/studies/search-worst-1m/api-cpu.sh BASE_URL APP API_PID [shapes.tsv] > results.md
# shapes.tsv: label<TAB>extra query string (`&total=true`…, `-` for none)<TAB>q1|q2|… (URL-encoded by this script).
# Connection for pg_stat_activity: PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE, or ConnectionStrings__Articles.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BASE="$1" APP="$2" API_PID="$3" SHAPES="${4:-$HERE/shapes.tsv}"
if [ -n "${ConnectionStrings__Articles:-}" ] && [ -z "${PGHOST:-}" ]; then
    cs() { tr ';' '\n' <<<"$ConnectionStrings__Articles" | sed -n "s/^ *$1 *= *//Ip" | head -n 1; }
    export PGHOST="$(cs host)" PGPORT="$(cs port)" PGUSER="$(cs username)" PGPASSWORD="$(cs password)"
fi
HZ="$(getconf CLK_TCK)"
ticks_of() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
db_ticks() { for pid in $(psql -X -qAt -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$APP'"); do echo "$pid $(ticks_of "$pid")"; done; }
between() { awk 'NR == FNR {b[$1] = $2; next} {t += $2 - (($1 in b) ? b[$1] : 0)} END {print t + 0}' "$1" "$2"; }
enc() { jq -rn --arg s "$1" '$s | @uri'; }
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
echo "API \`$BASE\` (application name \`$APP\`); one request at a time, each q once; load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%H:%M) UTC."
echo
echo "| shape | extra | requests | DB CPU ms / request | API CPU ms / request | wall ms (median) | statuses | example q |"
echo "|---|---|---:|---:|---:|---:|---|---|"
first=1
while IFS=$'\t' read -r label extra qs; do
    { [ -z "$label" ] || [[ "$label" == \#* ]]; } && continue
    [ "$extra" = - ] && extra=""
    IFS='|' read -r -a list <<<"$qs"
    db_ticks >"$WORK/before"; a0="$(ticks_of "$API_PID")"
    : >"$WORK/walls"; : >"$WORK/codes"
    for q in "${list[@]}"; do
        curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE/api/v1/articles?q=$(enc "$q")$extra" >>"$WORK/codes"
    done
    a1="$(ticks_of "$API_PID")"; db_ticks >"$WORK/after"
    n=${#list[@]}
    dbt="$(between "$WORK/before" "$WORK/after")"
    wall="$(awk '{print $2 * 1000}' "$WORK/codes" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')"
    codes="$(awk '{c[$1]++} END {for (k in c) printf "%s×%s ", c[k], k}' "$WORK/codes")"
    if [ "$first" = 1 ]; then first=0; continue; fi
    printf '| %s | `%s` | %d | %.1f | %.1f | %.0f | %s | `%s` |\n' "$label" "${extra:-}" "$n" \
        "$(echo "$dbt * 1000 / $HZ / $n" | bc -l)" "$(echo "($a1 - $a0) * 1000 / $HZ / $n" | bc -l)" "$wall" "$codes" "${list[0]}"
done <"$SHAPES"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
