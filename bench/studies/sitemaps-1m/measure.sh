#!/usr/bin/env bash
# The sitemaps of a bench database within the protocol's limits, and the API's memory while it streams the biggest
# one (issue 15). Starts the Release API (Production, response cache off) on the database, reads the index, finds the
# month with the most public articles, and for that month's files: URL count, bytes, time, xmllint against the
# sitemaps.org schema, the process's peak resident set (VmHWM) before and after, a Brotli answer, a 304.
#
#   bench/run.sh --articles 1000000 --prepare-only              # the database (once)
#   bench/studies/sitemaps-1m/measure.sh articles_bench_1000000 # needs curl, xmllint (libxml2-utils), psql
# Connection: ConnectionStrings__Articles (any database on the server; this uses the one named).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
DB="${1:-articles_bench_1000000}" PORT="${PORT:-5192}" REPEAT="${REPEAT:-3}"
OUT="$(mktemp -d /tmp/sitemaps-study.XXXXXX)"
CS="${ConnectionStrings__Articles:?set ConnectionStrings__Articles}"
field() { echo "$CS" | tr ';' '\n' | sed -n "s/^$1=//Ip" | head -n 1; }
export PGHOST="$(field host)" PGPORT="$(field port)" PGUSER="$(field username)" PGPASSWORD="$(field password)"
BENCH_CS="Host=$PGHOST;Port=$PGPORT;Database=$DB;Username=$PGUSER;Password=$PGPASSWORD"
sql() { psql -X -q -t -A -d "$DB" -c "$1"; }
SCHEMA=tests/ArticlesApi.Tests/Features/Distribution/Schemas

env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Articles="$BENCH_CS" Logging__LogLevel__Default=Warning \
    RateLimiting__Enabled=false Caching__Enabled=false Database__SeedSampleContent=false BodyRerendering__Enabled=false \
    Media__PublicBaseUrl="http://127.0.0.1:$PORT/media" Paging__CursorKey="study-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" \
    dotnet src/ArticlesApi/bin/Release/net10.0/ArticlesApi.dll --urls "http://127.0.0.1:$PORT" >"$OUT/api.log" 2>&1 &
API_PID=$!
trap 'kill $API_PID 2>/dev/null; wait $API_PID 2>/dev/null; rm -rf "$OUT"' EXIT
for _ in $(seq 120); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break; sleep 0.5; done
API="http://127.0.0.1:$PORT/api/v1/sitemaps"
mem() { grep -E '^(VmHWM|VmRSS)' "/proc/$API_PID/status" | tr -s ' \t' ' ' | paste -sd' ' -; }

echo "database: $DB ($(sql "SELECT count(*) FROM articles") articles, $(sql "SELECT count(*) FROM articles WHERE deleted_at IS NULL AND status IN ('published','scheduled') AND published_at <= now()") public)"
echo "months, most public articles first:"
sql "SELECT to_char(date_trunc('month', published_at AT TIME ZONE 'UTC'), 'YYYY-MM'), count(*) FROM articles
     WHERE deleted_at IS NULL AND status IN ('published','scheduled') AND published_at <= now() GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3" | sed 's/^/  /'
MONTH="$(sql "SELECT to_char(date_trunc('month', published_at AT TIME ZONE 'UTC'), 'YYYY-MM') FROM articles
     WHERE deleted_at IS NULL AND status IN ('published','scheduled') AND published_at <= now() GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")"

echo "index.xml: $(curl -s -o "$OUT/index.xml" -w '%{http_code} %{size_download} bytes %{time_total} s' "$API/index.xml"), $(grep -o '<sitemap>' "$OUT/index.xml" | wc -l) sitemaps, the biggest month's: $(grep -o "articles-$MONTH[^<]*\.xml" "$OUT/index.xml" | paste -sd' ' -)"
xmllint --noout --schema "$SCHEMA/siteindex.xsd" "$OUT/index.xml" 2>&1 | tail -n 1
echo "memory before: $(mem)"
for file in $(grep -o "articles-$MONTH[^<]*\.xml" "$OUT/index.xml"); do
    for i in $(seq "$REPEAT"); do
        echo "$file #$i: $(curl -s -o "$OUT/$file" -w '%{http_code} %{size_download} bytes %{time_total} s' "$API/$file"), $(grep -o '<url>' "$OUT/$file" | wc -l) URLs; memory $(mem)"
    done
    xmllint --noout --schema "$SCHEMA/urlset.xsd" "$OUT/$file" 2>&1 | tail -n 1
    echo "$file in Brotli: $(curl -s -H 'Accept-Encoding: br' -o /dev/null -w '%{http_code} %{size_download} bytes %{time_total} s' "$API/$file"); memory $(mem)"
    etag="$(curl -s -D - -o /dev/null "$API/$file" | sed -n 's/^[Ee][Tt]ag: *//p' | tr -d '\r')"
    echo "$file with If-None-Match $etag: $(curl -s -H "If-None-Match: $etag" -o /dev/null -w '%{http_code} %{time_total} s' "$API/$file")"
done
echo "memory after: $(mem)"
