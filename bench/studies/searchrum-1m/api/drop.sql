DROP TABLE article_search_postings;
DROP FUNCTION searchrum_query(text, text), searchrum_query(text), searchrum_keyed_query(regconfig, tsquery), searchrum_keyed_vector(tsvector, text), searchrum_key(regconfig);
