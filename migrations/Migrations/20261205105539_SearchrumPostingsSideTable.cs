using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// searchrum (ADR 0034, issue 18): article_search_postings, every public article's search vector with each lexeme keyed
    /// by its text-search configuration ('italian ossez': one posting list is one language's word, so no marker is needed) and
    /// its publication date, kept by a trigger on articles in the write's transaction; and, when the `rum` extension is
    /// installed in the database, a RUM index carrying the date in its postings, so the newest matches of a rare word are read
    /// from the index (Features/Articles/List/SearchWindow.cs). The migration never creates the extension (not trusted; the
    /// app role is no superuser): without it the table is kept all the same and searches take the GIN path. When the
    /// extension is installed later, an operator creates the index by hand (<see cref="CreateIndex"/>, CONCURRENTLY: README,
    /// ADR 0034); the API looks for a valid index on each search it could route, so no restart is needed.
    /// </summary>
    public partial class SearchrumPostingsSideTable : Migration
    {
        /// The RUM index: the keyed vector, published_at attached to every posting, postings ordered by it.
        public const string CreateIndex = """
            CREATE INDEX article_search_postings_rum ON article_search_postings
                USING rum (vector rum_tsvector_addon_ops, published_at)
                WITH (attach = 'published_at', to = 'vector', order_by_attach = true)
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The keyed forms (bench/studies/searchrum-1m/sql/keyed-fn.sql): a C-level regexp over the text forms (lexemes
            // never hold a space; a quote that starts a lexeme follows the start, a space, '(' or '!'), 0.1 ms an article.
            migrationBuilder.Sql("""
                CREATE FUNCTION searchrum_key(config regconfig) RETURNS text
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN substr(config::text, 10) || ' ';
                CREATE FUNCTION searchrum_keyed_vector(vector tsvector, language text) RETURNS tsvector
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN regexp_replace(vector::text, '(^| )''', '\1''' || searchrum_key(articles_search_config(language)), 'g')::tsvector;
                CREATE FUNCTION searchrum_keyed_query(config regconfig, query tsquery) RETURNS tsquery
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN regexp_replace(query::text, '(^|[ (!])''', '\1''' || searchrum_key(config), 'g')::tsquery;
                -- q as every configuration parses it (the last word also as a prefix, as articles_search_queries), each parse
                -- keyed by its configuration, OR'ed: the whole table's search; with a language, its configuration's parse only.
                CREATE FUNCTION searchrum_query(q text) RETURNS tsquery
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN (SELECT coalesce(string_agg('(' || searchrum_keyed_query(c.cfgname::regconfig, p)::text || ')', ' | '), '')::tsquery
                            FROM pg_ts_config c, LATERAL articles_search_parse(c.cfgname::regconfig, q) AS p
                            WHERE c.cfgname LIKE 'articles\_%' AND p::text <> '');
                CREATE FUNCTION searchrum_query(q text, language text) RETURNS tsquery
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN searchrum_keyed_query(articles_search_config(language), articles_search_parse(articles_search_config(language), q));
                """);
            migrationBuilder.Sql("""
                CREATE TABLE article_search_postings (
                    article_id uuid NOT NULL,
                    published_at timestamp with time zone NOT NULL,
                    language character varying(35) NOT NULL,
                    vector tsvector NOT NULL,
                    CONSTRAINT pk_article_search_postings PRIMARY KEY (article_id),
                    CONSTRAINT fk_article_search_postings_articles_article_id FOREIGN KEY (article_id) REFERENCES articles (id) ON DELETE CASCADE);
                """);
            // Public as the side table means it: published or scheduled, dated, not in the trash (the window's join to
            // articles checks the date against now; a scheduled article's future date sorts last in the window).
            migrationBuilder.Sql("""
                CREATE FUNCTION article_search_postings_on_articles() RETURNS trigger LANGUAGE plpgsql AS $$
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
                CREATE TRIGGER article_search_postings_insert AFTER INSERT ON articles
                    FOR EACH ROW EXECUTE FUNCTION article_search_postings_on_articles();
                CREATE TRIGGER article_search_postings_update
                    AFTER UPDATE OF title, subtitle, excerpt, body_text, language, status, published_at, deleted_at ON articles
                    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
                        OR OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.language IS DISTINCT FROM NEW.language
                        OR OLD.search_vector IS DISTINCT FROM NEW.search_vector)
                    EXECUTE FUNCTION article_search_postings_on_articles();
                """);
            // The back-fill, also what bench/DataGenerator calls after a bulk load with the triggers off: the index dropped,
            // the rows written, the index built again (faster than maintaining it row by row), only if `rum` is installed.
            migrationBuilder.Sql($"""
                CREATE FUNCTION article_search_postings_refill() RETURNS void LANGUAGE plpgsql AS $do$
                BEGIN
                    DROP INDEX IF EXISTS article_search_postings_rum;
                    TRUNCATE article_search_postings;
                    INSERT INTO article_search_postings (article_id, published_at, language, vector)
                    SELECT a.id, a.published_at, a.language, searchrum_keyed_vector(a.search_vector, a.language)
                    FROM articles AS a
                    WHERE article_is_public(a.status, a.deleted_at, a.published_at, 'infinity') AND a.search_vector IS NOT NULL;
                    IF EXISTS (SELECT FROM pg_extension WHERE extname = 'rum') THEN
                        EXECUTE $sql${CreateIndex}$sql$;
                    END IF;
                END $do$;
                SELECT article_search_postings_refill();
                ANALYZE article_search_postings;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER article_search_postings_update ON articles;
                DROP TRIGGER article_search_postings_insert ON articles;
                DROP FUNCTION article_search_postings_on_articles();
                DROP FUNCTION article_search_postings_refill();
                DROP TABLE article_search_postings;
                DROP FUNCTION searchrum_query(text, text);
                DROP FUNCTION searchrum_query(text);
                DROP FUNCTION searchrum_keyed_query(regconfig, tsquery);
                DROP FUNCTION searchrum_keyed_vector(tsvector, text);
                DROP FUNCTION searchrum_key(regconfig);
                """);
        }
    }
}
