SELECT a.exact, a.marked, a.parsed
FROM (
    SELECT s.q[1] AS parsed, s.q[2] AS marked, s.q[3] AS exact FROM (SELECT articles_search_queries(@p0) AS q) AS s
) AS a
LIMIT 2;
