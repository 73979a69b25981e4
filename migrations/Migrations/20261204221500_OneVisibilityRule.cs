using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// One visibility rule in SQL (docs/decisions/0019): <c>article_is_public(status, deleted_at, published_at, at)</c>,
    /// the SQL twin of ArticleVisibility.Public. An inlinable SQL function (LANGUAGE sql, IMMUTABLE, one
    /// expression): the planner replaces the call by its body, so queries keep their indexes.
    /// The published-article counts (migration PublishedArticleCounts) count the same articles as before,
    /// now through the function: stored as published and public at some time
    /// (<c>status = 'published' AND article_is_public(…, 'infinity')</c>).
    /// </summary>
    public partial class OneVisibilityRule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION article_is_public(status text, deleted_at timestamptz, published_at timestamptz, at timestamptz)
                RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT deleted_at IS NULL AND status IN ('published', 'scheduled') AND published_at IS NOT NULL AND published_at <= at
                $$;
                """);
            CountFunctions(migrationBuilder,
                alias => $"{alias}.status = 'published' AND article_is_public({alias}.status, {alias}.deleted_at, {alias}.published_at, 'infinity')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            CountFunctions(migrationBuilder, alias => $"{alias}.status = 'published' AND {alias}.deleted_at IS NULL");
            migrationBuilder.Sql("DROP FUNCTION article_is_public(text, timestamptz, timestamptz, timestamptz);");
        }

        /// Replaces the functions of migration PublishedArticleCounts with `counted(alias)`
        /// as what a count counts, and recounts.
        static void CountFunctions(MigrationBuilder migrationBuilder, Func<string, string> counted)
        {
            migrationBuilder.Sql($$"""
                CREATE OR REPLACE FUNCTION articles_counts_move(owner_kind text, article_ids uuid[], owner_ids uuid[], moves int[]) RETURNS void
                LANGUAGE sql AS $$
                WITH changed AS (
                    SELECT m.article_id, m.owner_id, sum(m.move)::int AS moved
                    FROM unnest(article_ids, owner_ids, moves) AS m(article_id, owner_id, move)
                    GROUP BY m.article_id, m.owner_id
                ), present AS (
                    SELECT c.owner_id, c.moved, CASE owner_kind
                        WHEN 'author' THEN (SELECT count(*) FROM article_authors l WHERE l.article_id = c.article_id AND l.author_id = c.owner_id)
                        WHEN 'tag' THEN (SELECT count(*) FROM article_tags l WHERE l.article_id = c.article_id AND l.tag_id = c.owner_id)
                        ELSE (SELECT count(*) FROM citations l WHERE l.article_id = c.article_id AND l.source_id = c.owner_id)
                    END AS now_links
                    FROM changed c
                    JOIN articles a ON a.id = c.article_id AND {{counted("a")}}
                ), deltas AS (
                    SELECT owner_id, sum((now_links > 0)::int - ((now_links - moved) > 0)::int) AS delta
                    FROM present GROUP BY owner_id
                ), authors_changed AS (
                    UPDATE authors SET published_article_count = published_article_count + d.delta
                    FROM deltas d WHERE owner_kind = 'author' AND authors.id = d.owner_id AND d.delta <> 0
                ), tags_changed AS (
                    UPDATE tags SET published_article_count = published_article_count + d.delta
                    FROM deltas d WHERE owner_kind = 'tag' AND tags.id = d.owner_id AND d.delta <> 0
                )
                UPDATE sources SET published_article_count = published_article_count + d.delta
                FROM deltas d WHERE owner_kind = 'source' AND sources.id = d.owner_id AND d.delta <> 0
                $$;
                """);
            migrationBuilder.Sql($$"""
                CREATE OR REPLACE FUNCTION articles_counts_on_articles() RETURNS trigger
                LANGUAGE plpgsql AS $$
                DECLARE
                    was_counted boolean := {{counted("OLD")}};
                    is_counted boolean := TG_OP = 'UPDATE' AND {{counted("NEW")}};
                    delta int := CASE WHEN is_counted THEN 1 ELSE -1 END;
                BEGIN
                    IF was_counted <> is_counted THEN
                        UPDATE authors SET published_article_count = published_article_count + delta
                        WHERE id IN (SELECT author_id FROM article_authors WHERE article_id = OLD.id);
                        UPDATE tags SET published_article_count = published_article_count + delta
                        WHERE id IN (SELECT tag_id FROM article_tags WHERE article_id = OLD.id);
                        UPDATE sources SET published_article_count = published_article_count + delta
                        WHERE id IN (SELECT source_id FROM citations WHERE article_id = OLD.id);
                    END IF;
                    IF TG_OP = 'DELETE' THEN
                        RETURN OLD;
                    END IF;
                    RETURN NEW;
                END
                $$;
                """);
            migrationBuilder.Sql($$"""
                CREATE OR REPLACE FUNCTION articles_counts_refresh() RETURNS void
                LANGUAGE sql AS $$
                UPDATE authors SET published_article_count = coalesce(c.n, 0)
                FROM authors o LEFT JOIN (
                    SELECT l.author_id, count(*) AS n FROM article_authors l
                    JOIN articles a ON a.id = l.article_id AND {{counted("a")}}
                    GROUP BY l.author_id) c ON c.author_id = o.id
                WHERE authors.id = o.id AND authors.published_article_count IS DISTINCT FROM coalesce(c.n, 0);
                UPDATE tags SET published_article_count = coalesce(c.n, 0)
                FROM tags o LEFT JOIN (
                    SELECT l.tag_id, count(*) AS n FROM article_tags l
                    JOIN articles a ON a.id = l.article_id AND {{counted("a")}}
                    GROUP BY l.tag_id) c ON c.tag_id = o.id
                WHERE tags.id = o.id AND tags.published_article_count IS DISTINCT FROM coalesce(c.n, 0);
                UPDATE sources SET published_article_count = coalesce(c.n, 0)
                FROM sources o LEFT JOIN (
                    SELECT l.source_id, count(DISTINCT l.article_id) AS n FROM citations l
                    JOIN articles a ON a.id = l.article_id AND {{counted("a")}}
                    GROUP BY l.source_id) c ON c.source_id = o.id
                WHERE sources.id = o.id AND sources.published_article_count IS DISTINCT FROM coalesce(c.n, 0);
                $$;
                """);
            migrationBuilder.Sql("SELECT articles_counts_refresh();");
        }
    }
}
