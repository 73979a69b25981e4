#!/usr/bin/env bash
# One candidate's four statements (relevance / by date, without / with a language filter) for every term:
#   run.sh DB candidate [measure|cpu]   (candidate: marker = today (language-* when filtered), rum, bucket, …; cpu: RUNS=20 by default)
set -euo pipefail
DB="$1" C="$2" HOW="${3:-measure}"
HERE="$(cd "$(dirname "$0")" && pwd)"
TERMS="${TERMS:-ossezia#it zanzibar#it trattato#it treaty#en paz#es krieg#de}"
args=()
for t in $TERMS; do
    plain="${C}"; filtered="${C}"; [ "$C" = marker ] && filtered=language
    for s in relevance date; do
        args+=("$C-$s" "$HERE/sql/$plain-$s-nohl.sql" "${t%%#*}")
        args+=("$C-$s-lang" "$HERE/sql/$filtered-$s-nohl-lang.sql" "$t")
    done
done
if [ "$HOW" = cpu ]; then "$HERE/cpu.sh" "$DB" "${RUNS:-20}" "${args[@]}"; else "$HERE/measure.sh" "$DB" "${args[@]}"; fi
