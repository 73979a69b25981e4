#!/usr/bin/env bash
# The search postings' share of one article write, database side (issue 18, helper writecost): for N random public
# articles, each in a rolled-back transaction, EXPLAIN (ANALYZE, BUFFERS, WAL) of
#   1. a title change of the article (every trigger on): the statement's time, the postings trigger's time;
#   2. the postings trigger's upsert alone (the article's keyed vector into article_search_postings): its time,
#      the buffers it touched and the WAL it wrote (RUM logs every page it changes with generic WAL: one full-page
#      image per page first changed since the last checkpoint).
# Prints medians, and the article's lexeme count (one RUM entry each). Usage: write-postings.sh <db> [N=40]
set -euo pipefail
DB=${1:?database} N=${2:-40}
P=(psql -X -h 127.0.0.1 -p 55432 -U articles -d "$DB" -At)
ids=$("${P[@]}" -c "select article_id from article_search_postings order by random() limit $N")
upd() { for id in $ids; do echo "BEGIN; EXPLAIN (ANALYZE, COSTS OFF) UPDATE articles SET title = title || ' x', updated_at = now() WHERE id = '$id'; ROLLBACK;"; done; }
ups() { for id in $ids; do echo "BEGIN; EXPLAIN (ANALYZE, BUFFERS, WAL, COSTS OFF) INSERT INTO article_search_postings (article_id, published_at, language, vector)
    SELECT a.id, a.published_at, a.language, searchrum_keyed_vector(a.search_vector || 'writecostx'::tsvector, a.language) FROM articles a WHERE a.id = '$id'
    ON CONFLICT (article_id) DO UPDATE SET published_at = EXCLUDED.published_at, language = EXCLUDED.language, vector = EXCLUDED.vector; ROLLBACK;"; done; }
upd | "${P[@]}" >/dev/null   # warm the articles' pages (not measured)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
out=$(upd | "${P[@]}")
echo "UPDATE articles (title, every trigger on): median $(grep Execution <<<"$out" | sed 's/.*Time: \([0-9.]*\).*/\1/' | median) ms over $N (load $(cut -d' ' -f1-3 /proc/loadavg))"
for t in $(grep -o '^Trigger [a-z_]*' <<<"$out" | cut -d' ' -f2 | sort -u); do
    echo "  trigger $t: median $(grep "^Trigger $t:" <<<"$out" | sed 's/.*time=\([0-9.]*\).*/\1/' | median) ms ($(grep -c "^Trigger $t:" <<<"$out") of $N)"
done
out=$(ups | "${P[@]}")
echo "postings upsert alone: median $(grep Execution <<<"$out" | sed 's/.*Time: \([0-9.]*\).*/\1/' | median) ms;" \
    "shared hit $(grep -m$N -o 'Buffers: shared hit=[0-9]*' <<<"$out" | grep -o '[0-9]*$' | median)," \
    "read $( (grep -o 'Buffers: shared[^W]*read=[0-9]*' <<<"$out" | grep -o '[0-9]*$' || echo 0) | median)," \
    "WAL fpi $( (grep -o 'WAL: records=[0-9]* fpi=[0-9]*' <<<"$out" | grep -o '[0-9]*$' || echo 0) | median)," \
    "WAL bytes $(grep -o 'bytes=[0-9]*' <<<"$out" | grep -o '[0-9]*$' | median) (median per write; load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "lexemes per article: median $("${P[@]}" -c "select percentile_disc(0.5) within group (order by length(vector)) from article_search_postings where article_id = any('{$(echo $ids | tr ' ' ,)}')")"
