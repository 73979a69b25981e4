using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class PublicArticleCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_articles_public_id",
                table: "articles",
                column: "id",
                filter: "deleted_at IS NULL AND status IN ('published', 'scheduled')")
                .Annotation("Npgsql:IndexInclude", new[] { "published_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_articles_public_id",
                table: "articles");
        }
    }
}
