using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Search functions the planner can estimate (docs/decisions/0009-query-plans-at-scale.md). With the
    /// search term a constant (custom plans), PostgreSQL folds each language's query into a constant,
    /// estimates the index condition from the column's statistics, and so chooses between walking the
    /// newest articles (a common word) and the GIN index (a rare one).
    /// </summary>
    public partial class SearchPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            var configs = ArticleSearch.Languages.Select(l => l.Config).Append("simple").ToArray();

            // One branch per configuration, each foldable into a constant when q is one: q is parsed
            // once per query, not once per row.
            var branches = string.Join("\n", configs.Select(c =>
                $"        WHEN 'articles_{c}'::regconfig THEN websearch_to_tsquery('articles_{c}'::regconfig, q)"));
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION articles_search_query(language text, q text) RETURNS tsquery
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN CASE articles_search_config(language)
                {branches}
                    END;
                """);

            // Languages mostly parse a word alike: the same lexeme repeated 29 times made the planner
            // count a rare word 29 times over. Each distinct parse once.
            var parses = string.Join(",\n        ", configs.Select(c => $"websearch_to_tsquery('articles_{c}'::regconfig, q)"));
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION articles_search_query_any(q text) RETURNS tsquery
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN (
                    SELECT coalesce(string_agg(DISTINCT '(' || parse::text || ')', ' | '), '')::tsquery
                    FROM unnest(ARRAY[
                        {parses}
                    ]) AS parse
                    WHERE parse::text <> '');
                """);

            // The second test is wrapped in coalesce (a no-op: the vector is never null) because
            // PostgreSQL estimates "vector @@ <per-row query>" at 0.5 % of the rows, which made a word
            // found in half of the articles look rare; an opaque boolean is estimated at one half.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION articles_search_matches(vector tsvector, language text, q text) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN vector @@ articles_search_query_any(q) AND coalesce(vector @@ articles_search_query(language, q), false);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION articles_search_matches(vector tsvector, language text, q text) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN vector @@ articles_search_query_any(q) AND vector @@ articles_search_query(language, q);
                """);
            var anyLanguage = string.Join("\n    || ", ArticleSearch.Languages.Select(l => l.Config).Append("simple")
                .Select(c => $"websearch_to_tsquery('articles_{c}'::regconfig, q)"));
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION articles_search_query_any(q text) RETURNS tsquery
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN {anyLanguage};
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION articles_search_query(language text, q text) RETURNS tsquery
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN websearch_to_tsquery(articles_search_config(language), q);
                """);
        }
    }
}
