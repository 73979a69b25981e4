using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Which version of ArticleBody's rules rendered each stored body (issue 13, class 4: markup that survived
    /// sanitizing stays in HTML rendered before the fix). Every existing row gets 0, so BodyRerendering renders
    /// it again after start-up; the index answers "anything older?" at each start without reading the table.
    /// Adding a column with a constant default does not rewrite the table.
    /// </summary>
    public partial class BodyRendererVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "body_renderer_version",
                table: "articles",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ix_articles_body_renderer_version",
                table: "articles",
                column: "body_renderer_version");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_articles_body_renderer_version",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "body_renderer_version",
                table: "articles");
        }
    }
}
