SELECT w.id FROM (@present) AS w ORDER BY w.published_at DESC, w.id DESC LIMIT 200;
