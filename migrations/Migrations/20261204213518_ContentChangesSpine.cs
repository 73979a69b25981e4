using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class ContentChangesSpine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "content_changes",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    resource = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    resource_id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    was_public = table.Column<bool>(type: "boolean", nullable: true),
                    is_public = table.Column<bool>(type: "boolean", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_content_changes", x => x.sequence);
                    table.CheckConstraint("ck_content_changes_kind", "kind IN ('created', 'updated', 'published', 'scheduled', 'unpublished', 'deleted', 'restored')");
                    table.CheckConstraint("ck_content_changes_resource", "resource IN ('article', 'author', 'tag', 'source')");
                });

            migrationBuilder.CreateIndex(
                name: "ix_content_changes_resource_id_sequence",
                table: "content_changes",
                columns: new[] { "resource_id", "sequence" });

            // What exists already, as if created in this order: a change feed replayed from the start ends with
            // the content as it is (articles with their visibility as of now).
            migrationBuilder.Sql("""
                INSERT INTO content_changes (at, resource, resource_id, slug, kind, was_public, is_public)
                SELECT at, resource, id, slug, 'created', was_public, is_public
                FROM (
                    SELECT created_at AS at, 'author' AS resource, id, slug, NULL::boolean AS was_public, NULL::boolean AS is_public, 0 AS rank FROM authors
                    UNION ALL SELECT created_at, 'tag', id, slug, NULL, NULL, 1 FROM tags
                    UNION ALL SELECT created_at, 'source', id, slug, NULL, NULL, 2 FROM sources
                    UNION ALL SELECT created_at, 'article', id, slug, false,
                        deleted_at IS NULL AND status IN ('published', 'scheduled') AND published_at <= now(), 3 FROM articles
                ) existing
                ORDER BY rank, at, id;
                """);

            // Sequences in commit order: every insert takes the transaction-scoped advisory lock
            // ContentChangeLog.CommitOrderLock (0x4172746963686e67) before its rows get their sequence (a BEFORE
            // STATEMENT trigger runs before any row is formed), and holds it until its transaction ends, so a
            // later sequence can only be handed out after the earlier one's transaction has committed or rolled back.
            migrationBuilder.Sql("""
                CREATE FUNCTION content_changes_in_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_advisory_xact_lock(4715959755798507111);
                    RETURN NULL;
                END $$;

                CREATE TRIGGER content_changes_in_commit_order BEFORE INSERT ON content_changes
                FOR EACH STATEMENT EXECUTE FUNCTION content_changes_in_commit_order();
                """);

            // Append-only: what happened is never rewritten. Retention (deleting old rows once every consumer
            // is past them) is a deliberate act: SET LOCAL articles.content_changes_retention = 'on' first.
            migrationBuilder.Sql("""
                CREATE FUNCTION content_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('articles.content_changes_retention', true) = 'on' THEN
                        RETURN NULL;
                    END IF;
                    RAISE EXCEPTION 'content_changes is append-only: % refused', TG_OP
                        USING ERRCODE = 'restrict_violation',
                              HINT = 'To delete old rows on purpose, SET LOCAL articles.content_changes_retention = ''on'' first.';
                END $$;

                CREATE TRIGGER content_changes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON content_changes
                FOR EACH STATEMENT EXECUTE FUNCTION content_changes_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "content_changes");
            migrationBuilder.Sql("DROP FUNCTION content_changes_in_commit_order(); DROP FUNCTION content_changes_append_only();");
        }
    }
}
