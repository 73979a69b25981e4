SELECT a.id, a.slug, a.title, a.language, a.excerpt, a.body_html, a.published_at, a.updated_at, a.feature_image_url, a.feature_image_alt
FROM articles AS a
WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now
ORDER BY a.published_at DESC, a.id DESC
LIMIT @p;
