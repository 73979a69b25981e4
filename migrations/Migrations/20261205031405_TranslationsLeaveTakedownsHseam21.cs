using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class TranslationsLeaveTakedownsHseam21 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A taken-down article (a legal removal) is no other article's translation, for any caller: only its own URL
            // answers for it (410, or the article to editors and admins).
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION article_translations(group_id uuid, self_id uuid, every boolean, at timestamptz)
                RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
                    SELECT coalesce(json_agg(json_build_object(
                               'id', a.id, 'slug', a.slug, 'language', a.language, 'title', a.title,
                               'status', CASE WHEN a.status = 'scheduled' AND a.published_at <= at THEN 'published' ELSE a.status END)
                           ORDER BY a.language, a.id)::text, '[]')
                    FROM articles a
                    WHERE group_id IS NOT NULL AND a.translation_group_id = group_id AND a.id <> self_id AND a.deleted_at IS NULL
                      AND (every OR article_is_public(a.status, a.deleted_at, a.published_at, at))
                      AND a.status <> 'takendown'
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION article_translations(group_id uuid, self_id uuid, every boolean, at timestamptz)
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
        }
    }
}
