#!/usr/bin/env python3
"""Prints ArticleRevisionLog's insert as the application sends it (src/ArticlesApi/Data/ArticleRevisionLog.cs, with
SnapshotSql put in), as `PREPARE rev(uuid[], text[], text[], timestamptz[], uuid[], uuid[]) AS …;` so the study runs
the exact statement: `revsql.py > rev.sql`, then `\\i rev.sql` and `EXECUTE rev(ARRAY[id], ARRAY['updated'], …)`."""
import pathlib, re
src = (pathlib.Path(__file__).resolve().parents[3] / "src/ArticlesApi/Data/ArticleRevisionLog.cs").read_text()
snapshot = re.search(r'SnapshotSql = """\n(.*?)\n\s*""";', src, re.S).group(1)
insert = re.search(r'new NpgsqlCommand\(\$"""\n(.*?)\n\s*""", connection', src, re.S).group(1)
assert "{SnapshotSql}" in insert
sql = insert.replace("{SnapshotSql}", snapshot.strip())
print("PREPARE rev(uuid[], text[], text[], timestamptz[], uuid[], uuid[]) AS\n" + sql + ";")
