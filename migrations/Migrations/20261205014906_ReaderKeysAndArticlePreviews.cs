using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class ReaderKeysAndArticlePreviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_api_keys_author_role",
                table: "api_keys");

            migrationBuilder.DropCheckConstraint(
                name: "ck_api_keys_role",
                table: "api_keys");

            migrationBuilder.CreateTable(
                name: "article_previews",
                columns: table => new
                {
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by_key_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_article_previews", x => x.article_id);
                    table.ForeignKey(
                        name: "fk_article_previews_api_keys_created_by_key_id",
                        column: x => x.created_by_key_id,
                        principalTable: "api_keys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_article_previews_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_api_keys_author_role",
                table: "api_keys",
                sql: "author_id IS NOT NULL OR role IN ('editor', 'admin', 'reader') OR (revoked_at IS NOT NULL AND former_author_id IS NOT NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_api_keys_role",
                table: "api_keys",
                sql: "role IN ('contributor', 'author', 'editor', 'admin', 'reader')");

            migrationBuilder.CreateIndex(
                name: "ix_article_previews_created_by_key_id",
                table: "article_previews",
                column: "created_by_key_id");

            migrationBuilder.CreateIndex(
                name: "ix_article_previews_token_hash",
                table: "article_previews",
                column: "token_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "article_previews");

            migrationBuilder.DropCheckConstraint(
                name: "ck_api_keys_author_role",
                table: "api_keys");

            migrationBuilder.DropCheckConstraint(
                name: "ck_api_keys_role",
                table: "api_keys");

            migrationBuilder.AddCheckConstraint(
                name: "ck_api_keys_author_role",
                table: "api_keys",
                sql: "author_id IS NOT NULL OR role IN ('editor', 'admin') OR (revoked_at IS NOT NULL AND former_author_id IS NOT NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_api_keys_role",
                table: "api_keys",
                sql: "role IN ('contributor', 'author', 'editor', 'admin')");
        }
    }
}
