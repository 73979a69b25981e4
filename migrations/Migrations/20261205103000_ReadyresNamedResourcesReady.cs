using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Ready-made public reads of authors, tags and sources (docs/decisions, the readymade ADR, part "readyres"): one row
    /// per author, tag and source, its public representation's JSON bytes as the API writes them, less the two values
    /// that change without a write to the resource (its `url`, from the site's settings, and its `articleCount`, which
    /// articles published, unpublished, trashed or scheduled change), spliced in by the read. Not in the EF model: written
    /// and read with SQL (Features/ReadyNamed). Rows kept by triggers (doc emptied by any change of the resource other than
    /// its stored count, or of a tag's translations); the JSON is rendered by the API.
    /// </summary>
    public partial class ReadyresNamedResourcesReady : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE named_resources_ready (
                    id uuid PRIMARY KEY,
                    kind text NOT NULL CHECK (kind IN ('author', 'tag', 'source')),
                    doc bytea,
                    url_at integer NOT NULL DEFAULT 0,
                    count_at integer NOT NULL DEFAULT 0
                );
                COMMENT ON TABLE named_resources_ready IS
                    'Ready-made public author, tag and source reads (Features/ReadyNamed): doc without its url and articleCount values, spliced in at url_at and count_at. doc NULL: to be rendered; the query path answers meanwhile.';
                CREATE INDEX ix_named_resources_ready_to_render ON named_resources_ready (id) WHERE doc IS NULL;

                -- An author, tag or source inserted or changed (other than its published_article_count, which article
                -- writes maintain and the read adds itself) gets a row to render; a deleted one loses it.
                CREATE FUNCTION named_resources_ready_on_resource() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        DELETE FROM named_resources_ready WHERE id = OLD.id;
                    ELSE
                        INSERT INTO named_resources_ready (id, kind, doc) VALUES (NEW.id, TG_ARGV[0], NULL)
                        ON CONFLICT (id) DO UPDATE SET doc = NULL;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER named_resources_ready AFTER INSERT OR DELETE ON authors
                    FOR EACH ROW EXECUTE FUNCTION named_resources_ready_on_resource('author');
                CREATE TRIGGER named_resources_ready_update AFTER UPDATE ON authors FOR EACH ROW
                    WHEN ((to_jsonb(OLD) - 'published_article_count') IS DISTINCT FROM (to_jsonb(NEW) - 'published_article_count'))
                    EXECUTE FUNCTION named_resources_ready_on_resource('author');
                CREATE TRIGGER named_resources_ready AFTER INSERT OR DELETE ON tags
                    FOR EACH ROW EXECUTE FUNCTION named_resources_ready_on_resource('tag');
                CREATE TRIGGER named_resources_ready_update AFTER UPDATE ON tags FOR EACH ROW
                    WHEN ((to_jsonb(OLD) - 'published_article_count') IS DISTINCT FROM (to_jsonb(NEW) - 'published_article_count'))
                    EXECUTE FUNCTION named_resources_ready_on_resource('tag');
                CREATE TRIGGER named_resources_ready AFTER INSERT OR DELETE ON sources
                    FOR EACH ROW EXECUTE FUNCTION named_resources_ready_on_resource('source');
                CREATE TRIGGER named_resources_ready_update AFTER UPDATE ON sources FOR EACH ROW
                    WHEN ((to_jsonb(OLD) - 'published_article_count') IS DISTINCT FROM (to_jsonb(NEW) - 'published_article_count'))
                    EXECUTE FUNCTION named_resources_ready_on_resource('source');

                -- A tag's translations are in its representation.
                CREATE FUNCTION named_resources_ready_on_tag_translation() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE named_resources_ready SET doc = NULL
                    WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.tag_id ELSE NEW.tag_id END) AND doc IS NOT NULL;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER named_resources_ready AFTER INSERT OR UPDATE OR DELETE ON tag_translations
                    FOR EACH ROW EXECUTE FUNCTION named_resources_ready_on_tag_translation();

                -- Backfill: a row to render for every author, tag and source; the API renders them at start.
                INSERT INTO named_resources_ready (id, kind) SELECT id, 'author' FROM authors;
                INSERT INTO named_resources_ready (id, kind) SELECT id, 'tag' FROM tags;
                INSERT INTO named_resources_ready (id, kind) SELECT id, 'source' FROM sources;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER named_resources_ready ON tag_translations;
                DROP TRIGGER named_resources_ready_update ON sources;
                DROP TRIGGER named_resources_ready ON sources;
                DROP TRIGGER named_resources_ready_update ON tags;
                DROP TRIGGER named_resources_ready ON tags;
                DROP TRIGGER named_resources_ready_update ON authors;
                DROP TRIGGER named_resources_ready ON authors;
                DROP FUNCTION named_resources_ready_on_tag_translation();
                DROP FUNCTION named_resources_ready_on_resource();
                DROP TABLE named_resources_ready;
                """);
        }
    }
}
