using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class MediaArtBodyMediaIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid[]>(
                name: "body_media",
                table: "articles",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'::uuid[]");

            migrationBuilder.CreateIndex(
                name: "ix_articles_body_media",
                table: "articles",
                column: "body_media")
                .Annotation("Npgsql:IndexMethod", "gin");

            // Bodies written before the column: the ids after `media:` (a superset of what the renderer counts as images, as
            // the earlier ILIKE check was). Written from now on with each rendered body (ArticleBody.Media).
            migrationBuilder.Sql("""
                UPDATE articles SET body_media = ARRAY(
                    SELECT DISTINCT lower(m[1])::uuid
                    FROM regexp_matches(body_markdown, 'media:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})', 'gi') AS m)
                WHERE body_markdown ILIKE '%media:%';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_articles_body_media",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "body_media",
                table: "articles");
        }
    }
}
