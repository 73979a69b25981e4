#!/usr/bin/env bash
# A write's combined cost through the API (issue 20, helper ready1m): PUT /api/v1/articles/{id} of N articles with an
# editor key, each a title change (a second pass puts the titles back, so 2N writes), and per write: the wall time
# curl sees, the CPU of the API process (every thread's /proc/<pid>/task/*/schedstat, ns) and of its database backends
# (/proc/<backend>/schedstat of the sessions whose application_name is APP). Prints medians and each write to OUT.
#   write-api.sh <base-url> <api-pid> <db> <key> <ids-file> <label> [APP=ready1m-api]
# Start measuring only when the API is warm and its worker idle: /health/ready's readymade description must START with
# "up to date:" (the summaries' phase, the last one; "articles up to date" is only the docs' phase) — at 1M the worker's
# first check (anti-joins over 1M articles) runs for minutes on the same Application Name and would be counted. Threads
# that exit during a write lose their CPU from the API column (schedstat is per live thread). Render costs apart:
# `git apply bench/studies/readymade-1m/skip-renders.patch`, Release build, READY1M_SKIP=summaries,docs,feed,named (not merged).
set -euo pipefail
BASE=$1 PID=$2 DB=$3 KEY=$4 IDS=$5 LABEL=$6 APP=${7:-ready1m-api}
WORK=${WORK:-/tmp/ready1m-work}; mkdir -p "$WORK"
P=(psql -X -h 127.0.0.1 -p 55432 -U articles -d "$DB" -At)
OUT=${OUT:-$WORK/write-$LABEL.tsv}
api_ns() { cat /proc/"$PID"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f\n", s}'; }
db_ns() { local s=0 pid v; for pid in $("${P[@]}" -c "select pid from pg_stat_activity where application_name = '$APP'"); do
    v=$(awk '{print $1}' /proc/"$pid"/schedstat 2>/dev/null || echo 0); s=$((s + v)); done; echo "$s"; }
: >"$OUT"
for pass in 1 2; do
    while read -r id; do
        curl -fsS -D $WORK/h -o $WORK/a.json -H "Authorization: Bearer $KEY" "$BASE/api/v1/articles/$id"
        etag=$(grep -i '^etag:' $WORK/h | cut -d' ' -f2- | tr -d '\r')
        # pass 1 appends " ·" to the title, pass 2 takes it off again
        jq -c --arg pass "$pass" '.title |= (if $pass == "1" then . + " ·" else rtrimstr(" ·") end)' $WORK/a.json >$WORK/put.json
        a0=$(api_ns); d0=$(db_ns)
        r=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -X PUT -H "Authorization: Bearer $KEY" -H "If-Match: $etag" \
            -H 'Content-Type: application/json' --data-binary @$WORK/put.json "$BASE/api/v1/articles/$id")
        a1=$(api_ns); d1=$(db_ns)
        set -- $r
        [ "$1" = 200 ] || { echo "PUT $id answered $1" >&2; continue; }
        printf '%s\t%s\t%.3f\t%.3f\t%.3f\n' "$id" "$pass" "$(echo "$2 * 1000" | bc -l)" "$(echo "($a1 - $a0) / 1000000" | bc -l)" "$(echo "($d1 - $d0) / 1000000" | bc -l)" >>"$OUT"
    done <"$IDS"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "$LABEL: $(wc -l <"$OUT") writes; median wall $(cut -f3 "$OUT" | median) ms, API CPU $(cut -f4 "$OUT" | median) ms, DB CPU $(cut -f5 "$OUT" | median) ms (load $(cut -d' ' -f1-3 /proc/loadavg))"
