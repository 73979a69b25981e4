SELECT a.article_id, a.number, a.action, a.at, a.by_author_id, a.by_key_id, a.by_key_name, a.changed, a.note, a.snapshot
FROM article_revisions AS a
WHERE a.article_id = @article_Id
ORDER BY a.number DESC
LIMIT @p
