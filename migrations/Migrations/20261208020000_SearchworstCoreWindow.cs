using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// searchworst (ADR 0034, "2026-12-06 morning, helper searchworst"): the RUM window of a rare core (SearchWindow) — the core's
    /// matches newest first, q checked on each side-table row until n have passed. The early stop needs RUM's ordered index
    /// scan; when the core is estimated at fewer rows than n the planner preferred a bitmap of every match and a sort (at 1M
    /// `gobierno acuerdo trat`: 19,034 vectors read, 514 ms, against 200 rows and 20 ms), so the statement runs in a function
    /// with enable_sort off (a function with SET is never inlined: the setting holds for its statement only). Additive.
    /// Its body names RUM's `<=|`, so it is not checked at creation: without the `rum` extension it exists and is never called
    /// (SearchWindow asks for a valid RUM index first), and it works once an operator adds the extension and the index.
    /// </summary>
    public partial class SearchworstCoreWindow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                SET LOCAL check_function_bodies = off;
                CREATE OR REPLACE FUNCTION article_search_postings_core_window(core tsquery, q tsquery, lang text, variants text,
                    at timestamptz, n integer)
                RETURNS SETOF uuid LANGUAGE sql STABLE ROWS 200 SET enable_sort = off
                AS $$
                    SELECT d.article_id FROM article_search_postings AS d
                    WHERE d.vector @@ core AND ts_match_vq(d.vector, q)
                        AND (lang IS NULL OR d.language = lang OR starts_with(d.language, variants))
                    ORDER BY d.published_at <=| at LIMIT n
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS article_search_postings_core_window(tsquery, tsquery, text, text, timestamptz, integer);");
        }
    }
}
