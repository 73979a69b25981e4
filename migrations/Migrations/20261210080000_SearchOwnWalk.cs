using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// ownwalk (ADR 0034, "2026-12-06 evening, ownwalk"): <c>articles_search_matches_own(vector, language, configs, parses)</c>,
    /// the own-language match of <c>articles_search_matches</c> checked on the vector as stored: the row's configuration picks
    /// q's parse in it (<c>configs[i]</c> parses q as <c>parses[i]</c>), where <c>articles_search_matches</c> appends the
    /// configuration's marker to the vector (a copy of it) before matching the marked query. For the date walk of a common word,
    /// which checks q on each row it walks (never an index condition). STABLE, not IMMUTABLE: a regconfig's name depends on the
    /// search path; as a one-expression SQL function it is inlined either way. Additive.
    /// </summary>
    public partial class SearchOwnWalk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_matches_own(vector tsvector, language text, configs text[], parses tsquery[])
                RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
                RETURN vector @@ parses[array_position(configs, articles_search_config(language)::text)];
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS articles_search_matches_own(tsvector, text, text[], tsquery[]);");
        }
    }
}
