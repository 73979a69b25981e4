-- searchrum: the window as a set-returning SQL function (what EF Core would map as a table-valued function); inlined by the
-- planner, so the RUM ordered scan is kept.
CREATE OR REPLACE FUNCTION searchrum_window(keyed tsquery, at timestamptz, n integer) RETURNS SETOF uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT d.article_id FROM searchrum_docs AS d WHERE d.vector @@ keyed ORDER BY d.published_at <=| at LIMIT n $$;
