using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class SlugHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "slug_history",
                columns: table => new
                {
                    resource = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    resource_id = table.Column<Guid>(type: "uuid", nullable: false),
                    left_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_slug_history", x => new { x.resource, x.slug });
                    table.CheckConstraint("ck_slug_history_resource", "resource IN ('article', 'author', 'tag', 'source')");
                    table.CheckConstraint("ck_slug_history_slug", "slug ~ '^[a-z0-9]+(?:-[a-z0-9]+)*$'");
                    table.CheckConstraint("ck_slug_history_slug_not_id", "slug !~ '^(?:[0-9a-fx]{8}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{12}|[0-9a-fx]{32})$'");
                });

            migrationBuilder.CreateIndex(
                name: "ix_slug_history_resource_id",
                table: "slug_history",
                column: "resource_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "slug_history");
        }
    }
}
