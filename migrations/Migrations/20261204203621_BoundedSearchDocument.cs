using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Bounds the text-search parser's work per article (issue 13, class 7). PostgreSQL's default parser is
    /// quadratic on some runs without spaces (40 KB of "a_a_…" took 27 s, of "a-b.a-b.…" 11 s: each
    /// position starts a host or URL it later abandons) and on comments it never sees closed (8,000 "&lt;!--"
    /// took 3.4 s), so a 40 KB body answered 503 after the 5 s command timeout. Every text now reaches
    /// to_tsvector through articles_search_document: its first 100,000 characters (positions stop at 16,383
    /// anyway), "&lt;" read as a space (the parser would take what follows for a tag or comment and drop
    /// it), and a space after every 60 characters without one. A word longer than 60 characters (a long URL)
    /// is indexed as pieces. PostgreSQL 15 cannot change a generated column's expression: the column is
    /// dropped and added again, which rewrites the table, and its index (SearchLanguageMarker) is rebuilt.
    /// </summary>
    public partial class BoundedSearchDocument : Migration
    {
        const string OldVector =
            "setweight(to_tsvector(articles_search_config(language), title), 'A') || " +
            "setweight(to_tsvector(articles_search_config(language), coalesce(subtitle, '') || ' ' || excerpt), 'B') || " +
            "setweight(to_tsvector(articles_search_config(language), body_text), 'C')";

        const string NewVector =
            "setweight(to_tsvector(articles_search_config(language), articles_search_document(title)), 'A') || " +
            "setweight(to_tsvector(articles_search_config(language), articles_search_document(coalesce(subtitle, '') || ' ' || excerpt)), 'B') || " +
            "setweight(to_tsvector(articles_search_config(language), articles_search_document(body_text)), 'C')";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_document(document text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN regexp_replace(translate(left(document, 100000), '<', ' '), '\S{60}', '\& ', 'g');
                """);
            Rebuild(migrationBuilder, NewVector);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Rebuild(migrationBuilder, OldVector);
            migrationBuilder.Sql("DROP FUNCTION articles_search_document(text);");
        }

        static void Rebuild(MigrationBuilder migrationBuilder, string vector)
        {
            migrationBuilder.Sql($"""
                DROP INDEX ix_articles_search_vector_marked;
                ALTER TABLE articles DROP COLUMN search_vector;
                ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({vector}) STORED;
                CREATE INDEX ix_articles_search_vector_marked ON articles USING gin ((search_vector || articles_search_marker(language)));
                ANALYZE articles;
                """);
        }
    }
}
