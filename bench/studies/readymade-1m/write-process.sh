#!/usr/bin/env bash
# write-process.sh <port> <api-pid> <db> <key> <ids-file> <label> <app>: write-api.sh (medians of 2 × N PUTs) plus the API
# process's whole CPU a write from /proc/<pid>/stat (utime+stime: threads that exited included, the GET before each PUT and
# the worker's idle polling too), and the run's wall time (helper writepath). Run two APIs (e.g. with and without
# DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70) and alternate their batches so that both see the same load.
set -euo pipefail
PORT=$1 PID=$2 DB=$3 KEY=$4 IDS=$5 LABEL=$6 APP=$7
export WORK=${WORK:-/tmp/writepath-$LABEL}
n=$(( $(wc -l <"$IDS") * 2 ))
s0=$(awk '{print $14+$15}' /proc/"$PID"/stat); t0=$(date +%s.%N)
r=$(OUT=$WORK/out.tsv "$(dirname "$0")"/write-api.sh "http://127.0.0.1:$PORT" "$PID" "$DB" "$KEY" "$IDS" "$LABEL" "$APP" | tail -n 1)
s1=$(awk '{print $14+$15}' /proc/"$PID"/stat); t1=$(date +%s.%N)
ticks=$(getconf CLK_TCK)
echo "$r; process CPU $(echo "($s1 - $s0) * 1000 / $ticks / $n" | bc -l | cut -c1-6) ms a write (GET included), $(echo "$t1 - $t0" | bc | cut -c1-5) s"
