using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Search functions that take the any-language query already parsed (a tsquery the API reads once
    /// per request with articles_search_query_any): each call of that function parses q with 29
    /// configurations, and PostgreSQL folded it again for every place the query appears (match, rank in
    /// the select list and in ORDER BY, highlight, passage): 174 parses per search, most of its plan time.
    /// The own-language re-check still parses q per configuration, once.
    /// </summary>
    public partial class SearchQueryParsedOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_matches(vector tsvector, language text, q text, query tsquery) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN vector @@ query AND coalesce(vector @@ articles_search_query(language, q), false);
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
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_passage(query tsquery, body text, size int) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN substring(body, greatest(1, coalesce((
                    SELECT min(nullif(strpos(folded.text, stem.match[1]), 0))
                    FROM (SELECT lower(unaccent(body)) AS text) AS folded,
                         regexp_matches(query::text, '''([^'']+)''', 'g') AS stem(match)
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
        }
    }
}
