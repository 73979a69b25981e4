using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// filterkeys (ADR 0034, "2026-12-06 midday, filterkeys"): article_search_postings.keys, the ids of each public article's tags,
    /// authors and sources in one array with a GIN index, so a search filtered on them intersects q's postings (the RUM index's
    /// bitmap) with the filter's (this index's) before any row is read (Features/Articles/List/SearchMatchSet.cs). Before, such a
    /// search read every article of the filter and q's vector from each (TOASTed, ~12 µs an article at 1M) or every match of q.
    /// Kept by the side table's trigger on articles and by deferred triggers on article_tags, article_authors and citations: one
    /// update of the side row per article and transaction however many links it wrote (later firings find the array current).
    /// The back-fill is the side table's refill (its indexes dropped and built again): at 1M about two minutes, most of it the RUM builds.
    /// </summary>
    public partial class SearchFilterKeys : Migration
    {
        /// The GIN index of the filter keys: the filtered read ANDs its bitmap with the RUM index's of q.
        const string CreateKeysIndex = "CREATE INDEX ix_article_search_postings_keys ON article_search_postings USING gin (keys)";

        /// With `rum`, the keys again with the publication date attached, postings ordered by it: the filter walk reads a small
        /// filter's articles newest first from it and checks q on each until the window is full (SearchFilterWalk). The planner
        /// ANDs GIN's bitmap, not this one's, with q's (bench/studies/filterkeys-1m).
        public const string CreateKeysRumIndex = """
            CREATE INDEX article_search_postings_keys_rum ON article_search_postings
                USING rum (keys rum_anyarray_addon_ops, published_at)
                WITH (attach = 'published_at', to = 'keys', order_by_attach = true)
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE article_search_postings ADD COLUMN keys uuid[] NOT NULL DEFAULT '{}';
                -- No statistics: builds before this one read the side table's element statistics expecting one column with them
                -- (SearchEstimate), and a rolling deploy keeps them running on the migrated database. The planner then guesses
                -- the keys' share (0.5 %), and still ANDs the two bitmaps (bench/studies/filterkeys-1m).
                ALTER TABLE article_search_postings ALTER COLUMN keys SET STATISTICS 0;
                -- Sorted, so an unchanged set compares equal and the link triggers skip the update.
                CREATE FUNCTION article_search_postings_keys(article uuid) RETURNS uuid[]
                    LANGUAGE sql STABLE PARALLEL SAFE
                    RETURN ARRAY(SELECT k.id FROM (
                        SELECT t.tag_id FROM article_tags AS t WHERE t.article_id = article
                        UNION SELECT x.author_id FROM article_authors AS x WHERE x.article_id = article
                        UNION SELECT c.source_id FROM citations AS c WHERE c.article_id = article) AS k(id) ORDER BY k.id);
                CREATE OR REPLACE FUNCTION article_search_postings_on_articles() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF article_is_public(NEW.status, NEW.deleted_at, NEW.published_at, 'infinity') AND NEW.search_vector IS NOT NULL THEN
                        INSERT INTO article_search_postings (article_id, published_at, language, vector, keys)
                        VALUES (NEW.id, NEW.published_at, NEW.language, searchrum_keyed_vector(NEW.search_vector, NEW.language),
                            article_search_postings_keys(NEW.id))
                        ON CONFLICT (article_id) DO UPDATE
                            SET published_at = EXCLUDED.published_at, language = EXCLUDED.language, vector = EXCLUDED.vector, keys = EXCLUDED.keys;
                    ELSIF TG_OP = 'UPDATE' THEN
                        DELETE FROM article_search_postings WHERE article_id = NEW.id;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE FUNCTION article_search_postings_on_links() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE article_search_postings AS p SET keys = article_search_postings_keys(p.article_id)
                    WHERE p.article_id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.article_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.article_id END)
                        AND p.keys IS DISTINCT FROM article_search_postings_keys(p.article_id);
                    RETURN NULL;
                END $$;
                CREATE CONSTRAINT TRIGGER article_search_postings_keys AFTER INSERT OR DELETE OR UPDATE OF article_id, tag_id ON article_tags
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION article_search_postings_on_links();
                CREATE CONSTRAINT TRIGGER article_search_postings_keys AFTER INSERT OR DELETE OR UPDATE OF article_id, author_id ON article_authors
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION article_search_postings_on_links();
                CREATE CONSTRAINT TRIGGER article_search_postings_keys AFTER INSERT OR DELETE OR UPDATE OF article_id, source_id ON citations
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION article_search_postings_on_links();
                """);
            migrationBuilder.Sql(Refill(keys: true));
            migrationBuilder.Sql("SELECT article_search_postings_refill(); ANALYZE article_search_postings;");
        }

        /// The side table's refill (SearchrumPostingsSideTable), with the keys and their index when `keys`.
        static string Refill(bool keys) => $"""
            CREATE OR REPLACE FUNCTION article_search_postings_refill() RETURNS void LANGUAGE plpgsql AS $do$
            BEGIN
                DROP INDEX IF EXISTS article_search_postings_rum;
                {(keys ? "DROP INDEX IF EXISTS ix_article_search_postings_keys; DROP INDEX IF EXISTS article_search_postings_keys_rum;" : "")}
                TRUNCATE article_search_postings;
                INSERT INTO article_search_postings (article_id, published_at, language, vector{(keys ? ", keys" : "")})
                SELECT a.id, a.published_at, a.language, searchrum_keyed_vector(a.search_vector, a.language){(keys ? ", article_search_postings_keys(a.id)" : "")}
                FROM articles AS a
                WHERE article_is_public(a.status, a.deleted_at, a.published_at, 'infinity') AND a.search_vector IS NOT NULL;
                {(keys ? CreateKeysIndex + ";" : "")}
                IF EXISTS (SELECT FROM pg_extension WHERE extname = 'rum') THEN
                    EXECUTE $sql${SearchrumPostingsSideTable.CreateIndex}$sql$;
                    {(keys ? $"EXECUTE $sql${CreateKeysRumIndex}$sql$;" : "")}
                END IF;
            END $do$;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER article_search_postings_keys ON citations;
                DROP TRIGGER article_search_postings_keys ON article_authors;
                DROP TRIGGER article_search_postings_keys ON article_tags;
                DROP FUNCTION article_search_postings_on_links();
                CREATE OR REPLACE FUNCTION article_search_postings_on_articles() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF article_is_public(NEW.status, NEW.deleted_at, NEW.published_at, 'infinity') AND NEW.search_vector IS NOT NULL THEN
                        INSERT INTO article_search_postings (article_id, published_at, language, vector)
                        VALUES (NEW.id, NEW.published_at, NEW.language, searchrum_keyed_vector(NEW.search_vector, NEW.language))
                        ON CONFLICT (article_id) DO UPDATE
                            SET published_at = EXCLUDED.published_at, language = EXCLUDED.language, vector = EXCLUDED.vector;
                    ELSIF TG_OP = 'UPDATE' THEN
                        DELETE FROM article_search_postings WHERE article_id = NEW.id;
                    END IF;
                    RETURN NULL;
                END $$;
                DROP INDEX IF EXISTS ix_article_search_postings_keys;
                DROP INDEX IF EXISTS article_search_postings_keys_rum;
                ALTER TABLE article_search_postings DROP COLUMN keys;
                DROP FUNCTION article_search_postings_keys(uuid);
                """);
            migrationBuilder.Sql(Refill(keys: false));
        }
    }
}
