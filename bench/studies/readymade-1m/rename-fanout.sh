#!/usr/bin/env bash
# Re-render after a tag rename, per ready-made kind (helper ready1m): renames a tag through the API (PUT, editor key),
# then polls each fan-out's progress row until it passes the rename's content change: the summaries
# (article_summaries_ready_progress), the article docs (article_docs_ready_progress), the feed items
# (feed_items_ready_progress). Prints the seconds from the PUT's answer to each, and the API's CPU meanwhile.
#   rename-fanout.sh <base-url> <api-pid> <db> <key> <tag-slug> <new-name>
set -euo pipefail
BASE=$1 PID=$2 DB=$3 KEY=$4 SLUG=$5 NAME=$6
P=(psql -X -h 127.0.0.1 -p 55432 -U articles -d "$DB" -At)
# utime+stime of the whole process in ns (threads that exited included; 10 ms ticks: enough for seconds of re-render)
api_ns() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f\n", ($14 + $15) * 1e9 / hz}' /proc/"$PID"/stat; }
id=$("${P[@]}" -c "select id from tags where slug = '$SLUG'")
echo "tag $SLUG ($id): $("${P[@]}" -c "select count(*) from article_summaries_ready where keys && array['tag-$id']") summaries," \
    "$("${P[@]}" -c "select count(*) from article_docs_ready where keys && array['tag-$id']") article docs," \
    "$("${P[@]}" -c "select count(*) from feed_items_ready fi join article_tags x on x.article_id = fi.article_id where x.tag_id = '$id'") feed items show it"
curl -fsS -D /tmp/ready1m-work/th -o /tmp/ready1m-work/t.json -H "Authorization: Bearer $KEY" "$BASE/api/v1/tags/$SLUG"
etag=$(grep -i '^etag:' /tmp/ready1m-work/th | cut -d' ' -f2- | tr -d '\r')
jq -c --arg n "$NAME" '{name: $n, slug: .slug, description: .description} + (if .translations then {translations: .translations} else {} end)' /tmp/ready1m-work/t.json >/tmp/ready1m-work/tput.json
a0=$(api_ns); t0=$(date +%s.%N)
code=$(curl -sS -o /tmp/ready1m-work/tput.out -w '%{http_code}' -X PUT -H "Authorization: Bearer $KEY" -H "If-Match: $etag" \
    -H 'Content-Type: application/json' --data-binary @/tmp/ready1m-work/tput.json "$BASE/api/v1/tags/$SLUG")
[ "$code" = 200 ] || { echo "PUT answered $code: $(cat /tmp/ready1m-work/tput.out)"; exit 1; }
seq=$("${P[@]}" -c "select max(sequence) from content_changes where resource = 'tag' and resource_id = '$id'")
echo "renamed to '$NAME' (content change $seq; PUT $(echo "$(date +%s.%N) - $t0" | bc) s; load $(cut -d' ' -f1-3 /proc/loadavg))"
left=" article_summaries_ready article_docs_ready feed_items_ready "
while [ -n "${left// /}" ]; do
    for kind in $left; do
        if [ "$("${P[@]}" -c "select last_sequence >= $seq from ${kind}_progress")" = t ]; then
            left=${left/ $kind / }
            echo "  $kind: up to date $(echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.1f') s after the rename, API CPU so far $(echo "($(api_ns) - $a0) / 1000000000" | bc -l | xargs printf '%.2f') s (load $(cut -d' ' -f1 /proc/loadavg))"
        fi
    done
    sleep 0.5
done
echo "  left with the old name: summaries $("${P[@]}" -c "select count(*) from article_summaries_ready where keys && array['tag-$id'] and position(convert_to('\"$NAME\"', 'UTF8') in doc) = 0")," \
    "docs $("${P[@]}" -c "select count(*) from article_docs_ready where keys && array['tag-$id'] and position(convert_to('\"$NAME\"', 'UTF8') in doc) = 0")"
