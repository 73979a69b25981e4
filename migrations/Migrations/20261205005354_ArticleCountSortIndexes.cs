using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class ArticleCountSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_tags_published_article_count_id",
                table: "tags",
                columns: new[] { "published_article_count", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_sources_published_article_count_id",
                table: "sources",
                columns: new[] { "published_article_count", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_authors_published_article_count_id",
                table: "authors",
                columns: new[] { "published_article_count", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tags_published_article_count_id",
                table: "tags");

            migrationBuilder.DropIndex(
                name: "ix_sources_published_article_count_id",
                table: "sources");

            migrationBuilder.DropIndex(
                name: "ix_authors_published_article_count_id",
                table: "authors");
        }
    }
}
