using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Ready-made sitemaps (docs/decisions, the readymade ADR, readysitemap section): sitemap_urls_ready holds one row per
    /// published or scheduled article out of the trash with its sitemap `url` element as the API writes it (loc, lastmod,
    /// hreflang alternates), in the month files' order (published_at, article_id); sitemap_months_ready counts those rows
    /// per month of publication (UTC), with the deltas a trigger on sitemap_urls_ready appends (sitemap_month_deltas), so the sitemap index reads a count per
    /// month and one index probe for its lastmod instead of grouping every article. Not in the EF model (raw SQL,
    /// Features/Distribution/Ready/ReadySitemaps). A change of what an article's element shows empties it (url NULL), and
    /// that of the other versions of its translation group; the API renders them.
    /// </summary>
    public partial class ReadysitemapSitemapUrls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE sitemap_urls_ready (
                    article_id uuid PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                    published_at timestamp with time zone NOT NULL,
                    month date GENERATED ALWAYS AS ((date_trunc('month', published_at AT TIME ZONE 'UTC'))::date) STORED,
                    updated_at timestamp with time zone NOT NULL,
                    translation_group_id uuid,
                    url bytea,
                    stale_at timestamp with time zone,
                    site_version bigint
                );
                COMMENT ON TABLE sitemap_urls_ready IS
                    'Ready-made sitemap URLs (Features/Distribution/Ready/ReadySitemaps). url NULL: to be rendered (a read renders it by the query path meanwhile).';

                CREATE FUNCTION sitemap_urls_ready_on_article() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    listed boolean := NEW.deleted_at IS NULL AND NEW.published_at IS NOT NULL AND NEW.status IN ('published', 'scheduled');
                    was_listed boolean := TG_OP = 'UPDATE' AND OLD.deleted_at IS NULL AND OLD.published_at IS NOT NULL
                        AND OLD.status IN ('published', 'scheduled');
                BEGIN
                    IF listed THEN
                        IF NOT was_listed OR (OLD.slug, OLD.language, OLD.published_at, OLD.updated_at, OLD.translation_group_id)
                            IS DISTINCT FROM (NEW.slug, NEW.language, NEW.published_at, NEW.updated_at, NEW.translation_group_id) THEN
                            INSERT INTO sitemap_urls_ready (article_id, published_at, updated_at, translation_group_id)
                            VALUES (NEW.id, NEW.published_at, NEW.updated_at, NEW.translation_group_id)
                            ON CONFLICT (article_id) DO UPDATE
                                SET published_at = excluded.published_at, updated_at = excluded.updated_at,
                                    translation_group_id = excluded.translation_group_id, url = NULL;
                        END IF;
                    ELSIF was_listed THEN
                        DELETE FROM sitemap_urls_ready WHERE article_id = NEW.id;
                    END IF;
                    -- The other versions of its translation group name this one in their alternates. (One equality each: a
                    -- list of parameters would not use the partial index, and each write would scan the table.)
                    IF listed IS DISTINCT FROM was_listed OR TG_OP = 'UPDATE' AND (OLD.slug, OLD.language, OLD.published_at, OLD.translation_group_id)
                        IS DISTINCT FROM (NEW.slug, NEW.language, NEW.published_at, NEW.translation_group_id) THEN
                        IF NEW.translation_group_id IS NOT NULL THEN
                            UPDATE sitemap_urls_ready SET url = NULL
                            WHERE translation_group_id = NEW.translation_group_id AND article_id <> NEW.id AND url IS NOT NULL;
                        END IF;
                        IF TG_OP = 'UPDATE' AND OLD.translation_group_id IS NOT NULL AND OLD.translation_group_id IS DISTINCT FROM NEW.translation_group_id THEN
                            UPDATE sitemap_urls_ready SET url = NULL
                            WHERE translation_group_id = OLD.translation_group_id AND article_id <> NEW.id AND url IS NOT NULL;
                        END IF;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER sitemap_urls_ready AFTER INSERT OR UPDATE ON articles
                    FOR EACH ROW EXECUTE FUNCTION sitemap_urls_ready_on_article();

                -- Backfill: a row to render for every article listed now or later; the API renders them at start.
                INSERT INTO sitemap_urls_ready (article_id, published_at, updated_at, translation_group_id)
                SELECT id, published_at, updated_at, translation_group_id FROM articles
                WHERE deleted_at IS NULL AND published_at IS NOT NULL AND status IN ('published', 'scheduled');

                -- The month files' order; the index's count of rows not yet due (published_at > now) is a range of it.
                CREATE INDEX ix_sitemap_urls_ready_order ON sitemap_urls_ready (published_at, article_id);
                -- A month's newest lastmod among its due rows: the first entries of its range (index-only).
                CREATE INDEX ix_sitemap_urls_ready_lastmod ON sitemap_urls_ready (month, updated_at DESC) INCLUDE (published_at);
                CREATE INDEX ix_sitemap_urls_ready_group ON sitemap_urls_ready (translation_group_id) WHERE translation_group_id IS NOT NULL;
                CREATE INDEX ix_sitemap_urls_ready_to_render ON sitemap_urls_ready (article_id) WHERE url IS NULL;
                CREATE INDEX ix_sitemap_urls_ready_stale ON sitemap_urls_ready (stale_at) WHERE stale_at IS NOT NULL;

                -- Rows of sitemap_urls_ready per month (published and scheduled: the reads subtract those not yet due): the
                -- folded counts plus the deltas the trigger appends (insert-only: no row every writer of a month updates, which
                -- serialized concurrent publishers and made a bulk insert quadratic, each update of one row in one
                -- transaction walking the versions before it). The API folds the deltas into the counts (ReadySitemapCatchUp).
                CREATE TABLE sitemap_months_ready (
                    month date PRIMARY KEY,
                    urls integer NOT NULL
                );
                INSERT INTO sitemap_months_ready (month, urls) SELECT month, count(*) FROM sitemap_urls_ready GROUP BY month;
                CREATE TABLE sitemap_month_deltas (
                    month date NOT NULL,
                    delta integer NOT NULL
                );

                CREATE FUNCTION sitemap_month_deltas_on_url() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        INSERT INTO sitemap_month_deltas (month, delta) VALUES (OLD.month, -1);
                    END IF;
                    IF TG_OP IN ('UPDATE', 'INSERT') THEN
                        INSERT INTO sitemap_month_deltas (month, delta) VALUES (NEW.month, 1);
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER sitemap_month_deltas AFTER INSERT OR DELETE ON sitemap_urls_ready
                    FOR EACH ROW EXECUTE FUNCTION sitemap_month_deltas_on_url();
                CREATE TRIGGER sitemap_month_deltas_moved AFTER UPDATE OF published_at ON sitemap_urls_ready
                    FOR EACH ROW WHEN (OLD.month IS DISTINCT FROM NEW.month) EXECUTE FUNCTION sitemap_month_deltas_on_url();

                -- The last content change whose fan-out (the site's URL settings) the API has re-rendered.
                CREATE TABLE sitemap_urls_ready_progress (
                    id integer PRIMARY KEY CHECK (id = 1),
                    last_sequence bigint NOT NULL
                );
                INSERT INTO sitemap_urls_ready_progress (id, last_sequence)
                SELECT 1, coalesce(max(sequence), 0) FROM content_changes;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE sitemap_urls_ready_progress;
                DROP TRIGGER sitemap_urls_ready ON articles;
                DROP FUNCTION sitemap_urls_ready_on_article();
                DROP TABLE sitemap_urls_ready;
                DROP FUNCTION sitemap_month_deltas_on_url();
                DROP TABLE sitemap_month_deltas;
                DROP TABLE sitemap_months_ready;
                """);
        }
    }
}
