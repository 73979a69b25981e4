using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// Highlights in the article's own language (issue 22, item 7). <c>articles_search_highlight(language, q, title,
    /// subtitle, body, size, options)</c> parses q with the article's configuration only (once per row; the page has 21),
    /// finds in the body the first word whose lexeme is one of that parse's lexemes (a word starting with a lexeme,
    /// case and common accents aside, checked with <c>to_tsvector</c> of the word: at most 8 candidates), cuts
    /// <c>size</c> characters around it at word boundaries (the start of the body when there is none) and runs
    /// <c>ts_headline</c> in the same configuration over title, subtitle and that passage. Fields are joined by the
    /// private-use separator U+E002 and <c>&lt;</c> travels as U+E003 (ts_headline's parser would drop what follows it as a
    /// tag); the API turns them into a visible separator and <c>&amp;lt;</c>, and the private-use characters the API uses
    /// are removed from the text first. Replaces <c>articles_search_passage</c>, which searched the stems of every
    /// language by substring ("trat" inside "entrata"), and <c>articles_search_headline</c>.
    /// </summary>
    public partial class OwnLanguageHighlights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION articles_search_passage(tsquery, text, int);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_headline(text, tsquery, text, text);");
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_highlight(language text, q text, title text, subtitle text, body text, size int, options text) RETURNS text
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000 AS $fn$
                DECLARE
                    config regconfig := articles_search_config(language);
                    query tsquery := websearch_to_tsquery(config, q);
                    lexemes text[];
                    pattern text;
                    at int := 0;
                    found int;
                    tries int := 0;
                    start int;
                    passage text;
                BEGIN
                    -- The lexemes a word of the article can match (not those under a negation).
                    lexemes := ARRAY(SELECT DISTINCT replace(m[1], '''''', '''') FROM regexp_matches(query::text, '(?:^|[^!])''((?:[^'']|'''')+)''', 'g') AS m);
                    IF cardinality(lexemes) > 0 THEN
                        -- Candidates: a word starting like a lexeme, case and common accents aside (lexemes are unaccented); a
                        -- stemmer may turn a last y into i (English "treaty" is 'treati'), so an i also finds a y.
                        SELECT '\m(?:' || string_agg(
                                   replace(replace(replace(replace(replace(replace(replace(
                                       regexp_replace(l, '([^[:alnum:]])', '\\\1', 'g'),
                                       'a', '[aàáâãäåā]'), 'e', '[eèéêëē]'), 'i', '[iìíîïīyý]'), 'o', '[oòóôõöøō]'), 'u', '[uùúûüū]'), 'c', '[cç]'), 'n', '[nñ]'),
                                   '|') || ')'
                          INTO pattern FROM unnest(lexemes) AS l;
                        -- The first candidate whose own lexemes include one of the query's: a real match in this language.
                        LOOP
                            at := regexp_instr(body, pattern, at + 1, 1, 0, 'i');
                            EXIT WHEN at = 0 OR tries = 10;
                            tries := tries + 1;
                            IF tsvector_to_array(to_tsvector(config, substring(substring(body FROM at FOR 100) FROM '^\S+'))) && lexemes THEN
                                found := at;
                                EXIT;
                            END IF;
                        END LOOP;
                    END IF;
                    -- `size` characters from a fifth of them before the match (or the start), cut back to whole words.
                    start := greatest(1, coalesce(found, 1) - size / 5);
                    passage := substring(body FROM start FOR size);
                    IF start > 1 AND substring(body FROM start - 1 FOR 1) !~ '\s' THEN
                        passage := regexp_replace(passage, '^\S*\s+', '');
                    END IF;
                    IF start + size <= length(body) AND substring(body FROM start + size FOR 1) !~ '\s' THEN
                        passage := regexp_replace(passage, '\s+\S*$', '');
                    END IF;
                    -- Fields joined by U+E002, '<' sent as U+E003, the API's private-use characters removed from the text.
                    RETURN ts_headline(config,
                        translate(title, E'<\uE000\uE001\uE002\uE003', E'\uE003') || E'\n\uE002\n' ||
                        coalesce(translate(subtitle, E'<\uE000\uE001\uE002\uE003', E'\uE003') || E'\n\uE002\n', '') ||
                        translate(passage, E'<\uE000\uE001\uE002\uE003', E'\uE003'),
                        query, options);
                END
                $fn$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION articles_search_highlight(text, text, text, text, text, int, text);");
            // As migration SearchPlans created them.
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_headline(language text, query tsquery, document text, options text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN ts_headline(articles_search_config(language), document, query, options);
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_passage(query tsquery, body text, size int) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN substring(body, greatest(1, coalesce((
                    SELECT min(at.found)
                    FROM regexp_matches(query::text, '''([^'']+)''', 'g') AS stem(match),
                         LATERAL (VALUES (nullif(strpos(body, stem.match[1]), 0)),
                                         (nullif(strpos(body, initcap(stem.match[1])), 0))) AS at(found)
                ), 1) - size / 5), size);
                """);
        }
    }
}
