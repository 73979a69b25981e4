SELECT s2."Id", s2."Slug", s2."Name", s2."Url", a9.id
FROM (
    SELECT a.id, a.language
    FROM articles AS a
    WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now AND a.slug = @slug
    ORDER BY a.id
    LIMIT 1
) AS a9
JOIN LATERAL (
    SELECT t1.id AS "Id", t1.slug AS "Slug", COALESCE((
        SELECT t2.name
        FROM tag_translations AS t2
        WHERE t1.id = t2.tag_id AND (t2.language = a9.language OR left(a9.language, length(t2.language || '-'))::character varying(35) = t2.language || '-')
        ORDER BY length(t2.language)::int DESC
        LIMIT 1), t1.name) AS "Name", '' AS "Url", a5.position
    FROM article_tags AS a5
    INNER JOIN tags AS t1 ON a5.tag_id = t1.id
    WHERE a9.id = a5.article_id
) AS s2 ON TRUE
ORDER BY a9.id, s2.position
