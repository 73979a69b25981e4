using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ArticlesApi.Migrations
{
    /// <summary>
    /// searchcost (ADR 0034, issue 18): articles_search_queries(q) gives the same three queries for every q, at a fifth of the
    /// backend CPU. As an SQL function it was planned at every call, called articles_search_parse once per configuration (each
    /// call a query of its own, 29 per search), and inlining q's parse into one query repeated websearch_to_tsquery wherever its
    /// result was used. Now each configuration's parses are computed once (a MATERIALIZED CTE) and the plan of the PL/pgSQL body is
    /// kept for the session (plan_cache_mode is set on the function: the API's search connections force custom plans, and
    /// nothing in this query depends on q's value). Same output as before for 342 queries compared (bench/studies/searchrum-1m,
    /// searchcost).
    /// </summary>
    public partial class SearchcostParseOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            var configs = string.Join(",\n", SearchAsReadersTypeHsearchtype.Configs.Select(c => $"                ('articles_{c}'::regconfig, 'config {c}')"));
            // articles_search_parse's rule, written once over all configurations: the last word w (articles_search_prefix) and its
            // simple prefix parse `raw` are the same for every configuration; `whole` is also the parse without prefixes (exact).
            migrationBuilder.Sql($$"""
                CREATE OR REPLACE FUNCTION articles_search_queries(q text) RETURNS tsquery[]
                LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
                SET plan_cache_mode = force_generic_plan
                AS $$
                BEGIN
                RETURN (
                    WITH x AS (
                        SELECT y.w, coalesce(to_tsquery('articles_simple'::regconfig, y.w || ':*')::text, '') AS raw
                        FROM (SELECT articles_search_prefix(q) AS w) AS y),
                    e AS MATERIALIZED (
                        SELECT c.marker, websearch_to_tsquery(c.config, q)::text AS whole,
                               coalesce(websearch_to_tsquery(c.config, x.w)::text, '') AS last, x.raw
                        FROM (VALUES
                {{configs}}
                        ) AS c(config, marker), x),
                    parses AS (
                        SELECT e.marker, e.whole AS exact, (CASE
                            WHEN e.last = '' OR right(e.whole, length(e.last)) <> e.last
                                OR starts_with('config ', btrim(e.last, '''')) OR starts_with('config ', btrim(split_part(e.raw, ':', 1), '''')) THEN e.whole
                            ELSE left(e.whole, length(e.whole) - length(e.last)) || '(' || e.last || ':*'
                                || CASE WHEN e.raw IN ('', e.last || ':*') THEN '' ELSE ' | ' || e.raw END || ')'
                            END)::tsquery::text AS parse
                        FROM e)
                    SELECT ARRAY[
                        coalesce(string_agg('(' || g.parse || ')', ' | ' ORDER BY '(' || g.parse || ')'), '')::tsquery,
                        coalesce(string_agg('(' || g.parse || ') & (' || g.markers || ')', ' | ' ORDER BY '(' || g.parse || ')'), '')::tsquery,
                        (SELECT coalesce(string_agg(DISTINCT '(' || p.exact || ')', ' | ' ORDER BY '(' || p.exact || ')'), '')::tsquery
                         FROM parses p WHERE p.exact <> '')]
                    FROM (
                        SELECT p.parse, string_agg(quote_literal(p.marker), ' | ' ORDER BY p.marker) AS markers
                        FROM parses p
                        WHERE p.parse <> ''
                        GROUP BY p.parse
                    ) AS g);
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            SearchAsReadersTypeHsearchtype.Queries(migrationBuilder, "articles_search_parse(c.config, q)", withExact: true);
        }
    }
}
