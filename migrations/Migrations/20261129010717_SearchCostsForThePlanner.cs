using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// PostgreSQL charges `vector @@ query` one operator cost per row, but a row that is checked reads
    /// its stored vector (about 2 kB, often out of line): at 1M articles a rare word was searched by
    /// walking the newest articles (1 s) instead of the GIN index (0.2 s). The own-language re-check is
    /// now passed through articles_search_costly, an identity function declared COST 500, so the planner
    /// counts what a checked row really costs. (plpgsql: a SQL function would be inlined and its COST
    /// ignored. The per-language query inside is still folded into constants, once per query.)
    /// </summary>
    public partial class SearchCostsForThePlanner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_costly(checked boolean) RETURNS boolean
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 500
                AS $$ BEGIN RETURN checked; END $$;
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION articles_search_matches(vector tsvector, language text, q text, query tsquery) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN vector @@ query AND articles_search_costly(vector @@ articles_search_query(language, q));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION articles_search_matches(vector tsvector, language text, q text, query tsquery) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN vector @@ query AND coalesce(vector @@ articles_search_query(language, q), false);
                """);
            migrationBuilder.Sql("DROP FUNCTION articles_search_costly(boolean);");
        }
    }
}
