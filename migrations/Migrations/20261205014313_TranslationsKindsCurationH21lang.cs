using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class TranslationsKindsCurationH21lang : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "featured",
                table: "articles",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "articles",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "news");

            migrationBuilder.AddColumn<Guid>(
                name: "translation_group_id",
                table: "articles",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "position",
                table: "article_tags",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "tag_translations",
                columns: table => new
                {
                    tag_id = table.Column<Guid>(type: "uuid", nullable: false),
                    language = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_translations", x => new { x.tag_id, x.language });
                    table.ForeignKey(
                        name: "fk_tag_translations_tags_tag_id",
                        column: x => x.tag_id,
                        principalTable: "tags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_articles_translation_group_language",
                table: "articles",
                columns: new[] { "translation_group_id", "language" },
                unique: true,
                filter: "translation_group_id IS NOT NULL AND deleted_at IS NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_articles_kind",
                table: "articles",
                sql: "kind IN ('news', 'analysis', 'opinion', 'background', 'factcheck', 'sponsored')");

            // Tags had no order: they keep the one reads gave them (by name), so the first is the primary tag.
            migrationBuilder.Sql("""
                UPDATE article_tags x SET position = o.position
                FROM (SELECT t.article_id, t.tag_id, (row_number() OVER (PARTITION BY t.article_id ORDER BY g.name, g.id) - 1)::int AS position
                      FROM article_tags t JOIN tags g ON g.id = t.tag_id) o
                WHERE x.article_id = o.article_id AND x.tag_id = o.tag_id;
                """);
            // TranslationGroups.Json: an article's translations as one scalar of its own row.
            migrationBuilder.Sql("""
                CREATE FUNCTION article_translations(group_id uuid, self_id uuid, every boolean, at timestamptz)
                RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
                    SELECT coalesce(json_agg(json_build_object(
                               'id', a.id, 'slug', a.slug, 'language', a.language, 'title', a.title,
                               'status', CASE WHEN a.status = 'scheduled' AND a.published_at <= at THEN 'published' ELSE a.status END)
                           ORDER BY a.language, a.id)::text, '[]')
                    FROM articles a
                    WHERE group_id IS NOT NULL AND a.translation_group_id = group_id AND a.id <> self_id AND a.deleted_at IS NULL
                      AND (every OR article_is_public(a.status, a.deleted_at, a.published_at, at))
                $$;
                """);
            // Translated tag names follow the look-alike rule of names (ADR 0012) within their language.
            migrationBuilder.Sql("CREATE UNIQUE INDEX ix_tag_translations_name_key ON tag_translations (language, tag_name_key(name));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_tag_translations_name_key;");
            migrationBuilder.Sql("DROP FUNCTION article_translations(uuid, uuid, boolean, timestamptz);");

            migrationBuilder.DropTable(
                name: "tag_translations");

            migrationBuilder.DropIndex(
                name: "ix_articles_translation_group_language",
                table: "articles");

            migrationBuilder.DropCheckConstraint(
                name: "ck_articles_kind",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "featured",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "translation_group_id",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "position",
                table: "article_tags");
        }
    }
}
