using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class RevokedKeysLetGoOfDeletedAuthors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_api_keys_author_role",
                table: "api_keys");

            migrationBuilder.AddColumn<Guid>(
                name: "former_author_id",
                table: "api_keys",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "former_author_name",
                table: "api_keys",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_api_keys_author_role",
                table: "api_keys",
                sql: "author_id IS NOT NULL OR role IN ('editor', 'admin') OR (revoked_at IS NOT NULL AND former_author_id IS NOT NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_api_keys_former_author",
                table: "api_keys",
                sql: "former_author_id IS NULL OR (author_id IS NULL AND former_author_name IS NOT NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_api_keys_author_role",
                table: "api_keys");

            migrationBuilder.DropCheckConstraint(
                name: "ck_api_keys_former_author",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "former_author_id",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "former_author_name",
                table: "api_keys");

            migrationBuilder.AddCheckConstraint(
                name: "ck_api_keys_author_role",
                table: "api_keys",
                sql: "author_id IS NOT NULL OR role IN ('editor', 'admin')");
        }
    }
}
