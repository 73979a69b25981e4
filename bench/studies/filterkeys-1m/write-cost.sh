#!/usr/bin/env bash
# The filter keys' cost on writes: one tag linked to a public article, the deferred keys trigger fired at once (SET CONSTRAINTS
# … IMMEDIATE: the side row's update, its three indexes), against the article's own title update (the side table's existing
# trigger re-writes the row too); medians over 40 random public articles, each in a rolled-back transaction (psql \timing, ms).
# Usage: write-cost.sh <db>
set -euo pipefail
export PGPASSWORD=${PGPASSWORD:-articles}
DB=${1:?database}
P=(psql -X -h 127.0.0.1 -p 55432 -U articles -d "$DB" -At)
ids=$("${P[@]}" -c "select article_id from article_search_postings order by random() limit 40")
tag=$("${P[@]}" -c "select id from tags order by published_article_count limit 1")
median() { sort -n | awk '{a[NR]=$1} END {print a[int(NR/2)+1]}'; }
run() { # $1: label, $2: the statement measured (after a first pass that reads the pages), per article id as {}
    for pass in warm measured; do
        out=$(for id in $ids; do
            echo "BEGIN;"; echo "${3:-}" | sed "s/{}/$id/g"; echo "\\timing on"; echo "$2" | sed "s/{}/$id/g"; echo "\\timing off"; echo "ROLLBACK;"
        done | "${P[@]}" 2>&1 | grep '^Time:' | sed 's/Time: \([0-9.]*\).*/\1/')
    done
    echo "$1: median $(median <<<"$out") ms over $(wc -l <<<"$out")"
}
run "keys trigger (a tag linked, fired)" "SET CONSTRAINTS article_search_postings_keys IMMEDIATE;" \
    "INSERT INTO article_tags (article_id, tag_id, position) VALUES ('{}', '$tag', 99);"
run "tag link insert (trigger deferred)" "INSERT INTO article_tags (article_id, tag_id, position) VALUES ('{}', '$tag', 99);"
run "title update (side row re-written)" "UPDATE articles SET title = title || ' x', updated_at = now() WHERE id = '{}';"
