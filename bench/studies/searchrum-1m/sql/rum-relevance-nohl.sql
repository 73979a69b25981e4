SELECT a0.id, a0.slug, a0.title, a0.subtitle, a0.excerpt, a0.language, a0.status, a0.published_at, a0.created_at, a0.updated_at, a0.reading_time_minutes, a0.feature_image_url, a0.feature_image_alt, a0.feature_image_caption, articles_search_rank(a0.search_vector, @parsed) AS rank
FROM (SELECT d.article_id FROM searchrum_docs AS d WHERE d.vector @@ @rumq ORDER BY d.published_at <=| @now LIMIT 200) AS w
JOIN articles AS a0 ON a0.id = w.article_id
WHERE a0.deleted_at IS NULL AND a0.status IN ('published', 'scheduled') AND a0.published_at IS NOT NULL AND a0.published_at <= @now
ORDER BY articles_search_rank(a0.search_vector, @parsed) DESC, a0.id DESC LIMIT 21;
