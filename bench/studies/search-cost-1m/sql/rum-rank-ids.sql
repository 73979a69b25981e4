SELECT a.id FROM articles AS a
WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now
  AND (a.search_vector || articles_search_marker(a.language)) @@ @marked
ORDER BY (a.search_vector || articles_search_marker(a.language)) <=> @marked LIMIT 21;
