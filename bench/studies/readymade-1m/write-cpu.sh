#!/usr/bin/env bash
# The backend CPU of one article write by what it runs (issue 18, helper writecost): N random public articles' title
# change (`UPDATE articles SET title = title || ' x'`), each in a rolled-back transaction, in one session per mode; the
# session's backend CPU (/proc/<pid>/schedstat, run time) over the N statements, divided by N. At a load of 50–100 on 2
# cores EXPLAIN's wall times are mostly waiting for a CPU; this is the CPU. Modes (the disabled part inside the rolled-back
# transaction, so nothing stays; it takes an exclusive lock: only on a database of your own):
#   all       every trigger on
#   nopost    the search postings' trigger disabled (article_search_postings_update)
#   norum     every trigger on, the RUM index dropped (the postings row still written: the heap, its primary key, TOAST)
#   nowords   the search words' trigger disabled (articles_search_words_update, ADR 0038)
#   notrig    every user trigger disabled (the row, its generated search vector, its indexes)
# Usage: write-cpu.sh <db> [N=40] [modes="all nopost norum"] [rounds=3]   (needs to read /proc of the server's backends)
set -euo pipefail
DB=${1:?database} N=${2:-40} MODES=${3:-all nopost norum} ROUNDS=${4:-3}
P=(psql -X -q -h 127.0.0.1 -p 55432 -U articles -d "$DB" -At)
ids=$("${P[@]}" -c "select article_id from article_search_postings order by random() limit $N")
pre() { case $1 in all) ;; nopost) echo "ALTER TABLE articles DISABLE TRIGGER article_search_postings_update;" ;;
    norum) echo "DROP INDEX article_search_postings_rum;" ;;
    nowords) echo "ALTER TABLE articles DISABLE TRIGGER articles_search_words_update;" ;;
    notrig) echo "ALTER TABLE articles DISABLE TRIGGER USER;" ;; esac; }
run() { # mode -> ms of backend CPU a write (one session: a coprocess, synchronised by reading a SELECT's answer)
    local pid a b id
    coproc Q { "${P[@]}"; }
    echo "SELECT pg_backend_pid();" >&"${Q[1]}"; read -r pid <&"${Q[0]}"
    for id in $ids; do echo "BEGIN; $(pre "$1") UPDATE articles SET title = title || ' x', updated_at = now() WHERE id = '$id'; ROLLBACK;" >&"${Q[1]}"; done  # warm
    echo "SELECT 1;" >&"${Q[1]}"; read -r _ <&"${Q[0]}"
    a=$(awk '{print $1}' /proc/"$pid"/schedstat)
    for id in $ids; do echo "BEGIN; $(pre "$1") UPDATE articles SET title = title || ' x', updated_at = now() WHERE id = '$id'; ROLLBACK;" >&"${Q[1]}"; done
    echo "SELECT 1;" >&"${Q[1]}"; read -r _ <&"${Q[0]}"
    b=$(awk '{print $1}' /proc/"$pid"/schedstat)
    exec {Q[1]}>&-; wait "$Q_PID" 2>/dev/null || true
    awk -v a="$a" -v b="$b" -v n="$N" 'BEGIN {printf "%.3f", (b - a) / n / 1e6}'
}
for r in $(seq 1 "$ROUNDS"); do
    line="round $r:"
    for m in $MODES; do line="$line $m $(run "$m") ms"; done
    echo "$line (backend CPU a write, N=$N; load $(cut -d' ' -f1-3 /proc/loadavg))"
done
