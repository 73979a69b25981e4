using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Ready-made feed items (docs/decisions, the readymade ADR, readyfeed section): one row per published or scheduled
    /// article out of the trash, with its RSS item, Atom entry, JSON Feed item and Google News URL as the API writes them,
    /// its updated_at (the feeds' own date) and the site's updated_at it was rendered with. Not in the EF model: written and
    /// read with SQL (Features/Distribution/Ready). Rows kept by triggers (a change of the article, its authors, tags or
    /// corrections empties its fragments); the fragments are rendered by the API.
    /// </summary>
    public partial class ReadyfeedFeedItems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE feed_items_ready (
                    article_id uuid PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                    published_at timestamp with time zone NOT NULL,
                    updated_at timestamp with time zone NOT NULL,
                    site_updated_at timestamp with time zone,
                    rss bytea,
                    atom bytea,
                    json bytea,
                    news bytea
                );
                COMMENT ON TABLE feed_items_ready IS
                    'Ready-made feed items (Features/Distribution/Ready). rss NULL: to be rendered; a feed holding one is read by the query path.';

                CREATE FUNCTION feed_items_ready_on_article() RETURNS trigger LANGUAGE plpgsql AS $$
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
                CREATE TRIGGER feed_items_ready AFTER INSERT OR UPDATE ON articles
                    FOR EACH ROW EXECUTE FUNCTION feed_items_ready_on_article();

                CREATE FUNCTION feed_items_ready_on_link() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE feed_items_ready SET rss = NULL, atom = NULL, json = NULL, news = NULL
                    WHERE article_id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END) AND rss IS NOT NULL;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER feed_items_ready AFTER INSERT OR UPDATE OR DELETE ON article_authors
                    FOR EACH ROW EXECUTE FUNCTION feed_items_ready_on_link();
                CREATE TRIGGER feed_items_ready AFTER INSERT OR UPDATE OR DELETE ON article_tags
                    FOR EACH ROW EXECUTE FUNCTION feed_items_ready_on_link();
                CREATE TRIGGER feed_items_ready AFTER INSERT OR UPDATE OR DELETE ON article_corrections
                    FOR EACH ROW EXECUTE FUNCTION feed_items_ready_on_link();

                -- Backfill: a row to render for every article shown now or later; the API renders them at start.
                INSERT INTO feed_items_ready (article_id, published_at, updated_at)
                SELECT id, published_at, updated_at FROM articles
                WHERE deleted_at IS NULL AND published_at IS NOT NULL AND status IN ('published', 'scheduled');

                CREATE INDEX ix_feed_items_ready_newest ON feed_items_ready (published_at DESC, article_id DESC);
                CREATE INDEX ix_feed_items_ready_to_render ON feed_items_ready (article_id) WHERE rss IS NULL;

                -- The last content change whose fan-out (an author, a tag, the site) the API has re-rendered.
                CREATE TABLE feed_items_ready_progress (
                    id integer PRIMARY KEY CHECK (id = 1),
                    last_sequence bigint NOT NULL
                );
                INSERT INTO feed_items_ready_progress (id, last_sequence)
                SELECT 1, coalesce(max(sequence), 0) FROM content_changes;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE feed_items_ready_progress;
                DROP TRIGGER feed_items_ready ON article_corrections;
                DROP TRIGGER feed_items_ready ON article_tags;
                DROP TRIGGER feed_items_ready ON article_authors;
                DROP TRIGGER feed_items_ready ON articles;
                DROP FUNCTION feed_items_ready_on_link();
                DROP FUNCTION feed_items_ready_on_article();
                DROP TABLE feed_items_ready;
                """);
        }
    }
}
