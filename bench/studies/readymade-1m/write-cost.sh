#!/usr/bin/env bash
# The database side of an article write with the ready-made trigger on and off, and the render's lock and upsert:
# EXPLAIN (ANALYZE) medians over 40 random ready articles, each in a rolled-back transaction. Usage: write-cost.sh <db>
set -euo pipefail
DB=${1:?database}
P=(psql -h 127.0.0.1 -p 55432 -U articles -d "$DB" -At)
ids=$("${P[@]}" -c "select article_id from article_summaries_ready order by random() limit 40")
median() { sort -n | awk '{a[NR]=$1} END {print a[int(NR/2)+1]}'; }
# A first pass, not measured: at 1M the random articles' pages (heap and indexes) are not in shared buffers, and the first
# mode measured would pay for reading them (it made "on" 2-3x "off" at 1M).
for id in $ids; do echo "BEGIN; UPDATE articles SET title = title || ' x', updated_at = now() WHERE id = '$id'; ROLLBACK;"; done | "${P[@]}" >/dev/null
for mode in on off; do
    out=$(for id in $ids; do
        echo "BEGIN;"
        [ "$mode" = off ] && echo "ALTER TABLE articles DISABLE TRIGGER article_summaries_ready;"
        echo "EXPLAIN (ANALYZE, COSTS OFF) UPDATE articles SET title = title || ' x', updated_at = now() WHERE id = '$id'; ROLLBACK;"
    done | "${P[@]}")
    echo "trigger $mode: UPDATE median $(grep Execution <<<"$out" | sed 's/.*Time: \([0-9.]*\).*/\1/' | median) ms," \
        "ready-made trigger median $(grep 'Trigger article_summaries_ready' <<<"$out" | sed 's/.*time=\([0-9.]*\).*/\1/' | median) ms"
done
out=$(for id in $ids; do
    echo "BEGIN;"
    echo "EXPLAIN (ANALYZE, COSTS OFF) SELECT 1 FROM article_summaries_ready WHERE article_id = ANY(ARRAY['$id'::uuid]) ORDER BY article_id FOR UPDATE;"
    echo "EXPLAIN (ANALYZE, COSTS OFF) INSERT INTO article_summaries_ready (article_id, published_at, language, doc, keys, doc_in_index)
          SELECT article_id, published_at, language, doc || '\\x20'::bytea, keys, true FROM article_summaries_ready WHERE article_id = '$id'
          ON CONFLICT (article_id) DO UPDATE SET published_at = excluded.published_at, language = excluded.language, doc = excluded.doc,
          keys = excluded.keys, doc_in_index = excluded.doc_in_index WHERE (article_summaries_ready.doc) IS DISTINCT FROM (excluded.doc);"
    echo "ROLLBACK;"
done | "${P[@]}" | grep Execution | sed 's/.*Time: \([0-9.]*\).*/\1/')
echo "render lock median $(awk 'NR%2==1' <<<"$out" | median) ms, render upsert median $(awk 'NR%2==0' <<<"$out" | median) ms"
