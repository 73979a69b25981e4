using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// search1m (ADR 0034, issue 18): article_search_postings_configs, the text-search configurations the side table's rows are
    /// keyed in ('italian', as searchrum_key writes them), so a search without a language filter asks RUM for q in those
    /// configurations only (at 1M 5 of 29) instead of all 29 (41 prefix entries for one word; Features/Articles/List/SearchKeys.cs).
    /// Kept by a trigger on the side table (a row's language written); never emptied, so it may name a configuration whose
    /// articles are gone (an entry RUM finds empty), never miss one that has some.
    /// </summary>
    public partial class Search1mPostingsConfigs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE article_search_postings_configs (
                    config text NOT NULL,
                    CONSTRAINT pk_article_search_postings_configs PRIMARY KEY (config));
                CREATE FUNCTION article_search_postings_configs_on_postings() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO article_search_postings_configs (config)
                    VALUES (rtrim(searchrum_key(articles_search_config(NEW.language))))
                    ON CONFLICT (config) DO NOTHING;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER article_search_postings_configs_write AFTER INSERT OR UPDATE OF language ON article_search_postings
                    FOR EACH ROW EXECUTE FUNCTION article_search_postings_configs_on_postings();
                INSERT INTO article_search_postings_configs (config)
                SELECT DISTINCT rtrim(searchrum_key(articles_search_config(l.language)))
                FROM (SELECT DISTINCT p.language FROM article_search_postings AS p) AS l;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER article_search_postings_configs_write ON article_search_postings;
                DROP FUNCTION article_search_postings_configs_on_postings();
                DROP TABLE article_search_postings_configs;
                """);
        }
    }
}
