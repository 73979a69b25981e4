using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class MediaLibraryHmediaapi : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "media",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    content_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    bytes = table.Column<long>(type: "bigint", nullable: false),
                    storage_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    alt = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    caption = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    credit = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    license = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    placeholder = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    uploaded_by_key_id = table.Column<Guid>(type: "uuid", nullable: false),
                    uploaded_by_author_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    renditions = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_media", x => x.id);
                    table.CheckConstraint("ck_media_alt_not_blank", "btrim(alt) <> ''");
                    table.CheckConstraint("ck_media_size", "width > 0 AND height > 0 AND bytes > 0");
                    table.ForeignKey(
                        name: "fk_media_authors_uploaded_by_author_id",
                        column: x => x.uploaded_by_author_id,
                        principalTable: "authors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_media_uploaded_by_author_id",
                table: "media",
                column: "uploaded_by_author_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "media");
        }
    }
}
