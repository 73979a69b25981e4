using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class RevisionsCorrectionsTakedown : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_articles_status",
                table: "articles");

            migrationBuilder.CreateTable(
                name: "article_corrections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    note_markdown = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    note_html = table.Column<string>(type: "text", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    by_key_id = table.Column<Guid>(type: "uuid", nullable: true),
                    by_author_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_article_corrections", x => x.id);
                    table.CheckConstraint("ck_article_corrections_kind", "kind IN ('correction', 'clarification', 'update', 'retraction')");
                    table.ForeignKey(
                        name: "fk_article_corrections_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "article_revisions",
                columns: table => new
                {
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    by_key_id = table.Column<Guid>(type: "uuid", nullable: true),
                    by_key_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    by_author_id = table.Column<Guid>(type: "uuid", nullable: true),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    changed = table.Column<string[]>(type: "text[]", nullable: false),
                    snapshot = table.Column<string>(type: "jsonb", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_article_revisions", x => new { x.article_id, x.number });
                    table.CheckConstraint("ck_article_revisions_number", "number >= 1");
                    table.ForeignKey(
                        name: "fk_article_revisions_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_articles_status",
                table: "articles",
                sql: "status IN ('draft', 'scheduled', 'published', 'archived', 'takendown')");

            // Appended only: a revision or a correction is never rewritten (they go only with their article, deleted for good).
            migrationBuilder.Sql("""
                CREATE FUNCTION refuse_rewriting_the_record() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is appended only', TG_TABLE_NAME USING ERRCODE = '23001';
                END $$;
                CREATE TRIGGER article_revisions_append_only BEFORE UPDATE OR TRUNCATE ON article_revisions
                    FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewriting_the_record();
                CREATE TRIGGER article_corrections_append_only BEFORE UPDATE OR TRUNCATE ON article_corrections
                    FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewriting_the_record();
                """);
            // Every existing article starts its record with one revision of itself as it is (no key: the migration's).
            migrationBuilder.Sql("""
                INSERT INTO article_revisions (article_id, number, at, action, changed, snapshot)
                SELECT a.id, 1, a.updated_at, 'created', ARRAY(SELECT jsonb_object_keys(s.snapshot) ORDER BY 1), s.snapshot
                FROM articles a CROSS JOIN LATERAL (SELECT
                        jsonb_build_object(
                            'slug', a.slug, 'title', a.title, 'subtitle', a.subtitle,
                            'excerpt', a.excerpt, 'excerptIsCustom', a.excerpt_is_custom,
                            'markdown', a.body_markdown, 'language', a.language, 'status', a.status,
                            'publishedAt', to_char(a.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                            'deletedAt', to_char(a.deleted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                            'featureImage', CASE WHEN a.feature_image_url IS NULL THEN NULL
                                ELSE jsonb_build_object('url', a.feature_image_url, 'alt', a.feature_image_alt, 'caption', a.feature_image_caption) END,
                            'canonicalUrl', a.canonical_url,
                            'authors', coalesce((SELECT jsonb_agg(x.author_id ORDER BY x.position) FROM article_authors x WHERE x.article_id = a.id), '[]'),
                            'tags', coalesce((SELECT jsonb_agg(x.tag_id ORDER BY x.tag_id) FROM article_tags x WHERE x.article_id = a.id), '[]'),
                            'citations', coalesce((SELECT jsonb_agg(jsonb_build_object('source', c.source_id, 'claim', c.claim,
                                    'attribution', c.attribution, 'quote', c.quote, 'url', c.url) ORDER BY c.position)
                                FROM citations c WHERE c.article_id = a.id), '[]'),
                            'corrections', coalesce((SELECT jsonb_agg(c.id ORDER BY c.at, c.id) FROM article_corrections c WHERE c.article_id = a.id), '[]')) AS snapshot) s;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_article_corrections_article_id_at",
                table: "article_corrections",
                columns: new[] { "article_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "article_corrections");
            migrationBuilder.Sql("DROP FUNCTION refuse_rewriting_the_record() CASCADE;");

            migrationBuilder.DropTable(
                name: "article_revisions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_articles_status",
                table: "articles");

            migrationBuilder.AddCheckConstraint(
                name: "ck_articles_status",
                table: "articles",
                sql: "status IN ('draft', 'scheduled', 'published', 'archived')");
        }
    }
}
