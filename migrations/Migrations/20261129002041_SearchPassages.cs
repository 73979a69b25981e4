using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// The part of a body that a search highlight is cut from: ts_headline parses all the text it is
    /// given (about 1 ms for a whole article), so it gets a passage around the first place where one of
    /// the query's stems occurs (accents folded; Snowball stems are prefixes of the words they come
    /// from), or the start of the body when none occurs literally.
    /// </summary>
    public partial class SearchPassages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_passage(language text, q text, body text, size int) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN substring(body, greatest(1, coalesce((
                    SELECT min(nullif(strpos(folded.text, stem.match[1]), 0))
                    FROM (SELECT lower(unaccent(body)) AS text) AS folded,
                         regexp_matches(articles_search_query(language, q)::text, '''([^'']+)''', 'g') AS stem(match)
                ), 1) - size / 5), size);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION articles_search_passage(text, text, text, int);");
        }
    }
}
