using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations.Migrations
{
    /// Public lists and searches by last change walk the public articles' own index: the updates' index of every article starts
    /// with the drafts being edited (ADR 0034, "2026-12-07 morning, updateswalk"). Under a second at 1M.
    public partial class PublicUpdatesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_articles_public_updated_at_id",
                table: "articles",
                columns: new[] { "updated_at", "id" },
                descending: new bool[0],
                filter: "deleted_at IS NULL AND status IN ('published', 'scheduled')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_articles_public_updated_at_id",
                table: "articles");
        }
    }
}
