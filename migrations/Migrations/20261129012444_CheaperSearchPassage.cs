using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// The highlight's passage is found with plain strpos of each stem and of its capitalised form,
    /// instead of folding the whole body first (lower(unaccent(body)) cost about 0.5 ms per row, most
    /// of a common word's search at 100k articles). A word found only with accents or in capitals is
    /// not located: the passage is then the start of the body, as before SearchQueryParsedOnce.
    /// </summary>
    public partial class CheaperSearchPassage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION articles_search_passage(query tsquery, body text, size int) RETURNS text
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
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION articles_search_passage(query tsquery, body text, size int) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN substring(body, greatest(1, coalesce((
                    SELECT min(nullif(strpos(folded.text, stem.match[1]), 0))
                    FROM (SELECT lower(unaccent(body)) AS text) AS folded,
                         regexp_matches(query::text, '''([^'']+)''', 'g') AS stem(match)
                ), 1) - size / 5), size);
                """);
        }
    }
}
