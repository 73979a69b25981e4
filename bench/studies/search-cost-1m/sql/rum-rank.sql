SELECT a.id, a.slug, a.title, a.subtitle, a.excerpt, a.language, a.status, a.published_at, a.created_at, a.updated_at, a.reading_time_minutes, a.feature_image_url, a.feature_image_alt, a.feature_image_caption, (a.search_vector || articles_search_marker(a.language)) <=> @marked AS distance, articles_search_highlight(a.language, @q, a.title, a.subtitle, a.body_text, 300, 'StartSel=, StopSel=, MaxFragments=2, MaxWords=25, MinWords=10, FragmentDelimiter=" … "') AS headline
FROM articles AS a
WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now
  AND (a.search_vector || articles_search_marker(a.language)) @@ @marked
ORDER BY (a.search_vector || articles_search_marker(a.language)) <=> @marked LIMIT 21;
