using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// Idempotency records hold neither the Idempotency-Key nor a readable answer: the key becomes key_hash
    /// (derived from the caller's API key secret and the Idempotency-Key), Location, Content-Type and body
    /// become one compressed, AES-GCM sealed answer, and size counts it against Idempotency:MaxBytesPerKey
    /// (idempotency_usage: per API key). Existing rows are dropped: they cannot be sealed (their keys are not
    /// derivable without the callers' secrets) and expire within 24 hours anyway; a client retrying one of
    /// them sees its request run again. TRUNCATE rather than DELETE: it replaces the table's files (TOAST
    /// included) at commit, so the plaintext answers do not linger in dead rows until a vacuum.
    public partial class IdempotencySealedAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("TRUNCATE idempotency_records");

            migrationBuilder.DropPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records");

            migrationBuilder.DropColumn(
                name: "key",
                table: "idempotency_records");

            migrationBuilder.DropColumn(
                name: "content_type",
                table: "idempotency_records");

            migrationBuilder.DropColumn(
                name: "location",
                table: "idempotency_records");

            migrationBuilder.RenameColumn(
                name: "body",
                table: "idempotency_records",
                newName: "answer");

            migrationBuilder.AddColumn<byte[]>(
                name: "key_hash",
                table: "idempotency_records",
                type: "bytea",
                maxLength: 32,
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<int>(
                name: "size",
                table: "idempotency_records",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records",
                columns: new[] { "api_key_id", "key_hash" });

            migrationBuilder.CreateTable(
                name: "idempotency_usage",
                columns: table => new
                {
                    api_key_id = table.Column<Guid>(type: "uuid", nullable: false),
                    bytes = table.Column<long>(type: "bigint", nullable: false),
                    records = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_usage", x => x.api_key_id);
                    table.ForeignKey(
                        name: "fk_idempotency_usage_api_keys_api_key_id",
                        column: x => x.api_key_id,
                        principalTable: "api_keys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_api_key_id_created_at_key_hash",
                table: "idempotency_records",
                columns: new[] { "api_key_id", "created_at", "key_hash" })
                .Annotation("Npgsql:IndexInclude", new[] { "size", "status_code", "expires_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("TRUNCATE idempotency_records");

            migrationBuilder.DropTable(
                name: "idempotency_usage");

            migrationBuilder.DropPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records");

            migrationBuilder.DropIndex(
                name: "ix_idempotency_records_api_key_id_created_at_key_hash",
                table: "idempotency_records");

            migrationBuilder.DropColumn(
                name: "key_hash",
                table: "idempotency_records");

            migrationBuilder.DropColumn(
                name: "size",
                table: "idempotency_records");

            migrationBuilder.RenameColumn(
                name: "answer",
                table: "idempotency_records",
                newName: "body");

            migrationBuilder.AddColumn<string>(
                name: "key",
                table: "idempotency_records",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "content_type",
                table: "idempotency_records",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "location",
                table: "idempotency_records",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records",
                columns: new[] { "api_key_id", "key" });
        }
    }
}
