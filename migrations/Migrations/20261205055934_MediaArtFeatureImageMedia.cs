using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class MediaArtFeatureImageMedia : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "feature_image_credit",
                table: "articles",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "feature_image_media_details",
                table: "articles",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "feature_image_media_id",
                table: "articles",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_articles_feature_image_media_id",
                table: "articles",
                column: "feature_image_media_id");

            migrationBuilder.AddForeignKey(
                name: "fk_articles_media_feature_image_media_id",
                table: "articles",
                column: "feature_image_media_id",
                principalTable: "media",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_articles_media_feature_image_media_id",
                table: "articles");

            migrationBuilder.DropIndex(
                name: "ix_articles_feature_image_media_id",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "feature_image_credit",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "feature_image_media_details",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "feature_image_media_id",
                table: "articles");
        }
    }
}
