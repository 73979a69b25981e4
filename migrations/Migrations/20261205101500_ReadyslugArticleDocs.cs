using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Ready-made full articles for the public read by id or slug (docs/decisions, the readymade ADR, readyslug part):
    /// one row per published or scheduled article out of the trash, the article's JSON bytes as the API writes them
    /// with every body format (`body` says where each format's member is, so any `formats` is cut out of the same
    /// bytes), the surrogate keys it shows and, when a translation in its group is scheduled later, the time the
    /// doc's `translations` stop being current (`stale_at`). Not in the EF model: written and read with SQL
    /// (Features/Articles/Ready/ReadyArticles). Rows kept by triggers, docs rendered by the API.
    /// </summary>
    public partial class ReadyslugArticleDocs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE article_docs_ready (
                    article_id uuid PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                    slug character varying(120) NOT NULL,
                    published_at timestamp with time zone NOT NULL,
                    doc bytea,
                    body integer[],
                    keys text[] NOT NULL,
                    stale_at timestamp with time zone
                );
                COMMENT ON TABLE article_docs_ready IS
                    'Ready-made public articles (Features/Articles/Ready/ReadyArticles). doc NULL: to be rendered; the read by id or slug then takes the query path.';
                COMMENT ON COLUMN article_docs_ready.body IS
                    '{offset of the body object in doc, bytes of its markdown, html and text members}; NULL: only the doc with every format is served ready-made.';
                COMMENT ON COLUMN article_docs_ready.stale_at IS
                    'When a translation scheduled later joins `translations`: from then on the query path answers until the doc is rendered again.';

                -- A row for every article the public may read at some time, whatever wrote it; its doc is emptied by any
                -- change of the article or of what it shows of its own (authors, tags, citations, corrections), and rendered
                -- again before the write commits (ContentChangeRecorder) or soon after (ReadySummaryWorker).
                CREATE FUNCTION article_docs_ready_on_article() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.deleted_at IS NULL AND NEW.published_at IS NOT NULL AND NEW.status IN ('published', 'scheduled') THEN
                        INSERT INTO article_docs_ready (article_id, slug, published_at, doc, body, keys)
                        VALUES (NEW.id, NEW.slug, NEW.published_at, NULL, NULL, '{}')
                        ON CONFLICT (article_id) DO UPDATE
                            SET slug = excluded.slug, published_at = excluded.published_at, doc = NULL;
                    ELSIF TG_OP = 'UPDATE' THEN
                        DELETE FROM article_docs_ready WHERE article_id = NEW.id;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER article_docs_ready AFTER INSERT OR UPDATE ON articles
                    FOR EACH ROW EXECUTE FUNCTION article_docs_ready_on_article();

                CREATE FUNCTION article_docs_ready_on_part() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE article_docs_ready SET doc = NULL
                    WHERE article_id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END) AND doc IS NOT NULL;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER article_docs_ready AFTER INSERT OR UPDATE OR DELETE ON article_authors
                    FOR EACH ROW EXECUTE FUNCTION article_docs_ready_on_part();
                CREATE TRIGGER article_docs_ready AFTER INSERT OR UPDATE OR DELETE ON article_tags
                    FOR EACH ROW EXECUTE FUNCTION article_docs_ready_on_part();
                CREATE TRIGGER article_docs_ready AFTER INSERT OR UPDATE OR DELETE ON citations
                    FOR EACH ROW EXECUTE FUNCTION article_docs_ready_on_part();
                CREATE TRIGGER article_docs_ready AFTER INSERT OR UPDATE OR DELETE ON article_corrections
                    FOR EACH ROW EXECUTE FUNCTION article_docs_ready_on_part();

                -- Backfill: a row to render for every article readable now or later; the API renders them at start.
                INSERT INTO article_docs_ready (article_id, slug, published_at, doc, body, keys)
                SELECT id, slug, published_at, NULL, NULL, '{}' FROM articles
                WHERE deleted_at IS NULL AND published_at IS NOT NULL AND status IN ('published', 'scheduled');

                -- Not unique: each row repeats its article's slug (unique there), and a statement that swaps two slugs
                -- must not fail here between its rows.
                CREATE INDEX ix_article_docs_ready_slug ON article_docs_ready (slug);
                CREATE INDEX ix_article_docs_ready_keys ON article_docs_ready USING gin (keys);
                CREATE INDEX ix_article_docs_ready_to_render ON article_docs_ready (article_id) WHERE doc IS NULL;
                CREATE INDEX ix_article_docs_ready_stale_at ON article_docs_ready (stale_at) WHERE stale_at IS NOT NULL;

                -- The last content change whose fan-out (an author, tag or source, the site) the worker has re-rendered.
                CREATE TABLE article_docs_ready_progress (
                    id integer PRIMARY KEY CHECK (id = 1),
                    last_sequence bigint NOT NULL
                );
                INSERT INTO article_docs_ready_progress (id, last_sequence)
                SELECT 1, coalesce(max(sequence), 0) FROM content_changes;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE article_docs_ready_progress;
                DROP TRIGGER article_docs_ready ON article_corrections;
                DROP TRIGGER article_docs_ready ON citations;
                DROP TRIGGER article_docs_ready ON article_tags;
                DROP TRIGGER article_docs_ready ON article_authors;
                DROP TRIGGER article_docs_ready ON articles;
                DROP FUNCTION article_docs_ready_on_part();
                DROP FUNCTION article_docs_ready_on_article();
                DROP TABLE article_docs_ready;
                """);
        }
    }
}
