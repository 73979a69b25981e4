SELECT a.id, a.slug, a.title, a.subtitle, a.excerpt, a.excerpt_is_custom, a.body_markdown, a.body_html, a.body_text, a.language, CASE
    WHEN a.status = 'scheduled' AND a.published_at <= @now THEN 'published'
    ELSE a.status
END, a.kind, a.featured, a.published_at, a.created_at, a.updated_at, a.word_count, a.reading_time_minutes, a.feature_image_url IS NULL, a.feature_image_url, a.feature_image_alt, a.feature_image_caption, a.canonical_url, a.seo_meta_title, a.seo_meta_description, a.seo_og_image, article_translations(a.translation_group_id, a.id, FALSE, @now)
FROM articles AS a
WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now AND a.slug = @slug
ORDER BY a.id
LIMIT 1
