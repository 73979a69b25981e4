using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;

namespace Articles.Related;

/// The published articles most related to one, in its language: one SQL command whose cost does not grow with the
/// number of articles (docs/decisions/0037-related-articles.md).
/// - Candidates: for each of the article's tags and cited sources, the PerList newest articles that share it (UUIDv7 ids
///   order by creation), read from the (tag_id, article_id) and (source_id, article_id) indexes alone.
/// - Score: the sum over what a candidate shares of 1 / ln(3 + published articles of that tag or source), so a rare tag
///   counts more than "Politics". Only the Pool best are read from the table (language and visibility).
/// - Terms: the Reranked best of those gain TermWeight per word (stemmed, in the article's language) that their title
///   shares with the article's title and subtitle; titles are short and stored in line, unlike the search vectors.
/// - Ties: newer first (published_at, then id).
static class RelatedArticles
{
    public const int PerList = 200;
    public const int Pool = 200;
    public const int Reranked = 24;
    public const double TermWeight = 0.2;

    public sealed class Hit
    {
        public Guid Id { get; init; }
        public double Score { get; init; }
    }

    public static Task<List<Hit>> FindAsync(ArticlesDb db, Guid articleId, DateTime now, int limit, CancellationToken ct) =>
        db.Database.SqlQuery<Hit>($"""
            WITH me AS (
                SELECT a.language,
                       tsvector_to_array(to_tsvector(articles_search_config(a.language), a.title || ' ' || coalesce(a.subtitle, ''))) AS terms
                FROM articles a WHERE a.id = {articleId}
            ), shared AS (
                SELECT x.article_id, 1.0 / ln(3 + t.published_article_count) AS weight
                FROM article_tags mine JOIN tags t ON t.id = mine.tag_id
                CROSS JOIN LATERAL (
                    SELECT other.article_id FROM article_tags other
                    WHERE other.tag_id = mine.tag_id AND other.article_id <> {articleId}
                    ORDER BY other.article_id DESC LIMIT {PerList}) x
                WHERE mine.article_id = {articleId}
                UNION ALL
                SELECT x.article_id, 1.0 / ln(3 + s.published_article_count)
                FROM (SELECT DISTINCT source_id FROM citations WHERE article_id = {articleId}) mine JOIN sources s ON s.id = mine.source_id
                CROSS JOIN LATERAL (
                    SELECT DISTINCT other.article_id FROM citations other
                    WHERE other.source_id = mine.source_id AND other.article_id <> {articleId}
                    ORDER BY other.article_id DESC LIMIT {PerList}) x
            ), pool AS (
                SELECT article_id, sum(weight) AS score FROM shared GROUP BY article_id
                ORDER BY score DESC, article_id DESC LIMIT {Pool}
            ), best AS (
                SELECT a.id, a.title, a.published_at, pool.score
                FROM pool JOIN articles a ON a.id = pool.article_id CROSS JOIN me
                WHERE a.language = me.language AND article_is_public(a.status, a.deleted_at, a.published_at, {now})
                ORDER BY pool.score DESC, a.published_at DESC, a.id DESC LIMIT {Reranked}
            )
            SELECT best.id AS "Id",
                   (best.score + {TermWeight} * cardinality(ARRAY(
                       SELECT unnest(tsvector_to_array(to_tsvector(articles_search_config(me.language), best.title)))
                       INTERSECT SELECT unnest(me.terms))))::float8 AS "Score"
            FROM best CROSS JOIN me
            ORDER BY 2 DESC, best.published_at DESC, best.id DESC
            LIMIT {limit}
            """).ToListAsync(ct);
}
