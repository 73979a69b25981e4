SELECT a.id AS "Id", a.slug AS "Slug", a.title AS "Title", a.subtitle AS "Subtitle", a.excerpt AS "Excerpt", a.language AS "Language", a.status AS "Status", a.published_at AS "PublishedAt", a.created_at AS "CreatedAt", a.updated_at AS "UpdatedAt", a.reading_time_minutes AS "ReadingTimeMinutes", a.feature_image_url AS "FeatureImageUrl", a.feature_image_alt AS "FeatureImageAlt", a.feature_image_caption AS "FeatureImageCaption", articles_search_rank(a.search_vector, @search_Parsed) AS "Rank", articles_search_highlight(a.language, @query_Q, a.title, a.subtitle, a.body_text, 300, 'StartSel=, StopSel=, MaxFragments=2, MaxWords=25, MinWords=10, FragmentDelimiter=" … "') AS "Headline"
FROM articles AS a
WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now AND articles_search_matches(a.search_vector, a.language, @search_Marked)
ORDER BY a.published_at DESC, a.id DESC
LIMIT @p;
