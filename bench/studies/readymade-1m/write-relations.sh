#!/usr/bin/env bash
# The database CPU of a PUT writing an article's relations again (helper writecost): per article, a rolled-back transaction that
# copies its authors, tags and citations to temp tables ("base"), or copies them and deletes and re-inserts them as the PUT
# did before ArticleWriter.ReplaceRelationsAsync ("rel"); backend CPU (/proc/<pid>/schedstat) over N articles, 3 rounds.
# Usage: write-relations.sh <db> [N=30]   (nothing is written: every transaction rolls back)
set -euo pipefail
DB=$1 N=${2:-30}
P=(psql -X -q -h 127.0.0.1 -p 55432 -U articles -d "$DB" -At)
ids=$("${P[@]}" -c "select article_id from article_search_postings order by random() limit $N")
stmt() { local id=$1; echo "BEGIN;
CREATE TEMP TABLE t_at ON COMMIT DROP AS SELECT * FROM article_tags WHERE article_id='$id';
CREATE TEMP TABLE t_aa ON COMMIT DROP AS SELECT * FROM article_authors WHERE article_id='$id';
CREATE TEMP TABLE t_c ON COMMIT DROP AS SELECT * FROM citations WHERE article_id='$id';
$( [ "$2" = rel ] && echo "DELETE FROM article_authors WHERE article_id='$id'; DELETE FROM article_tags WHERE article_id='$id'; DELETE FROM citations WHERE article_id='$id';
INSERT INTO article_authors SELECT * FROM t_aa; INSERT INTO article_tags SELECT * FROM t_at; INSERT INTO citations SELECT * FROM t_c;")
ROLLBACK;"; }
run() {
    local pid a b id
    coproc Q { "${P[@]}"; }
    echo "SELECT pg_backend_pid();" >&"${Q[1]}"; read -r pid <&"${Q[0]}"
    for id in $ids; do stmt "$id" "$1" >&"${Q[1]}"; done
    echo "SELECT 1;" >&"${Q[1]}"; read -r _ <&"${Q[0]}"
    a=$(awk '{print $1}' /proc/"$pid"/schedstat)
    for id in $ids; do stmt "$id" "$1" >&"${Q[1]}"; done
    echo "SELECT 1;" >&"${Q[1]}"; read -r _ <&"${Q[0]}"
    b=$(awk '{print $1}' /proc/"$pid"/schedstat)
    exec {Q[1]}>&-; wait "$Q_PID" 2>/dev/null || true
    awk -v a="$a" -v b="$b" -v n="$N" 'BEGIN {printf "%.3f", (b - a) / n / 1e6}'
}
for r in 1 2 3; do echo "round $r: base $(run base) ms, relations rewritten $(run rel) ms (load $(cut -d' ' -f1-3 /proc/loadavg))"; done
