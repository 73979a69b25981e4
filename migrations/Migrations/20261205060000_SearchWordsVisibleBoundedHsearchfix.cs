using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// search_words made cheap to fill and to keep (issue 18; docs/decisions/0033, "searchfix").
    /// <para>An article's words are read from bounded text: its title, subtitle and the first
    /// <see cref="BodyCharacters"/> characters of its body (suggestions come from common words anyway), by to_tsvector
    /// with the `simple` configuration (C, distinct, lower-cased) instead of ts_parse + DISTINCT in SQL.</para>
    /// <para>Counted: every article stored as published or scheduled, not in the trash (article_is_public at
    /// 'infinity'), so a scheduled article's words are there when it comes due, with no job. The table is only a
    /// source of candidates: the API suggests a word only when the corrected q finds an article the caller may see
    /// (Articles.List.DidYouMean).</para>
    /// <para>The trigger fires on UPDATE only when a column it reads changed and the WHEN clause finds the counted
    /// state or the counted text changed (no PL/pgSQL call otherwise). The table is refilled by one set-based
    /// statement.</para>
    /// </summary>
    public partial class SearchWordsVisibleBoundedHsearchfix : Migration
    {
        /// Characters of the body whose words are suggested (cut back to the last whole word).
        public const int BodyCharacters = 2000;

        /// The migration fills the table from this many of the newest counted articles: constant time at any size.
        /// Older articles' words come in when they are written again; the counts only rank candidates (every
        /// suggestion is checked by a search), so they are kept at 0 or more rather than exact.
        public const int BackfillArticles = 20_000;

        const string Counted = "article_is_public({0}.status, {0}.deleted_at, {0}.published_at, 'infinity')";

        static string Text(string row) => $"({row}.language, {row}.title, {row}.subtitle, left({row}.body_text, {BodyCharacters}))";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($$"""
                CREATE OR REPLACE FUNCTION articles_search_words(language text, title text, subtitle text, body text)
                RETURNS TABLE (word text, config text)
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT w.lexeme, articles_search_config(language)::text
                FROM unnest(to_tsvector('simple', articles_search_document(
                    coalesce(title, '') || ' ' || coalesce(subtitle, '') || ' ' || CASE WHEN length(body) > {{BodyCharacters}}
                        THEN regexp_replace(left(body, {{BodyCharacters}}), '\S+$', '') ELSE coalesce(body, '') END))) AS w
                WHERE w.lexeme ~ '^[[:alpha:]]{3,40}$'
                $$;
                """);
            migrationBuilder.Sql($$"""
                CREATE OR REPLACE FUNCTION articles_search_words_on_articles() RETURNS trigger
                LANGUAGE plpgsql AS $$
                DECLARE
                    was_counted boolean := TG_OP <> 'INSERT' AND coalesce({{string.Format(Counted, "OLD")}}, false);
                    is_counted boolean := TG_OP <> 'DELETE' AND coalesce({{string.Format(Counted, "NEW")}}, false);
                BEGIN
                    IF NOT was_counted AND NOT is_counted THEN
                        RETURN NULL;
                    END IF;
                    INSERT INTO search_words AS s (word, config, articles)
                    SELECT d.word, d.config, sum(d.n)
                    FROM (
                        SELECT w.word, w.config, -1 AS n FROM articles_search_words(OLD.language, OLD.title, OLD.subtitle, OLD.body_text) AS w
                        WHERE was_counted
                        UNION ALL
                        SELECT w.word, w.config, 1 FROM articles_search_words(NEW.language, NEW.title, NEW.subtitle, NEW.body_text) AS w
                        WHERE is_counted) AS d
                    GROUP BY d.word, d.config
                    HAVING sum(d.n) > 0 OR (sum(d.n) < 0 AND EXISTS (SELECT FROM search_words k WHERE k.word = d.word AND k.config = d.config))
                    ORDER BY d.word, d.config
                    ON CONFLICT (word, config) DO UPDATE SET articles = greatest(s.articles + excluded.articles, 0);
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("DROP TRIGGER articles_search_words ON articles;");
            migrationBuilder.Sql("""
                CREATE TRIGGER articles_search_words AFTER INSERT OR DELETE ON articles
                FOR EACH ROW EXECUTE FUNCTION articles_search_words_on_articles();
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER articles_search_words_update AFTER UPDATE OF status, deleted_at, published_at, language, title, subtitle, body_text
                ON articles FOR EACH ROW
                WHEN ({string.Format(Counted, "OLD")} IS DISTINCT FROM {string.Format(Counted, "NEW")}
                    OR ({string.Format(Counted, "NEW")} AND {Text("OLD")} IS DISTINCT FROM {Text("NEW")}))
                EXECUTE FUNCTION articles_search_words_on_articles();
                """);
            migrationBuilder.Sql("TRUNCATE search_words;");
            migrationBuilder.Sql($"""
                INSERT INTO search_words (word, config, articles)
                SELECT w.word, w.config, count(*)
                FROM (SELECT * FROM articles a WHERE {string.Format(Counted, "a")}
                      ORDER BY a.published_at DESC LIMIT {BackfillArticles}) AS a,
                    LATERAL articles_search_words(a.language, a.title, a.subtitle, a.body_text) AS w
                GROUP BY w.word, w.config;
                """);
            migrationBuilder.Sql("ANALYZE search_words;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to one trigger on every write; the functions keep this migration's definitions (the words of bounded
            // text, scheduled articles counted), which the table's rows follow.
            migrationBuilder.Sql("DROP TRIGGER articles_search_words_update ON articles;");
            migrationBuilder.Sql("DROP TRIGGER articles_search_words ON articles;");
            migrationBuilder.Sql("""
                CREATE TRIGGER articles_search_words AFTER INSERT OR UPDATE OR DELETE ON articles
                FOR EACH ROW EXECUTE FUNCTION articles_search_words_on_articles();
                """);
        }
    }
}
