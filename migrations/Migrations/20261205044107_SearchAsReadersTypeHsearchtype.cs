using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Search as readers type (issue 18; docs/decisions/0035-prefix-search-and-did-you-mean.md).
    /// <para>Prefix: the last word of q, when it is a bare word of at least 3 letters or digits (not quoted, not an
    /// exclusion, outside any phrase), also matches the words it starts: in each configuration its lexeme L becomes
    /// ('L':* | 'w':*), w the word unaccented and lower-cased (a stemmer may cut a partial word differently from the
    /// whole one). articles_search_queries gains a third element, the parse without prefixes, so the rank can put
    /// exact matches first.</para>
    /// <para>Did you mean: search_words holds the words (as written, lower-cased) of the articles counted as published
    /// (as the published-article counts count them: stored published, not in the trash), per text-search
    /// configuration, with how many such articles have each; a trigger on articles keeps it in the write's
    /// transaction, so a draft's words are never in it. A pg_trgm index finds the words nearest a misspelt one.</para>
    /// </summary>
    public partial class SearchAsReadersTypeHsearchtype : Migration
    {
        internal static string[] Configs => ArticleSearch.Languages.Select(l => l.Config).Append("simple").ToArray();

        const string Counted = "{0}.status = 'published' AND article_is_public({0}.status, {0}.deleted_at, {0}.published_at, 'infinity')";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");

            // The last word of q when it is prefix-matched: a bare word of at least 3 letters or digits at the end
            // (after white space or at the start: not "-word", not "\"word\""), with every phrase closed before it.
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_prefix(q text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN CASE WHEN q ~ '(^|\s)[[:alnum:]]{3,}$' AND (length(q) - length(replace(q, '"', ''))) % 2 = 0
                    THEN substring(q FROM '[[:alnum:]]+$') END;
                """);
            // q parsed by one configuration, its last word also matching as a prefix. websearch_to_tsquery ends
            // its text with the last word's lexeme; that lexeme is replaced by the prefix alternatives. A last word
            // that is a stop word in the configuration stays out, as before. A prefix of the language markers
            // ("con", "conf", "config": SearchLanguageMarker's 'config italian' is in the index) stays exact: as a
            // prefix it would match every article.
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_parse(config regconfig, q text) RETURNS tsquery
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN (
                    SELECT CASE
                        WHEN p.last = '' OR right(p.whole, length(p.last)) <> p.last
                            OR starts_with('config ', btrim(p.last, '''')) OR starts_with('config ', btrim(split_part(p.raw, ':', 1), '''')) THEN p.whole
                        ELSE left(p.whole, length(p.whole) - length(p.last)) || '(' || p.last || ':*'
                            || CASE WHEN p.raw IN ('', p.last || ':*') THEN '' ELSE ' | ' || p.raw END || ')'
                        END::tsquery
                    FROM (SELECT websearch_to_tsquery(config, q)::text AS whole,
                                 coalesce(websearch_to_tsquery(config, w)::text, '') AS last,
                                 coalesce(to_tsquery('articles_simple', w || ':*')::text, '') AS raw
                          FROM (SELECT articles_search_prefix(q) AS w) AS x) AS p);
                """);
            Queries(migrationBuilder, "articles_search_parse(c.config, q)", withExact: true);

            migrationBuilder.Sql("""
                CREATE TABLE search_words (
                    word text NOT NULL,
                    config text NOT NULL,
                    articles integer NOT NULL,
                    CONSTRAINT pk_search_words PRIMARY KEY (word, config));
                """);
            // The distinct words of an article's title, subtitle and body, as the default parser reads them (letters only,
            // hyphenated words also by part), 3 to 40 characters, lower-cased. Not the excerpt: a default excerpt is the body
            // cut short, often inside a word ("governm…" would become a word and win suggestions for "governmnet").
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_words(language text, title text, subtitle text, body text)
                RETURNS TABLE (word text, config text)
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT DISTINCT lower(t.token), articles_search_config(language)::text
                FROM ts_parse('default', articles_search_document(
                    coalesce(title, '') || ' ' || coalesce(subtitle, '') || ' ' || coalesce(body, ''))) AS t
                WHERE t.tokid IN (1, 2, 10, 11) AND char_length(t.token) BETWEEN 3 AND 40
                $$;
                """);
            // In the write's transaction: the old row's words leave when it was counted, the new row's come when it
            // is. Words are upserted in key order, so two writes sharing words never deadlock.
            migrationBuilder.Sql($$"""
                CREATE FUNCTION articles_search_words_on_articles() RETURNS trigger
                LANGUAGE plpgsql AS $$
                DECLARE
                    was_counted boolean := TG_OP <> 'INSERT' AND coalesce({{string.Format(Counted, "OLD")}}, false);
                    is_counted boolean := TG_OP <> 'DELETE' AND coalesce({{string.Format(Counted, "NEW")}}, false);
                BEGIN
                    IF TG_OP = 'UPDATE' AND was_counted = is_counted AND (NOT is_counted OR
                        (OLD.language, OLD.title, OLD.subtitle, OLD.body_text) IS NOT DISTINCT FROM
                        (NEW.language, NEW.title, NEW.subtitle, NEW.body_text)) THEN
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
                    HAVING sum(d.n) <> 0
                    ORDER BY d.word, d.config
                    ON CONFLICT (word, config) DO UPDATE SET articles = s.articles + excluded.articles;
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER articles_search_words AFTER INSERT OR UPDATE OR DELETE ON articles
                FOR EACH ROW EXECUTE FUNCTION articles_search_words_on_articles();
                """);
            // Filled by migration SearchWordsVisibleBoundedHsearchfix, in one set-based statement over bounded text (the
            // backfill that stood here read every article's whole text: most of an hour at 1M).
            migrationBuilder.Sql("CREATE INDEX ix_search_words_trigrams ON search_words USING gin (word gin_trgm_ops);");
            migrationBuilder.Sql("ANALYZE search_words;");

            // For each word of q unknown in the language(s) searched (every language when `language` is null), the
            // published word nearest it by trigram similarity (at least 0.3), the most used first among equals; stop
            // words are never suggested (they match nothing).
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_suggestions(words text[], language text) RETURNS TABLE (word text, suggestion text)
                LANGUAGE sql STABLE PARALLEL SAFE AS $$
                SELECT q.word, best.word
                FROM unnest(words) AS q(word)
                CROSS JOIN LATERAL (
                    SELECT s.word FROM search_words s
                    WHERE s.word % q.word AND similarity(s.word, q.word) >= 0.3 AND s.articles > 0
                      AND (language IS NULL OR s.config = articles_search_config(language)::text)
                      AND to_tsvector(s.config::regconfig, s.word) <> ''
                    ORDER BY similarity(s.word, q.word) DESC, s.articles DESC, s.word
                    LIMIT 1) AS best
                WHERE NOT EXISTS (
                    SELECT FROM search_words k
                    WHERE k.word = q.word AND k.articles > 0 AND (language IS NULL OR k.config = articles_search_config(language)::text))
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION articles_search_suggestions(text[], text);");
            migrationBuilder.Sql("DROP TRIGGER articles_search_words ON articles;");
            migrationBuilder.Sql("DROP FUNCTION articles_search_words_on_articles();");
            migrationBuilder.Sql("DROP FUNCTION articles_search_words(text, text, text, text);");
            migrationBuilder.Sql("DROP TABLE search_words;");
            // articles_search_queries as migration SearchLanguageMarker created it.
            Queries(migrationBuilder, "websearch_to_tsquery(c.config, q)", withExact: false);
            migrationBuilder.Sql("DROP FUNCTION articles_search_parse(regconfig, text);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_prefix(text);");
        }

        /// articles_search_queries(q): [parsed, marked] as in migration SearchLanguageMarker, each configuration's parse
        /// given by `parse`; with `withExact`, a third element: the OR of the distinct parses without prefixes.
        internal static void Queries(MigrationBuilder migrationBuilder, string parse, bool withExact)
        {
            var configs = string.Join(",\n", Configs.Select(c => $"        ('articles_{c}'::regconfig, 'config {c}')"));
            var exact = withExact
                ? """
                  ,
                          (SELECT coalesce(string_agg(DISTINCT '(' || p.exact || ')', ' | ' ORDER BY '(' || p.exact || ')'), '')::tsquery
                           FROM parses p WHERE p.exact <> '')
                  """
                : "";
            migrationBuilder.Sql($"""
                CREATE OR REPLACE FUNCTION articles_search_queries(q text) RETURNS tsquery[]
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN (
                    WITH parses AS (
                        SELECT c.marker, {parse}::text AS parse, websearch_to_tsquery(c.config, q)::text AS exact
                        FROM (VALUES
                {configs}
                        ) AS c(config, marker))
                    SELECT ARRAY[
                        coalesce(string_agg('(' || g.parse || ')', ' | ' ORDER BY '(' || g.parse || ')'), '')::tsquery,
                        coalesce(string_agg('(' || g.parse || ') & (' || g.markers || ')', ' | ' ORDER BY '(' || g.parse || ')'), '')::tsquery{exact}]
                    FROM (
                        SELECT p.parse, string_agg(quote_literal(p.marker), ' | ' ORDER BY p.marker) AS markers
                        FROM parses p
                        WHERE p.parse <> ''
                        GROUP BY p.parse
                    ) AS g);
                """);
        }
    }
}
