SELECT a.id AS "Id", a.slug AS "Slug", a.title AS "Title", a.subtitle AS "Subtitle", a.excerpt AS "Excerpt", a.language AS "Language", a.status AS "Status", a.kind AS "Kind", a.featured AS "Featured", a.published_at AS "PublishedAt", a.created_at AS "CreatedAt", a.updated_at AS "UpdatedAt", a.reading_time_minutes AS "ReadingTimeMinutes", a.feature_image_url AS "FeatureImageUrl", a.feature_image_alt AS "FeatureImageAlt", a.feature_image_caption AS "FeatureImageCaption"
FROM articles AS a
WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now
ORDER BY a.published_at DESC, a.id DESC
LIMIT @take
