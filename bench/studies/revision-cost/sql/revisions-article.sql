SELECT a.id, a.canonical_url, a.created_at, a.deleted_at, a.excerpt, a.excerpt_is_custom, a.featured, a.kind, a.language, a.published_at, a.reading_time_minutes, a.search_vector, a.slug, a.status, a.subtitle, a.title, a.translation_group_id, a.updated_at, a.xmin, a.word_count, a.seo_meta_description, a.seo_meta_title, a.seo_og_image, a.body_html, a.body_markdown, a.body_renderer_version, a.body_text, a.feature_image_alt, a.feature_image_caption, a.feature_image_url
FROM articles AS a
WHERE a.id = @id
LIMIT 2
