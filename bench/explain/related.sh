#!/usr/bin/env bash
# EXPLAIN (ANALYZE, BUFFERS) of the related-articles ranking (src/ArticlesApi/Features/Articles/Related/RelatedArticles.cs,
# the same SQL with $1 the article, $2 now, $3 the limit), as Npgsql's auto-prepared statement runs it (generic plan),
# for the article at OFFSET among the newest published articles of each language given. Read-only.
# One line per article: median execution and planning time of 19 runs after one warm-up, shared buffers of the last run.
#   bench/explain/related.sh articles_bench_1000000 "it:100 en:5000 es:10 de:300" 5
set -euo pipefail
DB="${1:?database name}"; ARTICLES="${2:-it:100 en:5000 es:10 de:300}"; LIMIT="${3:-5}"
PREPARE=$(cat <<'SQL'
PREPARE rel(uuid, timestamptz, int) AS
WITH me AS (
    SELECT a.language,
           tsvector_to_array(to_tsvector(articles_search_config(a.language), a.title || ' ' || coalesce(a.subtitle, ''))) AS terms
    FROM articles a WHERE a.id = $1
), shared AS (
    SELECT x.article_id, 1.0 / ln(3 + t.published_article_count) AS weight
    FROM article_tags mine JOIN tags t ON t.id = mine.tag_id
    CROSS JOIN LATERAL (
        SELECT other.article_id FROM article_tags other
        WHERE other.tag_id = mine.tag_id AND other.article_id <> $1
        ORDER BY other.article_id DESC LIMIT 200) x
    WHERE mine.article_id = $1
    UNION ALL
    SELECT x.article_id, 1.0 / ln(3 + s.published_article_count)
    FROM (SELECT DISTINCT source_id FROM citations WHERE article_id = $1) mine JOIN sources s ON s.id = mine.source_id
    CROSS JOIN LATERAL (
        SELECT DISTINCT other.article_id FROM citations other
        WHERE other.source_id = mine.source_id AND other.article_id <> $1
        ORDER BY other.article_id DESC LIMIT 200) x
), pool AS (
    SELECT article_id, sum(weight) AS score FROM shared GROUP BY article_id
    ORDER BY score DESC, article_id DESC LIMIT 200
), best AS (
    SELECT a.id, a.title, a.published_at, pool.score
    FROM pool JOIN articles a ON a.id = pool.article_id CROSS JOIN me
    WHERE a.language = me.language AND article_is_public(a.status, a.deleted_at, a.published_at, $2)
    ORDER BY pool.score DESC, a.published_at DESC, a.id DESC LIMIT 24
)
SELECT best.id AS "Id",
       (best.score + 0.2::float8 * cardinality(ARRAY(
           SELECT unnest(tsvector_to_array(to_tsvector(articles_search_config(me.language), best.title)))
           INTERSECT SELECT unnest(me.terms))))::float8 AS "Score"
FROM best CROSS JOIN me
ORDER BY 2 DESC, best.published_at DESC, best.id DESC
LIMIT $3;
SQL
)
echo "| Article | rows | planning ms | execution ms | shared buffers |"
echo "|---|---:|---:|---:|---|"
for spec in $ARTICLES; do
    lang="${spec%%:*}" offset="${spec#*:}"
    id="$(psql -X -q -t -A -d "$DB" -c "SELECT id FROM articles WHERE language = '$lang' AND status = 'published' AND deleted_at IS NULL ORDER BY published_at DESC LIMIT 1 OFFSET $offset")"
    out="$( { echo "SET plan_cache_mode = force_generic_plan;"; echo "$PREPARE"; echo "EXECUTE rel('$id', now(), $LIMIT);"
              for _ in $(seq 19); do echo "EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) EXECUTE rel('$id', now(), $LIMIT);"; done; } \
            | psql -X -q -t -A -d "$DB")"
    rows="$(grep -cE '^[0-9a-f]{8}-' <<<"$out" || true)"
    plans="$(grep -v -E '^[0-9a-f]{8}-|^(SET|PREPARE)$' <<<"$out")"
    plan="$(jq -r -s '[.[] | .[0] | "\(.["Planning Time"]) \(.["Execution Time"])"] | .[]' <<<"$plans")"
    planning="$(cut -d' ' -f1 <<<"$plan" | sort -n | sed -n 10p)"; execution="$(cut -d' ' -f2 <<<"$plan" | sort -n | sed -n 10p)"
    buffers="$(jq -r -s '.[-1][0].Plan | "hit \(.["Shared Hit Blocks"]), read \(.["Shared Read Blocks"])"' <<<"$plans")"
    printf '| %s (%s, offset %s) | %s | %s | %s | %s |\n' "$id" "$lang" "$offset" "$rows" "$planning" "$execution" "$buffers"
done
