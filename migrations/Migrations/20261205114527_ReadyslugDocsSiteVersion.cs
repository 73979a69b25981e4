using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// The site settings' row version (xmin) an article's ready-made doc was rendered with (ReadyArticles): a doc rendered before a site change
    /// is not served (its URLs are old); the query path answers until the background has re-rendered it. Every doc is
    /// emptied once, so each is rendered again with its site version.
    /// </summary>
    public partial class ReadyslugDocsSiteVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE article_docs_ready ADD COLUMN site_version bigint;
                UPDATE article_docs_ready SET doc = NULL WHERE doc IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE article_docs_ready DROP COLUMN site_version;");
        }
    }
}
