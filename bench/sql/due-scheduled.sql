SELECT a.id
FROM articles AS a
WHERE a.status = 'scheduled' AND a.deleted_at IS NULL AND a.published_at <= @now;
