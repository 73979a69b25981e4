SELECT s."Value"
FROM (
    SELECT articles_search_query_any(@p0) AS "Value"
) AS s
LIMIT 2;
