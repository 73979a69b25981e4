using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// keysterms (ADR 0034, "2026-12-06 afternoon, keysterms"): the side table's GIN index of the filter keys becomes one of the
    /// keys and the terms: the keyed vector and the prefixes of its lexemes' stems (3 to 12 characters, `'italian sold*'`). A
    /// search then intersects q with a filter, and q's words with each other, inside one index scan, GIN skipping through the
    /// common entries' postings to the rare ones' (Features/Articles/List/SearchMatchSet.cs, SearchKeys.Prefixed). Before, a
    /// filtered search ANDed a bitmap of every match of q (RUM: ~0.8 µs a posting) with the keys', and a prefix was read by
    /// merging every posting of every lexeme it starts (at 1M `transnistria sol`: `sol:*` ~100 ms in the languages' GIN indexes).
    /// The keys go in as `array_remove(keys, NULL)` (the same array), so that only a statement naming that expression reads this
    /// index for them: with the keys' RUM index (the filter walk's) also able to serve `keys &&`, the planner read the filter's
    /// postings from RUM and checked q on each row (`les` in tag-1 and source-418: 2,943 rows, 134 ms; this index: 87, 13 ms).
    /// Builds before this one keep working: their BitmapAnd takes the keys' RUM index for the keys. A first version made the
    /// RUM index partial instead: builds before this one then walked RUM's index of the vector by date for the filter walk, which
    /// without a condition on the vector gives rows out of date order (`army&tag=tag-40&sort=publishedAt` missed its oldest
    /// matches at 1M).
    /// </summary>
    public partial class SearchKeysTermsIndex : Migration
    {
        /// The prefixes are computed by the index from the vector (~0.3 ms an article), not stored in the table: the side table
        /// and its triggers stay as they are.
        internal const string CreateKeysTermsIndex = """
            CREATE INDEX ix_article_search_postings_keys_terms ON article_search_postings
                USING gin ((array_remove(keys, NULL)), (vector || article_search_prefixes(vector)))
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Keyed lexemes are `config stem` (searchrum_keyed_vector); prefixes longer than 12 characters start few words,
            // whose postings GIN merges cheaply, and would add an entry per character of every long stem. A tsvector's lexemes
            // hold at most 1 MB: when the vector's and its prefixes' would pass 1,000,000 bytes (a 100,000-character body of
            // varied words: the publish answered 500), the prefixes give way to one `prefixes omitted` lexeme (no config has that
            // name), and searches read such rows apart (SearchMatchSet.OmittedArm).
            migrationBuilder.Sql("""
                CREATE FUNCTION article_search_prefixes(vector tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN (SELECT CASE
                        WHEN coalesce(sum(octet_length(p.prefix)), 0) + (SELECT coalesce(sum(octet_length(l)), 0) FROM unnest(tsvector_to_array(vector)) AS l) > 1000000
                            THEN array_to_tsvector(ARRAY['prefixes omitted'])
                        ELSE coalesce(array_to_tsvector(array_agg(p.prefix)), ''::tsvector) END
                    FROM (SELECT DISTINCT k.key || left(k.stem, n) || '*' AS prefix
                        FROM (SELECT split_part(l, ' ', 1) || ' ' AS key, split_part(l, ' ', 2) AS stem FROM unnest(tsvector_to_array(vector)) AS l) AS k,
                            generate_series(3, least(length(k.stem), 12)) AS n) AS p);
                """);
            migrationBuilder.Sql($"DROP INDEX IF EXISTS ix_article_search_postings_keys; {CreateKeysTermsIndex};");
            migrationBuilder.Sql(Refill(CreateKeysTermsIndex, "ix_article_search_postings_keys_terms"));
        }

        /// The side table's refill (SearchFilterKeys'), building `create` where it built the keys' GIN index `name`; with each
        /// article's title and last update when `sortKeys` (SearchSortKeysInPostings).
        internal static string Refill(string create, string name, bool sortKeys = false) => $"""
            CREATE OR REPLACE FUNCTION article_search_postings_refill() RETURNS void LANGUAGE plpgsql AS $do$
            BEGIN
                DROP INDEX IF EXISTS article_search_postings_rum;
                DROP INDEX IF EXISTS {name}; DROP INDEX IF EXISTS article_search_postings_keys_rum;
                TRUNCATE article_search_postings;
                INSERT INTO article_search_postings (article_id, published_at, language, vector, keys{(sortKeys ? ", updated_at, title" : "")})
                SELECT a.id, a.published_at, a.language, searchrum_keyed_vector(a.search_vector, a.language), article_search_postings_keys(a.id){(sortKeys ? ", a.updated_at, a.title" : "")}
                FROM articles AS a
                WHERE article_is_public(a.status, a.deleted_at, a.published_at, 'infinity') AND a.search_vector IS NOT NULL;
                {create};
                IF EXISTS (SELECT FROM pg_extension WHERE extname = 'rum') THEN
                    EXECUTE $sql${SearchrumPostingsSideTable.CreateIndex}$sql$;
                    EXECUTE $sql${SearchFilterKeys.CreateKeysRumIndex}$sql$;
                END IF;
            END $do$;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            const string createKeysIndex = "CREATE INDEX ix_article_search_postings_keys ON article_search_postings USING gin (keys)";
            migrationBuilder.Sql($"DROP INDEX IF EXISTS ix_article_search_postings_keys_terms; {createKeysIndex};");
            migrationBuilder.Sql(Refill(createKeysIndex, "ix_article_search_postings_keys"));
            migrationBuilder.Sql("DROP FUNCTION article_search_prefixes(tsvector);");
        }
    }
}
