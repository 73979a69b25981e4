SELECT a1.id, a1.slug, a1.name, a1.bio, a1.avatar_url, a1.website_url, a1.location, l."Label", l."Url", l.ordinality, a1.c, a1.created_at, a1.updated_at
FROM (
    SELECT a.id, a.slug, a.name, a.bio, a.avatar_url, a.website_url, a.location, a.published_article_count + (
        SELECT count(*)::int
        FROM article_authors AS a0
        WHERE a.id = a0.author_id AND a0.article_id = ANY (@dueScheduled)) AS c, a.created_at, a.updated_at, a.links
    FROM authors AS a
    ORDER BY a.name, a.id
    LIMIT @p
) AS a1
LEFT JOIN LATERAL ROWS FROM (jsonb_to_recordset(a1.links) AS (
    "Label" text,
    "Url" text
)) WITH ORDINALITY AS l ON TRUE
ORDER BY a1.name, a1.id;
