#!/usr/bin/env bash
# stmt-cpu.sh <db> <N> <sql>: the backend CPU of one execution of <sql> (N warm-up runs, then N measured, one session;
# /proc/<pid>/schedstat). E.g. articles_counts_move with nothing to move (helper writecost).
DB=$1 N=$2 SQL=$3
P=(psql -X -q -h 127.0.0.1 -p 55432 -U articles -d "$DB" -At)
coproc Q { "${P[@]}" 2>&1; }
echo "SELECT pg_backend_pid();" >&"${Q[1]}"; read -r pid <&"${Q[0]}"
for i in $(seq $N); do echo "$SQL" >&"${Q[1]}"; done
echo "SELECT 'sync';" >&"${Q[1]}"; while read -r l <&"${Q[0]}"; do [ "$l" = sync ] && break; done
a=$(awk '{print $1}' /proc/$pid/schedstat)
for i in $(seq $N); do echo "$SQL" >&"${Q[1]}"; done
echo "SELECT 'sync';" >&"${Q[1]}"; while read -r l <&"${Q[0]}"; do [ "$l" = sync ] && break; done
b=$(awk '{print $1}' /proc/$pid/schedstat)
exec {Q[1]}>&-; wait
awk -v a=$a -v b=$b -v n=$N 'BEGIN {printf "%.3f ms\n", (b-a)/n/1e6}'
