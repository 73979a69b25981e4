using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// writepath (ADR 0045 "writecost", issues 18 and 20): articles_counts_move, called by the link tables' statement
    /// triggers, as PL/pgSQL with one static UPDATE per owner kind instead of one SQL-language statement (four CTEs, three
    /// UPDATEs) that PostgreSQL 15 planned at every call. PL/pgSQL keeps each statement's plan for the session;
    /// plan_cache_mode is set on the function because a generic plan is what keeps (a custom one would be chosen at every
    /// call: the planner costs unnest over a parameter at 100 rows, over a constant at its real length) and because the
    /// API's search connections force custom plans. Same counts as before: what is counted and the (article, owner) rule
    /// are OneVisibilityRule's, unchanged.
    /// </summary>
    public partial class WritepathCountsMovePlpgsql : Migration
    {
        static readonly (string Kind, string Owners, string Links, string Column)[] Kinds =
            [("author", "authors", "article_authors", "author_id"), ("tag", "tags", "article_tags", "tag_id"), ("source", "sources", "citations", "source_id")];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            var branches = string.Join("\n", Kinds.Select((k, i) => $$"""
                    {{(i == 0 ? "IF" : "ELSIF")}} owner_kind = '{{k.Kind}}' THEN
                        WITH changed AS (
                            SELECT m.article_id, m.owner_id, sum(m.move)::int AS moved
                            FROM unnest(article_ids, owner_ids, moves) AS m(article_id, owner_id, move)
                            GROUP BY m.article_id, m.owner_id
                        ), present AS (
                            SELECT c.owner_id, c.moved,
                                (SELECT count(*) FROM {{k.Links}} l WHERE l.article_id = c.article_id AND l.{{k.Column}} = c.owner_id) AS now_links
                            FROM changed c
                            JOIN articles a ON a.id = c.article_id
                                AND a.status = 'published' AND article_is_public(a.status, a.deleted_at, a.published_at, 'infinity')
                        ), deltas AS (
                            SELECT owner_id, sum((now_links > 0)::int - ((now_links - moved) > 0)::int) AS delta
                            FROM present GROUP BY owner_id
                        )
                        UPDATE {{k.Owners}} SET published_article_count = published_article_count + d.delta
                        FROM deltas d WHERE {{k.Owners}}.id = d.owner_id AND d.delta <> 0;
                """));
            migrationBuilder.Sql($$"""
                CREATE OR REPLACE FUNCTION articles_counts_move(owner_kind text, article_ids uuid[], owner_ids uuid[], moves int[]) RETURNS void
                LANGUAGE plpgsql
                SET plan_cache_mode = force_generic_plan
                AS $$
                BEGIN
                {{branches}}
                    END IF;
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // OneVisibilityRule's function, as it was.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION articles_counts_move(owner_kind text, article_ids uuid[], owner_ids uuid[], moves int[]) RETURNS void
                LANGUAGE sql
                AS $$
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
                    JOIN articles a ON a.id = c.article_id AND a.status = 'published' AND article_is_public(a.status, a.deleted_at, a.published_at, 'infinity')
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
        }
    }
}
