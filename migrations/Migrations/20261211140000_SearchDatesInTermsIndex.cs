using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// datesterms (ADR 0034, "2026-12-07 later, datesterms"): the side table's GIN index of the keys and the terms also holds each
    /// row's publication day, and the 32-day and 1,024-day blocks that day falls in (`article_search_dates`), so that a search
    /// in publication dates reads, inside one index scan, only q's rows within them: GIN skips through a common word's postings
    /// to the dates' rows. Any span of days is a few dozen of those entries (Features/Articles/List/SearchDates.cs). Before,
    /// q's matches in a short span were read by scanning every public article of the span (at 1M `costiera indagine
    /// petr&publishedBefore=2022-01-01&total`: 12,468 articles, ~50 ms), or all of q's matches with the dates checked on each
    /// row. Rebuilt in ~4.5 min at 1M; statements that do not name the dates read it as before.
    /// </summary>
    public partial class SearchDatesInTermsIndex : Migration
    {
        /// The days since 1970-01-01 (UTC), and the blocks as entries far from any day's: 1,000,000,000 + day ÷ 32 and
        /// -1,000,000,000 + day ÷ 1,024 (arithmetic shifts: floors, also before 1970).
        const string CreateDatesFunction = """
            CREATE FUNCTION article_search_dates(at timestamptz) RETURNS int[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN ARRAY[floor(extract(epoch FROM at) / 86400)::int, 1000000000 + (floor(extract(epoch FROM at) / 86400)::int >> 5),
                -1000000000 + (floor(extract(epoch FROM at) / 86400)::int >> 10)];
            """;

        const string CreateIndex = """
            CREATE INDEX ix_article_search_postings_keys_dates_terms ON article_search_postings
                USING gin ((array_remove(keys, NULL)), article_search_dates(published_at), (vector || article_search_prefixes(vector)))
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CreateDatesFunction);
            migrationBuilder.Sql($"DROP INDEX IF EXISTS ix_article_search_postings_keys_terms; {CreateIndex};");
            migrationBuilder.Sql(SearchKeysTermsIndex.Refill(CreateIndex, "ix_article_search_postings_keys_dates_terms"));
            // The index's expressions have statistics only once analysed: until then the planner guessed q's matches on the terms
            // (at 1M a search by date with `total` ran out of its 1 s budget; 4 ms after ANALYZE, ~8 s at 1M).
            migrationBuilder.Sql("ANALYZE article_search_postings;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"DROP INDEX IF EXISTS ix_article_search_postings_keys_dates_terms; {SearchKeysTermsIndex.CreateKeysTermsIndex};");
            migrationBuilder.Sql(SearchKeysTermsIndex.Refill(SearchKeysTermsIndex.CreateKeysTermsIndex, "ix_article_search_postings_keys_terms"));
            migrationBuilder.Sql("DROP FUNCTION article_search_dates(timestamptz);");
            migrationBuilder.Sql("ANALYZE article_search_postings;");
        }
    }
}
