using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Ready-made article summaries for the public front page (docs/decisions, the readymade ADR): one row per
    /// published or scheduled article out of the trash, its summary's JSON bytes as the API writes them and the
    /// surrogate keys it shows. Not in the EF model: written and read with SQL (Features/Articles/Ready). The rows are
    /// kept by triggers; their JSON is rendered by the API (in .NET: SQL cannot write it byte for byte as it does).
    /// </summary>
    public partial class ReadymadeArticleSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE article_summaries_ready (
                    article_id uuid PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                    published_at timestamp with time zone NOT NULL,
                    language character varying(35) NOT NULL,
                    doc bytea,
                    keys text[] NOT NULL
                );
                COMMENT ON TABLE article_summaries_ready IS
                    'Ready-made front-page summaries (Features/Articles/Ready). doc NULL: to be rendered; a page holding one is read by the query path.';

                -- Every article that the front page may show at some time (published or scheduled, out of the trash) has a
                -- row, whatever wrote it: its doc is emptied by any change of the article or its authors and tags, and
                -- rendered again before the write commits (ContentChangeRecorder) or soon after (ReadySummaryWorker).
                CREATE FUNCTION article_summaries_ready_on_article() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.deleted_at IS NULL AND NEW.published_at IS NOT NULL AND NEW.status IN ('published', 'scheduled') THEN
                        INSERT INTO article_summaries_ready (article_id, published_at, language, doc, keys)
                        VALUES (NEW.id, NEW.published_at, NEW.language, NULL, '{}')
                        ON CONFLICT (article_id) DO UPDATE
                            SET published_at = excluded.published_at, language = excluded.language, doc = NULL;
                    ELSIF TG_OP = 'UPDATE' THEN
                        DELETE FROM article_summaries_ready WHERE article_id = NEW.id;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER article_summaries_ready AFTER INSERT OR UPDATE ON articles
                    FOR EACH ROW EXECUTE FUNCTION article_summaries_ready_on_article();

                CREATE FUNCTION article_summaries_ready_on_link() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE article_summaries_ready SET doc = NULL
                    WHERE article_id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END) AND doc IS NOT NULL;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER article_summaries_ready AFTER INSERT OR UPDATE OR DELETE ON article_authors
                    FOR EACH ROW EXECUTE FUNCTION article_summaries_ready_on_link();
                CREATE TRIGGER article_summaries_ready AFTER INSERT OR UPDATE OR DELETE ON article_tags
                    FOR EACH ROW EXECUTE FUNCTION article_summaries_ready_on_link();

                -- Backfill: a row to render for every article shown now or later; the API renders them at start.
                INSERT INTO article_summaries_ready (article_id, published_at, language, doc, keys)
                SELECT id, published_at, language, NULL, '{}' FROM articles
                WHERE deleted_at IS NULL AND published_at IS NOT NULL AND status IN ('published', 'scheduled');

                CREATE INDEX ix_article_summaries_ready_front_page
                    ON article_summaries_ready (published_at DESC, article_id DESC) INCLUDE (doc, keys);
                CREATE INDEX ix_article_summaries_ready_keys ON article_summaries_ready USING gin (keys);
                CREATE INDEX ix_article_summaries_ready_to_render ON article_summaries_ready (article_id) WHERE doc IS NULL;

                -- The last content change whose fan-out (an author, a tag, the site) ReadySummaryWorker has re-rendered.
                CREATE TABLE article_summaries_ready_progress (
                    id integer PRIMARY KEY CHECK (id = 1),
                    last_sequence bigint NOT NULL
                );
                INSERT INTO article_summaries_ready_progress (id, last_sequence)
                SELECT 1, coalesce(max(sequence), 0) FROM content_changes;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE article_summaries_ready_progress;
                DROP TRIGGER article_summaries_ready ON article_tags;
                DROP TRIGGER article_summaries_ready ON article_authors;
                DROP TRIGGER article_summaries_ready ON articles;
                DROP FUNCTION article_summaries_ready_on_link();
                DROP FUNCTION article_summaries_ready_on_article();
                DROP TABLE article_summaries_ready;
                """);
        }
    }
}
