using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// A search filtered on one language is answered by that language's own index (issue 18, "Cost at 1M";
    /// docs/decisions/0034-search-cost-at-1m.md, section of "searchidx"; bench/studies/search-index-1m).
    /// <para>One partial GIN index on the stored vector per text-search configuration, holding only the articles whose
    /// language that configuration indexes. With `language=it`, q is matched as Italian parses it against the Italian
    /// index alone: no language marker to intersect (the marker index walks the Italian marker's posting list, half the
    /// table, once per candidate). A rare word's 200 newest Italian matches at 1M articles: 1,398 buffers and 4.5 ms of
    /// backend CPU instead of 3,620 and 14 ms (load average 60). Searches without a language filter keep the marker index
    /// (one partial index per configuration there means an OR of 29 arms whose planning took 26–65 ms).</para>
    /// <para>Statistics on the configuration expression let the planner weigh `articles_search_config(language) = …`
    /// (its default guess, 0.5 %, would send a common word to the bitmap instead of the date walk).</para>
    /// </summary>
    public partial class SearchLanguageIndexesHsearchidx : Migration
    {
        static string[] Configs => ArticleSearch.Languages.Select(l => l.Config).Append("simple").ToArray();

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var config in Configs)
                migrationBuilder.Sql(
                    $"CREATE INDEX ix_articles_search_vector_{config} ON articles USING gin (search_vector) WHERE articles_search_config(language) = 'articles_{config}'::regconfig;");
            migrationBuilder.Sql("CREATE STATISTICS st_articles_search_config ON (articles_search_config(language)) FROM articles;");
            migrationBuilder.Sql("ANALYZE articles (language);");

            // Inlined into the caller's query; planned for the values (CustomPlans), the filter's configuration and q's
            // parse fold to constants, so the clause is the partial index's predicate plus its @@. The plpgsql term is
            // SearchLanguageMarker's: it charges the date walk for reading each visited article's vector.
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_matches_language(vector tsvector, language text, filtered text, q text) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN articles_search_config(language) = articles_search_config(filtered)
                    AND vector @@ articles_search_parse(articles_search_config(filtered), q)
                    AND articles_search_reads_vector(language) IS NOT UNKNOWN;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION articles_search_matches_language(tsvector, text, text, text);");
            migrationBuilder.Sql("DROP STATISTICS st_articles_search_config;");
            foreach (var config in Configs)
                migrationBuilder.Sql($"DROP INDEX ix_articles_search_vector_{config};");
        }
    }
}
