using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Ready-made authors, tags and sources sitemaps (docs/decisions, the readymade ADR, readysitemap2 section): each list is
    /// the resources with a published article (published_article_count &gt; 0, kept by the PublishedArticleCounts
    /// triggers) plus those only due scheduled articles carry, read at the request's time. A partial index per table
    /// holds the listed ones in the files' order with what a URL shows (slug, updated_at), another their newest lastmod;
    /// sitemap_lists_ready counts them per list, with the deltas a trigger appends when a resource enters or leaves
    /// (sitemap_list_deltas, insert-only, folded by the API as the month deltas are: ReadySitemapCatchUp). Not in the EF
    /// model (raw SQL, Features/Distribution/Ready/ReadySitemapLists).
    /// </summary>
    public partial class Readysitemap2SitemapLists : Migration
    {
        static readonly string[] Tables = ["authors", "tags", "sources"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE sitemap_lists_ready (
                    list text PRIMARY KEY,
                    urls integer NOT NULL
                );
                COMMENT ON TABLE sitemap_lists_ready IS
                    'Resources with a published article per sitemap list (authors, tags, sources), plus sitemap_list_deltas (Features/Distribution/Ready/ReadySitemapLists).';
                CREATE TABLE sitemap_list_deltas (
                    list text NOT NULL,
                    delta integer NOT NULL
                );

                CREATE FUNCTION sitemap_list_deltas_on_resource() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    was_listed boolean := TG_OP <> 'INSERT' AND OLD.published_article_count > 0;
                    listed boolean := TG_OP <> 'DELETE' AND NEW.published_article_count > 0;
                BEGIN
                    IF listed <> was_listed THEN
                        INSERT INTO sitemap_list_deltas (list, delta) VALUES (TG_TABLE_NAME, CASE WHEN listed THEN 1 ELSE -1 END);
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            foreach (var table in Tables)
                migrationBuilder.Sql($"""
                    CREATE TRIGGER sitemap_list_deltas AFTER INSERT OR DELETE OR UPDATE OF published_article_count ON {table}
                        FOR EACH ROW EXECUTE FUNCTION sitemap_list_deltas_on_resource();
                    -- The file's rows in its order (id), index-only; and its newest lastmod, the first entry.
                    CREATE INDEX ix_{table}_sitemap ON {table} (id) INCLUDE (slug, updated_at) WHERE published_article_count > 0;
                    CREATE INDEX ix_{table}_sitemap_lastmod ON {table} (updated_at DESC) WHERE published_article_count > 0;
                    INSERT INTO sitemap_lists_ready (list, urls) SELECT '{table}', count(*) FROM {table} WHERE published_article_count > 0;
                    """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
                migrationBuilder.Sql($"""
                    DROP TRIGGER sitemap_list_deltas ON {table};
                    DROP INDEX ix_{table}_sitemap;
                    DROP INDEX ix_{table}_sitemap_lastmod;
                    """);
            migrationBuilder.Sql("""
                DROP FUNCTION sitemap_list_deltas_on_resource();
                DROP TABLE sitemap_list_deltas;
                DROP TABLE sitemap_lists_ready;
                """);
        }
    }
}
