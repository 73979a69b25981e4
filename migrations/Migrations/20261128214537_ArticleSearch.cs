using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <inheritdoc />
    public partial class ArticleSearch : Migration
    {
        /// <inheritdoc />
        // Every text-search configuration PostgreSQL ships with a stemmer, by the BCP 47 primary
        // subtags that select it. Anything else is indexed with articles_simple (no stemming).
        internal static readonly (string Config, string[] Subtags)[] Languages =
        [
            ("arabic", ["ar"]), ("armenian", ["hy"]), ("basque", ["eu"]), ("catalan", ["ca"]),
            ("danish", ["da"]), ("dutch", ["nl"]), ("english", ["en"]), ("finnish", ["fi"]),
            ("french", ["fr"]), ("german", ["de"]), ("greek", ["el"]), ("hindi", ["hi"]),
            ("hungarian", ["hu"]), ("indonesian", ["id", "in"]), ("irish", ["ga"]), ("italian", ["it"]),
            ("lithuanian", ["lt"]), ("nepali", ["ne"]), ("norwegian", ["no", "nb", "nn"]),
            ("portuguese", ["pt"]), ("romanian", ["ro", "mo"]), ("russian", ["ru"]), ("serbian", ["sr"]),
            ("spanish", ["es"]), ("swedish", ["sv"]), ("tamil", ["ta"]), ("turkish", ["tr"]),
            ("yiddish", ["yi", "ji"]),
        ];

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // One configuration per language, folding accents (unaccent) before stemming, so
            // "perche" finds "perché" and the other way round.
            foreach (var (config, _) in Languages)
                migrationBuilder.Sql($"""
                    CREATE TEXT SEARCH CONFIGURATION articles_{config} (COPY = pg_catalog.{config});
                    ALTER TEXT SEARCH CONFIGURATION articles_{config}
                        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {config}_stem;
                    """);
            migrationBuilder.Sql("""
                CREATE TEXT SEARCH CONFIGURATION articles_simple (COPY = pg_catalog.simple);
                ALTER TEXT SEARCH CONFIGURATION articles_simple
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
                """);

            // SQL-standard bodies (RETURN …) are parsed once and bind the configurations by oid, so
            // they work under any search_path (pg_dump restores with an empty one). IMMUTABLE lets
            // the generated column use them and the planner fold them into constants.
            var cases = string.Join("\n", Languages.SelectMany(l => l.Subtags.Select(t =>
                $"        WHEN '{t}' THEN 'articles_{l.Config}'::regconfig")));
            migrationBuilder.Sql($"""
                CREATE FUNCTION articles_search_config(language text) RETURNS regconfig
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN CASE lower(split_part(replace(language, '_', '-'), '-', 1))
                {cases}
                        ELSE 'articles_simple'::regconfig
                    END;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_query(language text, q text) RETURNS tsquery
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN websearch_to_tsquery(articles_search_config(language), q);
                """);
            var anyLanguage = string.Join("\n    || ", Languages.Select(l => l.Config).Append("simple")
                .Select(c => $"websearch_to_tsquery('articles_{c}'::regconfig, q)"));
            migrationBuilder.Sql($"""
                CREATE FUNCTION articles_search_query_any(q text) RETURNS tsquery
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN {anyLanguage};
                """);
            // Inlined into the caller's query: the first @@ is what the GIN index answers, the second
            // keeps only rows that match in their own language.
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_matches(vector tsvector, language text, q text) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN vector @@ articles_search_query_any(q) AND vector @@ articles_search_query(language, q);
                """);
            // Cover density, divided by 1 + log(length) so that long articles do not win by size alone.
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_rank(vector tsvector, language text, q text) RETURNS real
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN ts_rank_cd(vector, articles_search_query(language, q), 1);
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_headline(language text, q text, document text, options text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN ts_headline(articles_search_config(language), document, articles_search_query(language, q), options);
                """);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                table: "articles",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "setweight(to_tsvector(articles_search_config(language), title), 'A') || setweight(to_tsvector(articles_search_config(language), coalesce(subtitle, '') || ' ' || excerpt), 'B') || setweight(to_tsvector(articles_search_config(language), body_text), 'C')",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_articles_public_title",
                table: "articles",
                columns: new[] { "title", "id" },
                filter: "deleted_at IS NULL AND status IN ('published', 'scheduled')");

            migrationBuilder.CreateIndex(
                name: "ix_articles_search_vector",
                table: "articles",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_articles_public_title",
                table: "articles");

            migrationBuilder.DropIndex(
                name: "ix_articles_search_vector",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "search_vector",
                table: "articles");

            migrationBuilder.Sql("DROP FUNCTION articles_search_headline(text, text, text, text);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_rank(tsvector, text, text);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_matches(tsvector, text, text);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_query_any(text);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_query(text, text);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_config(text);");
            foreach (var config in Languages.Select(l => l.Config).Append("simple"))
                migrationBuilder.Sql($"DROP TEXT SEARCH CONFIGURATION articles_{config};");
        }
    }
}
