using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Search functions the planner can estimate and cost (docs/decisions/0009-query-plans-at-scale.md).
    /// The API reads articles_search_query_any(q) once per request and binds that tsquery to the match,
    /// rank, highlight and passage functions; with custom plans PostgreSQL folds each language's query
    /// into a constant and estimates the index condition from the column's statistics, so it chooses
    /// between walking the newest articles (a common word) and the GIN index (a rare one). Replaces the
    /// ArticleSearch migration's functions that parsed q wherever they appeared (174 parses per search).
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

            // PostgreSQL charges "vector @@ query" one operator cost per row, but a checked row reads its
            // stored vector (about 2 kB, often out of line): at 1M articles a rare word was searched by
            // walking the newest articles (1 s) instead of the GIN index (0.2 s). The own-language
            // re-check goes through this identity function declared COST 500, so the planner counts what
            // a checked row costs (plpgsql: a SQL function would be inlined and its COST ignored). Being
            // opaque, it is also estimated at a fixed fraction rather than the 0.5 % PostgreSQL assumes
            // for "vector @@ <per-row query>", which made a word found in half of the articles look rare.
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_costly(checked boolean) RETURNS boolean
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 500
                AS $$ BEGIN RETURN checked; END $$;
                """);

            // The text-query functions of the ArticleSearch migration give way to ones taking the parsed query.
            migrationBuilder.Sql("DROP FUNCTION articles_search_headline(text, text, text, text);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_rank(tsvector, text, text);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_matches(tsvector, text, text);");
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_matches(vector tsvector, language text, q text, query tsquery) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN vector @@ query AND articles_search_costly(vector @@ articles_search_query(language, q));
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_rank(vector tsvector, query tsquery) RETURNS real
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN ts_rank_cd(vector, query, 1);
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_headline(language text, query tsquery, document text, options text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN ts_headline(articles_search_config(language), document, query, options);
                """);
            // What the highlight is cut from: ts_headline parses all it is given (about 1 ms for a whole
            // article), so it gets `size` characters around the first occurrence of one of the query's
            // stems, found with strpos of the stem and of its capitalised form (Snowball stems are
            // prefixes of their words; folding the whole body first cost ~0.5 ms per row), or the start.
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_passage(query tsquery, body text, size int) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN substring(body, greatest(1, coalesce((
                    SELECT min(at.found)
                    FROM regexp_matches(query::text, '''([^'']+)''', 'g') AS stem(match),
                         LATERAL (VALUES (nullif(strpos(body, stem.match[1]), 0)),
                                         (nullif(strpos(body, initcap(stem.match[1])), 0))) AS at(found)
                ), 1) - size / 5), size);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION articles_search_passage(tsquery, text, int);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_headline(text, tsquery, text, text);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_rank(tsvector, tsquery);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_matches(tsvector, text, text, tsquery);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_costly(boolean);");

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
            // The ArticleSearch migration's text-query functions, as it created them.
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_matches(vector tsvector, language text, q text) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN vector @@ articles_search_query_any(q) AND vector @@ articles_search_query(language, q);
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_rank(vector tsvector, language text, q text) RETURNS real
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN ts_rank_cd(vector, articles_search_query(language, q), 1);
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_headline(language text, q text, document text, options text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN ts_headline(articles_search_config(language), document, articles_search_query(language, q), options);
                """);
        }
    }
}
