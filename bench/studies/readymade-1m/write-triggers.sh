#!/usr/bin/env bash
# Every trigger's time in one article write, database side (helper ready1m): EXPLAIN (ANALYZE) of a title change of N
# random ready articles, each in a rolled-back transaction (nothing is written, no trigger disabled); medians of the
# statement's execution time and of each trigger's time (the ready-made tables', the search postings', the search
# words'…). Usage: write-triggers.sh <db> [N=40]
set -euo pipefail
DB=${1:?database} N=${2:-40}
P=(psql -X -h 127.0.0.1 -p 55432 -U articles -d "$DB" -At)
ids=$("${P[@]}" -c "select article_id from article_summaries_ready order by random() limit $N")
stmt() { for id in $ids; do echo "BEGIN; EXPLAIN (ANALYZE, COSTS OFF) UPDATE articles SET title = title || ' x', updated_at = now() WHERE id = '$id'; ROLLBACK;"; done; }
stmt | "${P[@]}" >/dev/null   # warm the articles' pages (not measured)
out=$(stmt | "${P[@]}")
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "UPDATE articles (one article, every trigger on): median $(grep Execution <<<"$out" | sed 's/.*Time: \([0-9.]*\).*/\1/' | median) ms over $N (load $(cut -d' ' -f1-3 /proc/loadavg))"
for t in $(grep -o '^Trigger [a-z_]*' <<<"$out" | cut -d' ' -f2 | sort -u); do
    echo "  trigger $t: median $(grep "^Trigger $t:" <<<"$out" | sed 's/.*time=\([0-9.]*\).*/\1/' | median) ms ($(grep -c "^Trigger $t:" <<<"$out") of $N writes fired it)"
done
