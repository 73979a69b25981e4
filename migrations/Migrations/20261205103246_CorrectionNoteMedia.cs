using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class CorrectionNoteMedia : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid[]>(
                name: "note_media",
                table: "article_corrections",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'::uuid[]");

            migrationBuilder.CreateIndex(
                name: "ix_article_corrections_note_media",
                table: "article_corrections",
                column: "note_media")
                .Annotation("Npgsql:IndexMethod", "gin");

            // Notes written before the column (the same superset of the renderer's images as body_media's backfill): the one
            // rewrite of the appended-only record, which adds an index of what the notes already say.
            migrationBuilder.Sql("""
                ALTER TABLE article_corrections DISABLE TRIGGER article_corrections_append_only;
                UPDATE article_corrections SET note_media = ARRAY(
                    SELECT DISTINCT lower(m[1])::uuid
                    FROM regexp_matches(note_markdown, 'media:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})', 'gi') AS m)
                WHERE note_markdown ILIKE '%media:%';
                ALTER TABLE article_corrections ENABLE TRIGGER article_corrections_append_only;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_article_corrections_note_media",
                table: "article_corrections");

            migrationBuilder.DropColumn(
                name: "note_media",
                table: "article_corrections");
        }
    }
}
