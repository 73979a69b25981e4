\set ON_ERROR_STOP 1
-- The marker tsquery: for every distinct parse of q, (parse) & (marker | marker ...) over the
-- configurations that parse q that way; the branches ORed. A configuration whose parse is empty
-- (q is only stop words there) has no branch, as "vector @@ ''::tsquery" is false today.
CREATE OR REPLACE FUNCTION lm.search_query_marked(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (
    SELECT coalesce(string_agg('(' || g.parse || ') & (' || g.markers || ')', ' | ' ORDER BY g.parse), '')::tsquery
    FROM (
        SELECT p.parse::text AS parse,
               string_agg(quote_literal(lm.marker(c.cfg)), ' | ' ORDER BY c.cfg::text) AS markers
        FROM unnest(ARRAY['articles_arabic'::regconfig, 'articles_armenian'::regconfig, 'articles_basque'::regconfig, 'articles_catalan'::regconfig, 'articles_danish'::regconfig, 'articles_dutch'::regconfig, 'articles_english'::regconfig, 'articles_finnish'::regconfig, 'articles_french'::regconfig, 'articles_german'::regconfig, 'articles_greek'::regconfig, 'articles_hindi'::regconfig, 'articles_hungarian'::regconfig, 'articles_indonesian'::regconfig, 'articles_irish'::regconfig, 'articles_italian'::regconfig, 'articles_lithuanian'::regconfig, 'articles_nepali'::regconfig, 'articles_norwegian'::regconfig, 'articles_portuguese'::regconfig, 'articles_romanian'::regconfig, 'articles_russian'::regconfig, 'articles_serbian'::regconfig, 'articles_simple'::regconfig, 'articles_spanish'::regconfig, 'articles_swedish'::regconfig, 'articles_tamil'::regconfig, 'articles_turkish'::regconfig, 'articles_yiddish'::regconfig]) AS c(cfg),
             LATERAL websearch_to_tsquery(c.cfg, q) AS p(parse)
        WHERE p.parse::text <> ''
        GROUP BY p.parse::text
    ) AS g);

-- What a row checked by the date walk costs: "vector @@ query" is charged as one operator, but the walk
-- detoasts every visited row's vector (3-4 TOAST pages) while the GIN bitmap (no recheck) reads none.
-- Charged per row through this plpgsql identity-true (a SQL function would be inlined and its COST
-- ignored); its argument is the id so that the call itself reads nothing; "IS NOT UNKNOWN" keeps the
-- estimate at 99.5 %.
CREATE OR REPLACE FUNCTION lm.vector_read_cost(id uuid) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 2000
AS $$ BEGIN RETURN true; END $$;
