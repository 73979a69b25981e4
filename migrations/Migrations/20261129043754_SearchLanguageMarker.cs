using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// The own-language check moves into the GIN index (docs/decisions/0011-search-language-marker.md).
    /// The index is now on the vector plus one lexeme naming the article's configuration ("config
    /// italian"), and the query asks for each distinct parse of q together with the markers of the
    /// configurations that parse q that way: ('ossez' &amp; 'config italian') | ('ossezia' &amp; ('config
    /// english' | …)). The index alone answers "q in the article's own language", so no stored vector is
    /// read to re-check a candidate: a rare word read three times fewer pages at 1M articles, and a word
    /// that is a stop word in the language of most articles ("the") no longer walks every article.
    /// The stored vector is unchanged (ranks stay identical); only the index and the functions change.
    /// </summary>
    public partial class SearchLanguageMarker : Migration
    {
        /// A lexeme no text can produce: the parser never emits one containing a space.
        static string Marker(string config) => $"config {config}";

        static string[] Configs => ArticleSearch.Languages.Select(l => l.Config).Append("simple").ToArray();

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The marker of a language's configuration, as a one-lexeme vector. A CASE of constants (not
            // a cast of the regconfig to text) so that it stays an inlinable SQL function: the date walk
            // evaluates it for every article it visits.
            var markers = string.Join("\n", Configs.Select(c =>
                $"        WHEN 'articles_{c}'::regconfig THEN $m$'{Marker(c)}'$m$::tsvector"));
            migrationBuilder.Sql($"""
                CREATE FUNCTION articles_search_marker(language text) RETURNS tsvector
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN CASE articles_search_config(language)
                {markers}
                    END;
                """);

            migrationBuilder.DropIndex(name: "ix_articles_search_vector", table: "articles");
            migrationBuilder.Sql(
                "CREATE INDEX ix_articles_search_vector_marked ON articles USING gin ((search_vector || articles_search_marker(language)));");

            // Both queries from one parse of q by each configuration, [parsed, marked]: parsed, the OR of the distinct
            // parses (what rank and highlight use, as before), and marked, each distinct parse ANDed with
            // the markers of the configurations that produce it. A configuration whose parse is empty (q is
            // only stop words there) gets no branch: nothing matches in that language.
            var parses = string.Join(",\n", Configs.Select(c =>
                $"        ('articles_{c}'::regconfig, '{Marker(c)}')"));
            migrationBuilder.Sql($"""
                CREATE FUNCTION articles_search_queries(q text) RETURNS tsquery[]
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN (
                    SELECT ARRAY[
                        coalesce(string_agg('(' || g.parse || ')', ' | ' ORDER BY '(' || g.parse || ')'), '')::tsquery,
                        coalesce(string_agg('(' || g.parse || ') & (' || g.markers || ')', ' | ' ORDER BY '(' || g.parse || ')'), '')::tsquery]
                    FROM (
                        SELECT p.parse::text AS parse, string_agg(quote_literal(c.marker), ' | ' ORDER BY c.marker) AS markers
                        FROM (VALUES
                {parses}
                        ) AS c(config, marker),
                        LATERAL websearch_to_tsquery(c.config, q) AS p(parse)
                        WHERE p.parse::text <> ''
                        GROUP BY p.parse::text
                    ) AS g);
                """);

            // PostgreSQL charges "vector @@ query" one operator per row, but the date walk reads each
            // visited article's stored vector (a few kB, out of line) while the GIN index reads none: without
            // a per-row charge a rare word sorted by date walks the newest articles (27k pages at 1M) instead
            // of taking the index (4k). plpgsql so that its COST counts (a SQL function would be inlined);
            // given the language, not the vector, so that the call itself reads nothing; IS NOT UNKNOWN keeps
            // the estimated selectivity at 99.5 %.
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_reads_vector(language text) RETURNS boolean
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 2000
                AS $$ BEGIN RETURN true; END $$;
                """);
            migrationBuilder.Sql("DROP FUNCTION articles_search_matches(tsvector, text, text, tsquery);");
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_matches(vector tsvector, language text, marked tsquery) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN (vector || articles_search_marker(language)) @@ marked AND articles_search_reads_vector(language) IS NOT UNKNOWN;
                """);
            // PostgreSQL evaluates a cheap select-list expression below a sort: sorted by date, a rare word's
            // rank was computed (its vector read) for every match, not for the page. plpgsql with a COST makes
            // it expensive enough to be computed after the LIMIT.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION articles_search_rank(vector tsvector, query tsquery) RETURNS real
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 100
                AS $$ BEGIN RETURN ts_rank_cd(vector, query, 1); END $$;
                """);
            migrationBuilder.Sql("DROP FUNCTION articles_search_costly(boolean);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_query_any(text);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_query(text, text);");

            // The new index's expression has no statistics until the table is analysed, and without them
            // every word looks equally rare to the planner.
            migrationBuilder.Sql("ANALYZE articles;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The SearchPlans migration's functions, as it created them.
            var branches = string.Join("\n", Configs.Select(c =>
                $"        WHEN 'articles_{c}'::regconfig THEN websearch_to_tsquery('articles_{c}'::regconfig, q)"));
            migrationBuilder.Sql($"""
                CREATE FUNCTION articles_search_query(language text, q text) RETURNS tsquery
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN CASE articles_search_config(language)
                {branches}
                    END;
                """);
            var parses = string.Join(",\n        ", Configs.Select(c => $"websearch_to_tsquery('articles_{c}'::regconfig, q)"));
            migrationBuilder.Sql($"""
                CREATE FUNCTION articles_search_query_any(q text) RETURNS tsquery
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN (
                    SELECT coalesce(string_agg(DISTINCT '(' || parse::text || ')', ' | '), '')::tsquery
                    FROM unnest(ARRAY[
                        {parses}
                    ]) AS parse
                    WHERE parse::text <> '');
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_costly(checked boolean) RETURNS boolean
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 500
                AS $$ BEGIN RETURN checked; END $$;
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION articles_search_rank(vector tsvector, query tsquery) RETURNS real
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN ts_rank_cd(vector, query, 1);
                """);
            migrationBuilder.Sql("DROP FUNCTION articles_search_matches(tsvector, text, tsquery);");
            migrationBuilder.Sql("""
                CREATE FUNCTION articles_search_matches(vector tsvector, language text, q text, query tsquery) RETURNS boolean
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN vector @@ query AND articles_search_costly(vector @@ articles_search_query(language, q));
                """);
            migrationBuilder.Sql("DROP FUNCTION articles_search_reads_vector(text);");
            migrationBuilder.Sql("DROP FUNCTION articles_search_queries(text);");
            migrationBuilder.Sql("DROP INDEX ix_articles_search_vector_marked;");
            migrationBuilder.Sql("DROP FUNCTION articles_search_marker(text);");
            migrationBuilder.CreateIndex(name: "ix_articles_search_vector", table: "articles", column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");
        }
    }
}
