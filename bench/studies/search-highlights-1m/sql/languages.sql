SELECT l AS language, websearch_to_tsquery(articles_search_config(l), @q) AS query FROM unnest(ARRAY['it', 'en']) AS l;
