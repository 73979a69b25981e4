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
    /// A keys-only condition reads this index as it read the old one; builds before this one keep working (their BitmapAnd takes
    /// this index's keys).
    /// The keys' RUM index (the filter walk's) becomes partial, on rows with keys (all of them in practice), so that only a
    /// statement saying so reads it: with both indexes able to serve `keys &&`, the planner read the filter's postings from RUM
    /// and checked q on each row (`les` in tag-1 and source-418: 2,943 rows, 134 ms; this index: 87, 13 ms). Builds before this
    /// one still filter-walk correctly, through this index and a sort, until they are replaced.
    /// </summary>
    public partial class SearchKeysTermsIndex : Migration
    {
        /// The prefixes are computed by the index from the vector (~0.3 ms an article), not stored in the table: the side table
        /// and its triggers stay as they are.
        const string CreateKeysTermsIndex = """
            CREATE INDEX ix_article_search_postings_keys_terms ON article_search_postings
                USING gin (keys, (vector || article_search_prefixes(vector)))
            """;

        /// The filter walk's index (SearchFilterKeys.CreateKeysRumIndex), on the rows with keys: the walk's statement says
        /// `cardinality(d.keys) > 0`, the filtered read's does not.
        const string CreatePartialKeysRumIndex = SearchFilterKeys.CreateKeysRumIndex + " WHERE cardinality(keys) > 0";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Keyed lexemes are `config stem` (searchrum_keyed_vector); prefixes longer than 12 characters start few words,
            // whose postings GIN merges cheaply, and would add an entry per character of every long stem.
            migrationBuilder.Sql("""
                CREATE FUNCTION article_search_prefixes(vector tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN (SELECT coalesce(array_to_tsvector(array_agg(DISTINCT k.key || left(k.stem, n) || '*')), ''::tsvector)
                    FROM (SELECT split_part(l, ' ', 1) || ' ' AS key, split_part(l, ' ', 2) AS stem FROM unnest(tsvector_to_array(vector)) AS l) AS k,
                        generate_series(3, least(length(k.stem), 12)) AS n);
                """);
            migrationBuilder.Sql(KeysIndexes(CreateKeysTermsIndex, "ix_article_search_postings_keys", CreatePartialKeysRumIndex));
            migrationBuilder.Sql(Refill(CreateKeysTermsIndex, "ix_article_search_postings_keys_terms", CreatePartialKeysRumIndex));
        }

        /// The keys' GIN index `dropped` replaced by `create`, their RUM index built again with `createRum`.
        static string KeysIndexes(string create, string dropped, string createRum) => $"""
            DROP INDEX IF EXISTS {dropped};
            {create};
            DROP INDEX IF EXISTS article_search_postings_keys_rum;
            DO $do$ BEGIN
                IF EXISTS (SELECT FROM pg_extension WHERE extname = 'rum') THEN
                    EXECUTE $sql${createRum}$sql$;
                END IF;
            END $do$;
            """;

        /// The side table's refill (SearchFilterKeys'), building `create` where it built the keys' GIN index `name`, and
        /// `createRum` for their RUM index.
        static string Refill(string create, string name, string createRum) => $"""
            CREATE OR REPLACE FUNCTION article_search_postings_refill() RETURNS void LANGUAGE plpgsql AS $do$
            BEGIN
                DROP INDEX IF EXISTS article_search_postings_rum;
                DROP INDEX IF EXISTS {name}; DROP INDEX IF EXISTS article_search_postings_keys_rum;
                TRUNCATE article_search_postings;
                INSERT INTO article_search_postings (article_id, published_at, language, vector, keys)
                SELECT a.id, a.published_at, a.language, searchrum_keyed_vector(a.search_vector, a.language), article_search_postings_keys(a.id)
                FROM articles AS a
                WHERE article_is_public(a.status, a.deleted_at, a.published_at, 'infinity') AND a.search_vector IS NOT NULL;
                {create};
                IF EXISTS (SELECT FROM pg_extension WHERE extname = 'rum') THEN
                    EXECUTE $sql${SearchrumPostingsSideTable.CreateIndex}$sql$;
                    EXECUTE $sql${createRum}$sql$;
                END IF;
            END $do$;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            const string createKeysIndex = "CREATE INDEX ix_article_search_postings_keys ON article_search_postings USING gin (keys)";
            migrationBuilder.Sql(KeysIndexes(createKeysIndex, "ix_article_search_postings_keys_terms", SearchFilterKeys.CreateKeysRumIndex));
            migrationBuilder.Sql(Refill(createKeysIndex, "ix_article_search_postings_keys", SearchFilterKeys.CreateKeysRumIndex));
            migrationBuilder.Sql("DROP FUNCTION article_search_prefixes(tsvector);");
        }
    }
}
