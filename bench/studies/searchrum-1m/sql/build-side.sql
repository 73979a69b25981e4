-- searchrum (a): the side table the RUM index is built on: every public article's keyed vector and date.
\timing on
CREATE TABLE searchrum_docs AS
SELECT a.id AS article_id, a.published_at, a.language, searchrum_keyed_vector(a.search_vector, a.language) AS vector
FROM articles AS a
WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL;
ALTER TABLE searchrum_docs ADD PRIMARY KEY (article_id);
