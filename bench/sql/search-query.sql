SELECT s."Value"
FROM (
    SELECT articles_search_queries(@p0) AS "Value"
) AS s
LIMIT 2;
