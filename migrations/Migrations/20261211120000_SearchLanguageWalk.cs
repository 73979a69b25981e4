using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// languagewalk (ADR 0034, "2026-12-06 midday, languagewalk"): the public articles by text-search configuration, then title, and
    /// then last change, so that `sort=title` and `sort=-updatedAt` walk one language's articles in that order
    /// (Features/Articles/List/SearchLanguageWalk.cs). The leading expression is the one the per-language GIN indexes' predicates
    /// use. At 1M about 3 s each to build. Additive.
    /// </summary>
    public partial class SearchLanguageWalk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_articles_public_config_title ON articles ((articles_search_config(language::text)::oid), title, id)
                    WHERE deleted_at IS NULL AND status IN ('published', 'scheduled');
                CREATE INDEX ix_articles_public_config_updated ON articles ((articles_search_config(language::text)::oid), updated_at DESC, id DESC)
                    WHERE deleted_at IS NULL AND status IN ('published', 'scheduled');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_articles_public_config_updated; DROP INDEX IF EXISTS ix_articles_public_config_title;");
        }
    }
}
