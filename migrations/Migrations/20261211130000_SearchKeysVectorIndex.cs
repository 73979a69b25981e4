using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// keysvector (ADR 0034, "2026-12-06 afternoon, keysvector"): the side table's GIN index of the filter keys becomes one of the keys and
    /// the keyed vector together, so a search filtered on tags, authors or sources intersects q with the filter inside one index
    /// scan (GIN skips through q's postings to the filter's articles) instead of ANDing a bitmap of every match of q (RUM: ~0.8 µs
    /// a posting) with the keys' (Features/Articles/List/SearchMatchSet.cs). At 1M `grecia droni serviz:*` in source-319: 2,739
    /// rows, 26 ms in the index where RUM's bitmap of q alone took ~300 ms. A keys-only condition reads this index as it read the
    /// old one. At 1M 133 MB, built in 24 s (the old one: 29 MB). Builds before this one keep working: their BitmapAnd now takes
    /// this index's keys.
    /// </summary>
    public partial class SearchKeysVectorIndex : Migration
    {
        const string CreateKeysVectorIndex = "CREATE INDEX ix_article_search_postings_keys_vector ON article_search_postings USING gin (keys, vector)";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                DROP INDEX IF EXISTS ix_article_search_postings_keys;
                {CreateKeysVectorIndex};
                """);
            migrationBuilder.Sql(Refill(CreateKeysVectorIndex, "ix_article_search_postings_keys_vector"));
        }

        /// The side table's refill (SearchFilterKeys'), building `create` where it built the keys' GIN index.
        static string Refill(string create, string name) => $"""
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
                    EXECUTE $sql${SearchFilterKeys.CreateKeysRumIndex}$sql$;
                END IF;
            END $do$;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            const string createKeysIndex = "CREATE INDEX ix_article_search_postings_keys ON article_search_postings USING gin (keys)";
            migrationBuilder.Sql($"""
                DROP INDEX IF EXISTS ix_article_search_postings_keys_vector;
                {createKeysIndex};
                """);
            migrationBuilder.Sql(Refill(createKeysIndex, "ix_article_search_postings_keys"));
        }
    }
}
