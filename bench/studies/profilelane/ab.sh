#!/bin/bash
# A/B of two API builds and the raw endpoint on articles_bench_10000 (bench/run.sh's method: wrk -t2 -c32, the server
# process's CPU from /proc per request), servers started once and alternated scenario by scenario, the order reversed
# every other round; then the floor routes of FLOOR_DLL (an API build with the throwaway constant endpoints described in
# ADR 0045, helper readylane). Prints scenario, server, req/s, requests, CPU ms per request, non-2xx, load average.
# BASE_DLL, BRANCH_DLL, RAW_DLL: the builds; FLOOR_DLL: only when set. Helper profilelane's copy of readylane's script:
# ports from PORT_BASE (default 5150: raw +1, base +2, branch +3, floor +4), the floor routes only with FLOOR_DLL.
set -u
ROUNDS=${ROUNDS:-3}; DUR=${DUR:-5}
CS="Host=127.0.0.1;Port=55432;Database=articles_bench_10000;Username=articles;Password=articles"
export PGPASSWORD=articles
sql() { psql -h 127.0.0.1 -p 55432 -U articles -d articles_bench_10000 -Atc "$1"; }
KEY="bench-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
W=${WORK:-/tmp/profilelane-abw}; P=${PORT_BASE:-5150}; mkdir -p $W
PUBLIC_WHERE="deleted_at IS NULL AND status IN ('published', 'scheduled') AND published_at <= now()"
sql "SELECT '/api/v1/articles/' || slug FROM articles WHERE $PUBLIC_WHERE ORDER BY md5(slug) LIMIT 16" > $W/by-slug
TAG="$(sql "SELECT t.slug FROM tags t JOIN article_tags x ON x.tag_id = t.id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1")"
AUTHOR="$(sql "SELECT slug FROM authors ORDER BY published_article_count DESC, id LIMIT 1")"
MONTH="$(sql "SELECT to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM') FROM articles WHERE $PUBLIC_WHERE GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")"
echo "/api/v1/authors/$AUTHOR" > $W/author-read; echo "/api/v1/tags/$TAG" > $W/tag-read; echo "/api/v1/authors" > $W/authors
echo "/api/v1/authors?sort=-articleCount" > $W/authors-by-count; echo "/api/v1/sitemaps/index.xml" > $W/sitemap-index
echo "/api/v1/sitemaps/authors.xml" > $W/sitemap-authors; echo "/api/v1/sitemaps/articles-$MONTH.xml" > $W/sitemap-month
echo "/api/v1/articles?limit=20" > $W/front
for p in raw fe fedb; do echo "/api/v1/floor/$p/x" > $W/floor-$p; done; echo "/health/live" > $W/live
api() { # name dll port
  env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Articles="$CS;Application Name=bench-api-$1" Logging__LogLevel__Default=Warning \
    DOTNET_hostBuilder__reloadConfigOnChange=false Media__PublicBaseUrl="http://127.0.0.1:$3/media" RateLimiting__Enabled=false \
    Paging__CursorKey="$KEY" Caching__Enabled=false Database__SeedSampleContent=false BodyRerendering__Enabled=false \
    dotnet "$2" --urls "http://127.0.0.1:$3" > $W/$1.log 2>&1 &
  echo $! > $W/$1.pid
}
api base ${BASE_DLL:-/tmp/profilelane-base/src/ArticlesApi/bin/Release/net10.0/ArticlesApi.dll} $((P+2))
api branch ${BRANCH_DLL:-src/ArticlesApi/bin/Release/net10.0/ArticlesApi.dll} $((P+3))
SERVERS="base branch raw"; [ -n "${FLOOR_DLL:-}" ] && { api floor $FLOOR_DLL $((P+4)); SERVERS="$SERVERS floor"; }
env RAW_READYMADE=1 ConnectionStrings__Articles="$CS;Application Name=bench-raw" Paging__CursorKey="$KEY" DOTNET_hostBuilder__reloadConfigOnChange=false \
  dotnet ${RAW_DLL:-bench/RawEndpoint/bin/Release/net10.0/ArticlesApi.Bench.RawEndpoint.dll} --urls http://127.0.0.1:$((P+1)) > $W/raw.log 2>&1 &
echo $! > $W/raw.pid
declare -A PORT=([base]=$((P+2)) [branch]=$((P+3)) [floor]=$((P+4)) [raw]=$((P+1)))
for s in $SERVERS; do for i in $(seq 1 120); do curl -sf -o /dev/null http://127.0.0.1:${PORT[$s]}/health/live && break; sleep 1; done; done
sleep 20  # the workers' first check
ticks() { awk '{print $14+$15}' /proc/$(cat $W/$1.pid)/stat; }
run() { # server scenario
  local c0 c1 out
  c0=$(ticks $1)
  out=$(WRK_PATHS=$W/$2 wrk -t2 -c32 -d${DUR}s -s bench/wrk/report.lua http://127.0.0.1:${PORT[$1]} 2>/dev/null | grep '^RESULT')
  c1=$(ticks $1)
  eval "${out#RESULT }"
  printf '%s\t%s\t%s\t%s\t%.4f\t%s\t%s\n' "$2" "$1" "$rps" "$requests" "$(echo "($c1-$c0)*10/$requests" | bc -l)" "$non2xx" "$(cut -d' ' -f1 /proc/loadavg)"
}
SC=${SCENARIOS:-"by-slug author-read tag-read authors authors-by-count sitemap-index sitemap-authors sitemap-month front"}
# warm-up
for s in $SC; do for v in base branch raw; do DUR=2 run $v $s > /dev/null; done; done
for r in $(seq 1 $ROUNDS); do
  for s in $SC; do
    if [ $((r % 2)) = 1 ]; then order="base branch raw"; else order="raw branch base"; fi
    for v in $order; do run $v $s; done
  done
  if [ -n "${FLOOR_DLL:-}" ]; then for f in floor-raw floor-fe floor-fedb live; do run floor $f; done; run raw live; fi
done
for s in $SERVERS; do kill $(cat $W/$s.pid); done
