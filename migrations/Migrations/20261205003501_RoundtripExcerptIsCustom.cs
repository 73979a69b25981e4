using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class RoundtripExcerptIsCustom : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "excerpt_is_custom",
                table: "articles",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Until now one column held both kinds. An excerpt that is the start of the body's text is taken as the
            // automatic one (its trailing "…" aside); any other was written, and stays as it is.
            migrationBuilder.Sql("""
                UPDATE articles SET excerpt_is_custom = true
                WHERE NOT starts_with(body_text, rtrim(excerpt, '…'));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "excerpt_is_custom",
                table: "articles");
        }
    }
}
