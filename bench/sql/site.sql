SELECT s.id, s.article_url_template, s.description, s.languages, s.logo_url, s.name, s.news_publication_name, s.updated_at, s.url, s.xmin
FROM site AS s
LIMIT 2;
