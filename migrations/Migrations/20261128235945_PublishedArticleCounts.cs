using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Published-article counts of authors, tags and sources kept up to date by triggers, so their
    /// lists read a column instead of counting a million articles (docs/decisions/0009). A count
    /// covers articles with status published and out of the trash; readers add the scheduled articles
    /// whose time has come (few: the index on status and published_at finds them).
    /// </summary>
    public partial class PublishedArticleCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "published_article_count",
                table: "tags",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "published_article_count",
                table: "sources",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "published_article_count",
                table: "authors",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Applies link rows that appeared (+1) or went (-1) for (article, owner) pairs: an owner's
            // count changes when a counted article gains its first link to it or loses its last one
            // (an article citing a source twice counts once).
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_counts_move(owner_kind text, article_ids uuid[], owner_ids uuid[], moves int[]) RETURNS void
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
                    JOIN articles a ON a.id = c.article_id AND a.status = 'published' AND a.deleted_at IS NULL
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

            // Statement-level triggers with transition tables: one call per statement, also for COPY
            // and for the rows a cascade deletes (their article is gone by then, so nothing moves).
            foreach (var (table, owner, column) in LinkTables)
            {
                migrationBuilder.Sql($$"""
                    CREATE FUNCTION articles_counts_on_{{table}}() RETURNS trigger
                    LANGUAGE plpgsql AS $$
                    BEGIN
                        IF TG_OP = 'INSERT' THEN
                            PERFORM articles_counts_move('{{owner}}', array_agg(article_id), array_agg({{column}}), array_agg(1)) FROM new_rows;
                        ELSIF TG_OP = 'DELETE' THEN
                            PERFORM articles_counts_move('{{owner}}', array_agg(article_id), array_agg({{column}}), array_agg(-1)) FROM old_rows;
                        ELSE
                            PERFORM articles_counts_move('{{owner}}', array_agg(article_id), array_agg({{column}}), array_agg(move))
                            FROM (SELECT article_id, {{column}}, 1 AS move FROM new_rows
                                  UNION ALL SELECT article_id, {{column}}, -1 FROM old_rows) AS m;
                        END IF;
                        RETURN NULL;
                    END
                    $$;
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER articles_counts_insert AFTER INSERT ON {table}
                        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION articles_counts_on_{table}();
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER articles_counts_update AFTER UPDATE ON {table}
                        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION articles_counts_on_{table}();
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER articles_counts_delete AFTER DELETE ON {table}
                        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION articles_counts_on_{table}();
                    """);
            }

            // An article entering or leaving the counted state (published, out of the trash) moves
            // every owner it links to; a permanent delete is counted before the cascade removes the links.
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_counts_on_articles() RETURNS trigger
                LANGUAGE plpgsql AS $$
                DECLARE
                    was_counted boolean := OLD.status = 'published' AND OLD.deleted_at IS NULL;
                    is_counted boolean := TG_OP = 'UPDATE' AND NEW.status = 'published' AND NEW.deleted_at IS NULL;
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
            migrationBuilder.Sql("""
                CREATE TRIGGER articles_counts_update AFTER UPDATE OF status, deleted_at ON articles
                    FOR EACH ROW EXECUTE FUNCTION articles_counts_on_articles();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER articles_counts_delete BEFORE DELETE ON articles
                    FOR EACH ROW EXECUTE FUNCTION articles_counts_on_articles();
                """);

            // Recounts everything: for existing rows here, and after a bulk load that disabled the
            // triggers (bench/DataGenerator).
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_counts_refresh() RETURNS void
                LANGUAGE sql AS $$
                UPDATE authors SET published_article_count = coalesce(c.n, 0)
                FROM authors o LEFT JOIN (
                    SELECT l.author_id, count(*) AS n FROM article_authors l
                    JOIN articles a ON a.id = l.article_id AND a.status = 'published' AND a.deleted_at IS NULL
                    GROUP BY l.author_id) c ON c.author_id = o.id
                WHERE authors.id = o.id AND authors.published_article_count IS DISTINCT FROM coalesce(c.n, 0);
                UPDATE tags SET published_article_count = coalesce(c.n, 0)
                FROM tags o LEFT JOIN (
                    SELECT l.tag_id, count(*) AS n FROM article_tags l
                    JOIN articles a ON a.id = l.article_id AND a.status = 'published' AND a.deleted_at IS NULL
                    GROUP BY l.tag_id) c ON c.tag_id = o.id
                WHERE tags.id = o.id AND tags.published_article_count IS DISTINCT FROM coalesce(c.n, 0);
                UPDATE sources SET published_article_count = coalesce(c.n, 0)
                FROM sources o LEFT JOIN (
                    SELECT l.source_id, count(DISTINCT l.article_id) AS n FROM citations l
                    JOIN articles a ON a.id = l.article_id AND a.status = 'published' AND a.deleted_at IS NULL
                    GROUP BY l.source_id) c ON c.source_id = o.id
                WHERE sources.id = o.id AND sources.published_article_count IS DISTINCT FROM coalesce(c.n, 0);
                $$;
                """);
            migrationBuilder.Sql("SELECT articles_counts_refresh();");
        }

        static readonly (string Table, string Owner, string Column)[] LinkTables =
        [
            ("article_authors", "author", "author_id"),
            ("article_tags", "tag", "tag_id"),
            ("citations", "source", "source_id"),
        ];

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION articles_counts_refresh();");
            migrationBuilder.Sql("DROP TRIGGER articles_counts_delete ON articles;");
            migrationBuilder.Sql("DROP TRIGGER articles_counts_update ON articles;");
            migrationBuilder.Sql("DROP FUNCTION articles_counts_on_articles();");
            foreach (var (table, _, _) in LinkTables)
            {
                migrationBuilder.Sql($"DROP TRIGGER articles_counts_insert ON {table};");
                migrationBuilder.Sql($"DROP TRIGGER articles_counts_update ON {table};");
                migrationBuilder.Sql($"DROP TRIGGER articles_counts_delete ON {table};");
                migrationBuilder.Sql($"DROP FUNCTION articles_counts_on_{table}();");
            }
            migrationBuilder.Sql("DROP FUNCTION articles_counts_move(text, uuid[], uuid[], int[]);");

            migrationBuilder.DropColumn(
                name: "published_article_count",
                table: "tags");

            migrationBuilder.DropColumn(
                name: "published_article_count",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "published_article_count",
                table: "authors");
        }
    }
}
