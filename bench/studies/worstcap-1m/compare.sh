#!/usr/bin/env bash
# The two APIs' answers byte for byte for the requests of a sweep result (sweep.py run's TSV) that answered 200 within MAX_MS
# on the first and ask total or facets (what this branch changes); `deep:` and `ref:` lines skipped. READ-ONLY.
#   compare.sh BEFORE_URL AFTER_URL results/main-1.tsv [MAX_MS=1500]
set -euo pipefail
A="$1" B="$2" TSV="$3" MAX="${4:-1500}"
same=0 diff=0
while IFS=$'\t' read -r query status wall _; do
    case "$query" in \#*|ref:*|deep:*) continue ;; esac
    [ "$status" = 200 ] && [ "$wall" -le "$MAX" ] || continue
    [[ "$query" == *total=true* || "$query" == *facets=* ]] || continue
    if cmp -s <(curl -s "$A/api/v1/articles?$query") <(curl -s "$B/api/v1/articles?$query"); then same=$((same + 1)); else diff=$((diff + 1)); echo "differs: $query"; fi
done <"$TSV"
echo "$same identical, $diff differ"
