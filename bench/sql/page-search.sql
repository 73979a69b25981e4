SELECT a0.id AS "Id", a0.slug AS "Slug", a0.title AS "Title", a0.subtitle AS "Subtitle", a0.excerpt AS "Excerpt", a0.language AS "Language", a0.status AS "Status", a0.kind AS "Kind", a0.featured AS "Featured", a0.published_at AS "PublishedAt", a0.created_at AS "CreatedAt", a0.updated_at AS "UpdatedAt", a0.reading_time_minutes AS "ReadingTimeMinutes", a0.feature_image_url AS "FeatureImageUrl", a0.feature_image_alt AS "FeatureImageAlt", a0.feature_image_caption AS "FeatureImageCaption", a0.feature_image_credit AS "FeatureImageCredit", a0.feature_image_media_id AS "FeatureImageMedia", a0.feature_image_media_details AS "FeatureImageMediaDetails", articles_search_rank(a0.search_vector, @search_Parsed) + articles_search_rank(a0.search_vector, @search_Exact) AS "Rank", a0.body_text AS "SearchBody"
FROM (
    SELECT a.id, a.created_at, a.excerpt, a.featured, a.kind, a.language, a.published_at, a.reading_time_minutes, a.search_vector, a.slug, a.status, a.subtitle, a.title, a.updated_at, a.feature_image_alt, a.feature_image_caption, a.feature_image_credit, a.feature_image_media_details, a.feature_image_media_id, a.feature_image_url, a.body_text
    FROM articles AS a
    WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now AND articles_search_matches(a.search_vector, a.language, @marked)
    ORDER BY a.published_at DESC, a.id DESC
    LIMIT @p
) AS a0
ORDER BY articles_search_rank(a0.search_vector, @search_Parsed) + articles_search_rank(a0.search_vector, @search_Exact) DESC, a0.id DESC
LIMIT @p5;
