-- The proposal as a migration would apply it (public schema). NOT applied to any database by this work;
-- measured from schema search_proposal (setup-experiments.sql) with the statements page-search-f5.sql /
-- page-search-date-f5.sql. PostgreSQL 15+ (regexp_instr). No extension.

-- 1. Passage: no sub-select, so PostgreSQL inlines it (the current one runs through the SQL-function
--    executor for every row and detoasts the body once per strpos: ~0.3 ms a row). The first
--    occurrence of any stem or of its capitalised form is the leftmost match of one regular expression
--    (stem|Stem|…); with the query a constant, the pattern is folded while planning. Same output as
--    today's function on 2,800 rows checked (exp3-passage-check.sql).
CREATE OR REPLACE FUNCTION articles_search_stems_pattern(query tsquery) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
-- 'a' | 'b' & !'c':* → a<0x01>b<0x01>c, regular-expression characters escaped, doubled quotes undone
RETURN rtrim(
           replace(regexp_replace(regexp_replace(query::text,
               '[^'']*''((?:[^'']|'''')*)''[^'']*', E'\\1\x01', 'g'),
               '([.^$*+?()\[\]{}|\\-])', E'\\\\\\1', 'g'),
             '''''', ''''),
         E'\x01');

CREATE OR REPLACE FUNCTION articles_search_passage(query tsquery, body text, size int) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN substring(body, greatest(1, coalesce(nullif(regexp_instr(body,
           replace(articles_search_stems_pattern(query), E'\x01', '|') || '|' ||
           replace(initcap(articles_search_stems_pattern(query)), E'\x01', '|')), 0), 1) - size / 5), size);

-- 2. The own-language re-check, applied after the date order (statement below) instead of to every match.
CREATE FUNCTION articles_search_own_language(vector tsvector, language text, q text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN vector @@ articles_search_query(language, q);

-- True or NULL, never false: "articles_search_recheck(x) IS NOT NULL" is x, and PostgreSQL estimates it
-- at 99.5 % (IS NOT NULL of an expression without statistics) where a boolean function gets 33 % and
-- "vector @@ <per-row query>" 0.5 %. With a low estimate the LIMIT's fraction is wrong and a word in 2 %
-- of the articles was sorted in full (20,000 rows, 120 ms) instead of walking the newest ones (7 ms).
CREATE FUNCTION articles_search_recheck(checked boolean) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 500
AS $$ BEGIN RETURN nullif(checked, false); END $$;

-- What reading a row's vector costs, charged per row to the inner query (walking the newest articles
-- tests every row's vector; the GIN bitmap answers "@@ union" from the index). Identity; wrapped in
-- IS NOT UNKNOWN (estimated 99.5 %) so it does not shrink the row estimate. COST 500 was not enough:
-- with the better estimates a rare word (svalbard) walked again; 2,000–8,000 give the same plans.
CREATE FUNCTION articles_search_read_cost(b boolean) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 2000
AS $$ BEGIN RETURN b; END $$;

-- 3. Statements (what the API would send; see page-search-proposed.sql / page-search-date-proposed.sql).
--    Passage size 1000 → 300 characters (HighlightBodyCharacters), headline options unchanged.
