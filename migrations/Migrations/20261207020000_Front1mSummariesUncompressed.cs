using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// The ready-made summaries' `doc` kept uncompressed in the front page's index (docs/decisions/0045, 2026-12-06 night,
    /// helper front1m). A B-tree compresses (pglz) every INCLUDEd value over ~512 bytes, so each front page decompressed
    /// its 21 docs (~1.5 KB each) before sending them: about a quarter of the page's database CPU. STORAGE EXTERNAL
    /// (set on the column, PostgreSQL applies it to the index's column too) stores them as written: the index is ~45 %
    /// larger. It applies to the rows written from now on (every render); the newest 1,000 published summaries (the first
    /// pages) and the scheduled ones (the pages to come) are written again here with the same bytes (`doc || ''`: a new,
    /// uncompressed value), the older ones stay compressed
    /// until their next render (pages deep in the past are rarely read). In the heap a row over ~2 KB now moves its doc to the TOAST
    /// table uncompressed instead of compressing it in place (the front page never reads the heap's doc but for the
    /// large summaries). The column's attribute changes without a rewrite of the table.
    /// </summary>
    public partial class Front1mSummariesUncompressed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE article_summaries_ready ALTER COLUMN doc SET STORAGE EXTERNAL;
                UPDATE article_summaries_ready SET doc = doc || ''::bytea
                WHERE doc_in_index AND doc IS NOT NULL
                  AND (published_at > now()
                       OR article_id IN (SELECT article_id FROM article_summaries_ready WHERE doc_in_index AND doc IS NOT NULL
                                         AND published_at <= now() ORDER BY published_at DESC, article_id DESC LIMIT 1000));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE article_summaries_ready ALTER COLUMN doc SET STORAGE EXTENDED;");
        }
    }
}
