using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class TranslationDatesHseam15 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // article_translations also gives each translation's date (published, else created): its public URL may
            // hold {yyyy}/{mm}/{dd} (TranslationSummary.url, the sitemaps' and structured data's links).
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION article_translations(group_id uuid, self_id uuid, every boolean, at timestamptz)
                RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
                    SELECT coalesce(json_agg(json_build_object(
                               'id', a.id, 'slug', a.slug, 'language', a.language, 'title', a.title,
                               'status', CASE WHEN a.status = 'scheduled' AND a.published_at <= at THEN 'published' ELSE a.status END,
                               'date', coalesce(a.published_at, a.created_at))
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
                      AND a.status <> 'takendown'
                $$;
                """);
        }
    }
}
