using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// sortkeys (ADR 0034, "2026-12-07 night, sortkeys"): article_search_postings also holds each public article's title and last
    /// update, so a search's match set, read from the side table, is sorted by title or by last change where it is read and only
    /// the page's articles are read afterwards (Features/Articles/List/SearchMatchPage.cs). Before, such a page read the article row
    /// of every match to sort them: at 1M `gipf&publishedBefore=2024-01-01&sort=-updatedAt&total` read 11,852 rows (~60 ms) for 21.
    /// Kept by the side table's trigger on articles (its upsert) and by a second one that copies a changed title or update alone
    /// (an edit that leaves the search vector as it was, a link's change that touches the article). The back-fill is the side
    /// table's refill: at 1M ~7 min (its GIN and RUM indexes built again), during which the table is locked (searches wait).
    /// </summary>
    public partial class SearchSortKeysInPostings : Migration
    {
        const string OnArticles = """
            CREATE OR REPLACE FUNCTION article_search_postings_on_articles() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF article_is_public(NEW.status, NEW.deleted_at, NEW.published_at, 'infinity') AND NEW.search_vector IS NOT NULL THEN
                    INSERT INTO article_search_postings (article_id, published_at, language, vector, keys, updated_at, title)
                    VALUES (NEW.id, NEW.published_at, NEW.language, searchrum_keyed_vector(NEW.search_vector, NEW.language),
                        article_search_postings_keys(NEW.id), NEW.updated_at, NEW.title)
                    ON CONFLICT (article_id) DO UPDATE
                        SET published_at = EXCLUDED.published_at, language = EXCLUDED.language, vector = EXCLUDED.vector, keys = EXCLUDED.keys,
                            updated_at = EXCLUDED.updated_at, title = EXCLUDED.title;
                ELSIF TG_OP = 'UPDATE' THEN
                    DELETE FROM article_search_postings WHERE article_id = NEW.id;
                END IF;
                RETURN NULL;
            END $$;
            """;

        /// On any update (not only those naming the columns), as the WHEN clause compares the rows: cheap, and no writer is missed.
        const string SortKeysTrigger = """
            CREATE FUNCTION article_search_postings_sort_keys_on_articles() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE article_search_postings AS p SET updated_at = NEW.updated_at, title = NEW.title
                WHERE p.article_id = NEW.id AND (p.updated_at, p.title) IS DISTINCT FROM (NEW.updated_at, NEW.title);
                RETURN NULL;
            END $$;
            CREATE TRIGGER article_search_postings_sort_keys AFTER UPDATE ON articles FOR EACH ROW
                WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at OR OLD.title IS DISTINCT FROM NEW.title)
                EXECUTE FUNCTION article_search_postings_sort_keys_on_articles();
            """;

        const string CreateIndex = """
            CREATE INDEX ix_article_search_postings_keys_dates_terms ON article_search_postings
                USING gin ((array_remove(keys, NULL)), article_search_dates(published_at), (vector || article_search_prefixes(vector)))
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Constant defaults (no table rewrite), replaced by the refill, then dropped: every writer names the columns.
            migrationBuilder.Sql("""
                ALTER TABLE article_search_postings ADD COLUMN updated_at timestamptz NOT NULL DEFAULT '-infinity',
                    ADD COLUMN title character varying(300) NOT NULL DEFAULT '';
                """);
            migrationBuilder.Sql(OnArticles);
            migrationBuilder.Sql(SortKeysTrigger);
            migrationBuilder.Sql(SearchKeysTermsIndex.Refill(CreateIndex, "ix_article_search_postings_keys_dates_terms", sortKeys: true));
            migrationBuilder.Sql("""
                SELECT article_search_postings_refill();
                ALTER TABLE article_search_postings ALTER COLUMN updated_at DROP DEFAULT, ALTER COLUMN title DROP DEFAULT;
                ANALYZE article_search_postings;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER article_search_postings_sort_keys ON articles;
                DROP FUNCTION article_search_postings_sort_keys_on_articles();
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
                ALTER TABLE article_search_postings DROP COLUMN updated_at, DROP COLUMN title;
                """);
            migrationBuilder.Sql(SearchKeysTermsIndex.Refill(CreateIndex, "ix_article_search_postings_keys_dates_terms"));
        }
    }
}
