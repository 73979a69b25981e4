using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// A horizon for the ready-made feed items (docs/decisions, the readymade ADR, readyhorizon part of the readyfeed
    /// section): feed_items_ready keeps rows only for scheduled articles and for articles published at or after
    /// feed_items_ready_progress.horizon, which the API advances (never backwards) to the K-th newest public article and
    /// below which it deletes the rows. '-infinity' (the start) keeps every article, as before.
    /// </summary>
    public partial class ReadyhorizonFeedItemsHorizon : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE feed_items_ready_progress ADD COLUMN horizon timestamp with time zone NOT NULL DEFAULT '-infinity';
                COMMENT ON COLUMN feed_items_ready_progress.horizon IS
                    'Only scheduled articles and those published at or after it have a feed_items_ready row; it only moves forward.';

                CREATE OR REPLACE FUNCTION feed_items_ready_on_article() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.deleted_at IS NULL AND NEW.published_at IS NOT NULL AND (NEW.status = 'scheduled'
                        OR NEW.status = 'published' AND NEW.published_at >= (SELECT horizon FROM feed_items_ready_progress)) THEN
                        INSERT INTO feed_items_ready (article_id, published_at, updated_at)
                        VALUES (NEW.id, NEW.published_at, NEW.updated_at)
                        ON CONFLICT (article_id) DO UPDATE
                            SET published_at = excluded.published_at, updated_at = excluded.updated_at,
                                rss = NULL, atom = NULL, json = NULL, news = NULL;
                    ELSIF TG_OP = 'UPDATE' THEN
                        DELETE FROM feed_items_ready WHERE article_id = NEW.id;
                    END IF;
                    RETURN NULL;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION feed_items_ready_on_article() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.deleted_at IS NULL AND NEW.published_at IS NOT NULL AND NEW.status IN ('published', 'scheduled') THEN
                        INSERT INTO feed_items_ready (article_id, published_at, updated_at)
                        VALUES (NEW.id, NEW.published_at, NEW.updated_at)
                        ON CONFLICT (article_id) DO UPDATE
                            SET published_at = excluded.published_at, updated_at = excluded.updated_at,
                                rss = NULL, atom = NULL, json = NULL, news = NULL;
                    ELSIF TG_OP = 'UPDATE' THEN
                        DELETE FROM feed_items_ready WHERE article_id = NEW.id;
                    END IF;
                    RETURN NULL;
                END $$;
                ALTER TABLE feed_items_ready_progress DROP COLUMN horizon;
                -- Rows deleted below the horizon come back to be rendered.
                INSERT INTO feed_items_ready (article_id, published_at, updated_at)
                SELECT id, published_at, updated_at FROM articles
                WHERE deleted_at IS NULL AND published_at IS NOT NULL AND status IN ('published', 'scheduled')
                ON CONFLICT (article_id) DO NOTHING;
                """);
        }
    }
}
