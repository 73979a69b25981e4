using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class SiteResource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_content_changes_resource",
                table: "content_changes");

            migrationBuilder.CreateTable(
                name: "site",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    logo_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    languages = table.Column<List<string>>(type: "text[]", nullable: false),
                    article_url_template = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    news_publication_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_site", x => x.id);
                    table.CheckConstraint("ck_site_languages", "cardinality(languages) >= 1");
                    table.CheckConstraint("ck_site_singleton", "id = '00000000-0000-7000-8000-000000005173'");
                    table.CheckConstraint("ck_site_url", "url ~ '^https?://[^/?#]+(/[^?#]*[^/?#])?$'");
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_content_changes_resource",
                table: "content_changes",
                sql: "resource IN ('article', 'author', 'tag', 'source', 'site')");

            // The site always exists (read and replaced, never created): a placeholder until an admin
            // replaces it with PUT /api/v1/site; the sample newsroom describes its own.
            migrationBuilder.Sql("""
                INSERT INTO site (id, name, url, languages, article_url_template, updated_at)
                VALUES ('00000000-0000-7000-8000-000000005173', 'Newsroom', 'https://www.example.com', '{en}',
                        '{siteUrl}/{language}/{slug}', now());
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "site");

            migrationBuilder.DropCheckConstraint(
                name: "ck_content_changes_resource",
                table: "content_changes");

            migrationBuilder.AddCheckConstraint(
                name: "ck_content_changes_resource",
                table: "content_changes",
                sql: "resource IN ('article', 'author', 'tag', 'source')");
        }
    }
}
