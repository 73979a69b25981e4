SELECT a.article_id AS "ArticleId", a.number AS "Number", a.at AS "At", a.by_key_id AS "ByKeyId", a.by_key_name AS "ByKeyName", a.by_author_id AS "ByAuthorId", a.action AS "Action", a.changed AS "Changed", a.note AS "Note", '' AS "Snapshot"
FROM article_revisions AS a
WHERE a.article_id = @article_Id
ORDER BY a.number DESC
LIMIT @p
