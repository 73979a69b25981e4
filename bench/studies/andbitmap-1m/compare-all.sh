#!/usr/bin/env bash
# The two APIs' answers byte for byte for every request of a sweep result (sweep.py run's TSV) that answered 200 on the
# first; `deep:` and `ref:` lines skipped. READ-ONLY.   compare-all.sh BEFORE_URL AFTER_URL results/sweep-main-1.tsv
set -euo pipefail
A="$1" B="$2" TSV="$3"
same=0 diff=0
while IFS=$'\t' read -r query status _; do
    case "$query" in \#*|ref:*|deep:*) continue ;; esac
    [ "$status" = 200 ] || continue
    if cmp -s <(curl -s --max-time 30 "$A/api/v1/articles?$query") <(curl -s --max-time 30 "$B/api/v1/articles?$query"); then same=$((same + 1)); else diff=$((diff + 1)); echo "differs: $query"; fi
done <"$TSV"
echo "$same identical, $diff differ"
