SELECT a.id, a.slug, a.title, a.language, a.published_at
FROM articles AS a
WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now AND a.published_at >= @since
ORDER BY a.published_at DESC, a.id DESC
LIMIT @p;
