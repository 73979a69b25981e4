SELECT a2.id, a2.slug, a2.name, a2.bio, a2.avatar_url, a2.website_url, a2.location, l."Label", l."Url", l.ordinality, a2.c, a2.created_at, a2.updated_at
FROM (
    SELECT a.id, a.slug, a.name, a.bio, a.avatar_url, a.website_url, a.location, (
        SELECT count(*)::int
        FROM article_authors AS a0
        INNER JOIN articles AS a1 ON a0.article_id = a1.id
        WHERE a.id = a0.author_id AND a1.deleted_at IS NULL AND a1.status IN ('published', 'scheduled') AND a1.published_at <= @now) AS c, a.created_at, a.updated_at, a.links
    FROM authors AS a
    ORDER BY a.name, a.id
    LIMIT @p
) AS a2
LEFT JOIN LATERAL ROWS FROM (jsonb_to_recordset(a2.links) AS (
    "Label" text,
    "Url" text
)) WITH ORDINALITY AS l ON TRUE
ORDER BY a2.name, a2.id;
