SELECT a7.id AS "Id", a7.kind AS "Kind", a7.note_markdown AS "Note", a7.note_html AS "Html", a7.at AS "At", a11.id
FROM (
    SELECT a.id
    FROM articles AS a
    WHERE a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL AND a.published_at <= @now AND a.slug = @slug
    ORDER BY a.id
    LIMIT 1
) AS a11
INNER JOIN article_corrections AS a7 ON a11.id = a7.article_id
ORDER BY a11.id, a7.at, a7.id
