#!/usr/bin/env bash
# Load benchmark of the read API (issue 7): builds Release, seeds a database of N generated articles,
# starts the API, checks each scenario's real answer once, then drives it on loopback with wrk at a
# fixed concurrency; then the same scenarios against two references measured on the same database:
#   raw      bench/RawEndpoint: the same SQL through raw Npgsql, JSON by Utf8JsonWriter (the stack's floor)
#   pgbench  the same SQL (bench/sql/, captured from EF's command log) run by pgbench (the database alone)
# Writes bench/results/results-<N>.{tsv,md}, machine-<N>.txt, and refreshes summary.md and chart.svg.
#
#   bench/run.sh --articles 100000                      # full run, 10 s per scenario and tool
#   bench/run.sh --articles 2000 --duration 3 --smoke   # smoke: fast, exits 1 on any error or non-2xx
#
# Options: --articles N (100000)  --duration S (10; 3 with --smoke)  --warmup S (3; 0 with --smoke)
#   --connections C (32)  --fresh (regenerate the data)  --connection "<Npgsql connection string>" (a server
#   to use, any database on it; default: ConnectionStrings__Articles, else scripts/db.sh start)
#   --api-connection-extra "Max Auto Prepare=0" (appended to the API's connection string, for before/after runs)
#   --raw-connection-extra "Maximum Pool Size=30" (the same for the raw endpoint)
#   --first-warmup S (20; 0 with --smoke): the warm-up before each server's first measured scenario. A fresh .NET
#   process JIT-compiles its hot paths again (tiered compilation with PGO) for about 20 s under this load, at
#   ~3x the CPU per request; measured inside that window, the first scenario's tail was the JIT's (bench/studies/front-tail)
#   --accept-encoding "br" (sent by wrk with every request, e.g. br or gzip: compressed answers; the log gives bytes per answer)
#   --tools "api raw pgbench"  --scenarios "by-slug front …"  --tag NAME (results-<N>-NAME.*; smoke runs: -smoke, left out of the summary)  --no-build
#   --prepare-only (build, create, migrate and fill articles_bench_<N>, render its ready-made tables, then stop: for studies)
# The database is articles_bench_<N> on that server, reused while it holds N articles.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ARTICLES=100000 DURATION="" WARMUP="" CONNECTIONS=32 FRESH=0 SMOKE=0 BUILD=1 TAG="" CONNECTION="" PREPARE_ONLY=0
TOOLS="api raw pgbench" API_EXTRA="" RAW_EXTRA="" FIRST_WARMUP="" ACCEPT_ENCODING=""
ALL_SCENARIOS="by-slug front tag deep-cursor search-it-common search-it-rare search-en-common search-en-rare search-rare-by-date authors author-read tag-read feed-rss feed-json news-sitemap sitemap-index sitemap-month sitemap-authors sitemap-tags sitemap-sources authors-by-count"
SCENARIOS="$ALL_SCENARIOS"
while [ $# -gt 0 ]; do
    case "$1" in
        --articles) ARTICLES="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --first-warmup) FIRST_WARMUP="$2"; shift 2 ;;
        --connections) CONNECTIONS="$2"; shift 2 ;;
        --connection) CONNECTION="$2"; shift 2 ;;
        --fresh) FRESH=1; shift ;;
        --smoke) SMOKE=1; shift ;;
        --no-build) BUILD=0; shift ;;
        --prepare-only) PREPARE_ONLY=1; shift ;;
        --tools) TOOLS="$2"; shift 2 ;;
        --scenarios) SCENARIOS="$2"; shift 2 ;;
        --tag) TAG="$2"; shift 2 ;;
        --api-connection-extra) API_EXTRA="$2"; shift 2 ;;
        --raw-connection-extra) RAW_EXTRA="$2"; shift 2 ;;
        --accept-encoding) ACCEPT_ENCODING="$2"; shift 2 ;;
        -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
        *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
# A smoke run proves that every part works, fast: the API for --duration, the references for 1 s, no warm-up.
if [ "$SMOKE" = 1 ]; then DURATION="${DURATION:-3}" WARMUP="${WARMUP:-0}" FIRST_WARMUP="${FIRST_WARMUP:-0}" REF_DURATION=1 TAG="${TAG:-smoke}" QUIET_WAIT=0
else DURATION="${DURATION:-10}" WARMUP="${WARMUP:-3}" FIRST_WARMUP="${FIRST_WARMUP:-20}" REF_DURATION="" QUIET_WAIT=5; fi

API_PORT="${BENCH_API_PORT:-5090}" RAW_PORT="${BENCH_RAW_PORT:-5091}"
PGBENCH="${PGBENCH:-$(ls -d /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1)}"
OUT="$ROOT/bench/results"
NAME="$ARTICLES${TAG:+-$TAG}"
WORK="$(mktemp -d /tmp/articles-bench.XXXXXX)"
mkdir -p "$OUT"
log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }
NEEDED="wrk jq curl psql"; [ "$PREPARE_ONLY" = 1 ] && NEEDED="curl psql" TOOLS=""
for tool in $NEEDED; do command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install $tool)"; done
[[ " $TOOLS " == *" pgbench "* ]] && { [ -x "$PGBENCH" ] || die "pgbench not found (it ships with PostgreSQL's server package)"; }

# Processes this script started, stopped by their own ids on exit.
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- the database --------------------------------------------------------------------------------
if [ -z "$CONNECTION" ]; then
    scripts/db.sh start
    CONNECTION="${ConnectionStrings__Articles:-$(scripts/db.sh url)}"
fi
# The libpq settings of an Npgsql connection string, for psql and pgbench.
cs_get() {
    local key="$1" part k v
    IFS=';' read -ra parts <<< "$CONNECTION"
    for part in "${parts[@]}"; do
        k="$(echo "${part%%=*}" | tr -d ' ' | tr 'A-Z' 'a-z')" v="${part#*=}"
        case "$k" in "$key"|"$2") echo "$v"; return ;; esac
    done
}
export PGHOST="$(cs_get host server)" PGPORT="$(cs_get port port)" PGUSER="$(cs_get username userid)" PGPASSWORD="$(cs_get password password)"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
SERVER_DB="$(cs_get database db)"
DB="articles_bench_$ARTICLES"
BENCH_CS="Host=$PGHOST;Port=$PGPORT;Database=$DB;Username=$PGUSER;Password=$PGPASSWORD"
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }

if [ "$BUILD" = 1 ]; then
    log "building Release"
    dotnet build ArticlesApi.sln -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; die "build failed"; }
fi
API_DLL=src/ArticlesApi/bin/Release/net10.0/ArticlesApi.dll
RAW_DLL=bench/RawEndpoint/bin/Release/net10.0/ArticlesApi.Bench.RawEndpoint.dll
GEN_DLL=bench/DataGenerator/bin/Release/net10.0/ArticlesApi.Bench.DataGenerator.dll
REPORT_DLL=bench/Report/bin/Release/net10.0/ArticlesApi.Bench.Report.dll

# A load that did not finish (the generator rebuilds the secondary indexes last) starts again from an empty
# database: the generator can only rebuild the indexes it found, and the migrations create them.
if [ "$FRESH" = 0 ] && [ -n "$(psql -X -t -A -d "${SERVER_DB:-postgres}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ] \
    && [ "$(psql -X -t -A -d "$DB" -c "SELECT count(*) > 1 FROM pg_indexes WHERE tablename = 'articles'" 2>/dev/null)" = f ]; then
    log "$DB holds an unfinished load; starting again"
    FRESH=1
fi
if [ "$FRESH" = 1 ]; then
    psql -X -q -d "${SERVER_DB:-postgres}" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
fi
if [ -z "$(psql -X -t -A -d "${SERVER_DB:-postgres}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
    log "creating database $DB"
    psql -X -q -d "${SERVER_DB:-postgres}" -c "CREATE DATABASE $DB" >/dev/null
fi

wait_ready() { # url pid [seconds]
    local i
    for i in $(seq 1 $(( ${3:-30} * 4 ))); do
        curl -fs -o /dev/null "$1" && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.25
    done
    return 1
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

API_PID=""
# One cursor key per run for the API and the raw endpoint: both sign and read the same cursors.
BENCH_CURSOR_KEY="bench-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
# BodyRerendering off: the generator writes the renderer's HTML with version 0, and re-rendering every
# article in the background would run during the measurements.
start_api() { # extra env assignments…
    port_free "$API_PORT" || die "port $API_PORT is taken (set BENCH_API_PORT)"
    env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Articles="$BENCH_CS;Application Name=bench-api${API_EXTRA:+;$API_EXTRA}" Logging__LogLevel__Default=Warning \
        DOTNET_hostBuilder__reloadConfigOnChange=false Media__PublicBaseUrl="http://127.0.0.1:$API_PORT/media" \
        RateLimiting__Enabled=false Paging__CursorKey="$BENCH_CURSOR_KEY" Caching__Enabled="${BENCH_CACHING:-false}" Database__SeedSampleContent=false BodyRerendering__Enabled=false "$@" \
        dotnet "$API_DLL" --urls "http://127.0.0.1:$API_PORT" >>"$WORK/api.log" 2>&1 &
    API_PID=$!
    PIDS+=("$API_PID")
    wait_ready "http://127.0.0.1:$API_PORT/health/ready" "$API_PID" "${READY_SECONDS:-30}" || { tail -n 30 "$WORK/api.log" >&2; die "the API did not become ready"; }
}
stop_pid() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null || true; }

# Migrations: the API applies what is pending (also to a reused database), then serves the run.
log "starting the API (migrations on start-up)"
READY_SECONDS=1800 start_api Database__MigrateOnStartup=true
HAVE="$(sql "SELECT count(*) FROM articles")"
if [ "$HAVE" != "$ARTICLES" ]; then
    log "generating $ARTICLES articles into $DB (it held $HAVE)"
    dotnet "$GEN_DLL" --articles "$ARTICLES" --connection "$BENCH_CS" >&2
else
    log "reusing $DB ($ARTICLES articles; --fresh regenerates)"
fi
# The generator rebuilt indexes and statistics: a pool opened before it holds nothing stale, but the
# API restarts anyway so every tool starts from the same state (no prepared statements yet).
stop_pid "$API_PID"

# --- the ready-made tables (issue 20) --------------------------------------------------------------
# The generator's COPY runs with the articles' triggers off, so the ready-made tables (summaries, article docs, feed
# items, sitemap URLs, named resources) have no rows for its articles: the API's worker (ReadySummaryWorker) makes and
# renders them when it starts, and reads take their query paths until then, so a run would measure those. Two
# instances share the rendering (claims FOR UPDATE SKIP LOCKED, ADR 0041; the second on RAW_PORT, free until the
# measurements): at 1M ~30–50 min on the 2-core machine. Then VACUUM (ANALYZE), so the front page's index-only scans
# make no heap fetches. The search postings (RUM side table) are the generator's (article_search_postings_refill).
READY_LEFT_SQL="SELECT (SELECT count(*) FROM article_summaries_ready WHERE doc IS NULL)
    || ' ' || (SELECT count(*) FROM article_docs_ready WHERE doc IS NULL OR stale_at <= now())
    || ' ' || (SELECT count(*) FROM sitemap_urls_ready WHERE url IS NULL OR stale_at <= now())
    || ' ' || (SELECT count(*) FROM feed_items_ready WHERE rss IS NULL)
    || ' ' || (SELECT count(*) FROM named_resources_ready WHERE doc IS NULL)"
# Rows missing or not rendered, per table; every shown article has a summary, doc and sitemap URL, every author, tag
# and source a named row, every public article a search posting, and the RUM index exists (0 0 0 0 0 0: complete).
READY_MISSING_SQL="WITH shown AS (SELECT count(*) AS n FROM articles
        WHERE deleted_at IS NULL AND published_at IS NOT NULL AND status IN ('published', 'scheduled'))
    SELECT (SELECT n FROM shown) - (SELECT count(*) FROM article_summaries_ready WHERE doc IS NOT NULL)
    || ' ' || (SELECT n FROM shown) - (SELECT count(*) FROM article_docs_ready WHERE doc IS NOT NULL AND (stale_at IS NULL OR stale_at > now()))
    || ' ' || (SELECT n FROM shown) - (SELECT count(*) FROM sitemap_urls_ready WHERE url IS NOT NULL AND (stale_at IS NULL OR stale_at > now()))
    || ' ' || (SELECT count(*) FROM feed_items_ready WHERE rss IS NULL) + (SELECT (n > 0 AND NOT EXISTS (SELECT FROM feed_items_ready))::int FROM shown)
    || ' ' || (SELECT count(*) FROM authors) + (SELECT count(*) FROM tags) + (SELECT count(*) FROM sources)
              - (SELECT count(*) FROM named_resources_ready WHERE doc IS NOT NULL)
    || ' ' || (SELECT count(*) FROM articles WHERE search_vector IS NOT NULL AND article_is_public(status, deleted_at, published_at, 'infinity'))
              - (SELECT count(*) FROM article_search_postings) + (to_regclass('article_search_postings_rum') IS NULL)::int"
READY_NAMES="summaries, article docs, sitemap URLs, feed items, named resources"
# An instance's worker has checked every table's rows once (its /health/ready names no phase "starting" or "checking").
reconciled() { # port
    local health
    health="$(curl -s --max-time 20 "http://127.0.0.1:$1/health/ready")" || return 1
    [[ "$health" == *readymade* && "$health" != *starting* && "$health" != *checking* ]]
}
render_ready() {
    local missing left pids=() since=$SECONDS port pid
    missing="$(sql "$READY_MISSING_SQL")"
    [ "$missing" = "0 0 0 0 0 0" ] && return 0
    log "ready-made rows to make or render ($READY_NAMES, search postings): $missing; two API instances render them"
    for port in "$RAW_PORT" "$API_PORT"; do
        API_PORT="$port" READY_SECONDS=600 start_api
        pids+=("$API_PID")
    done
    while true; do
        sleep 30
        left="$(sql "$READY_LEFT_SQL")"
        log "$(( (SECONDS - since) / 60 )) min: to render ($READY_NAMES) $left"
        if [ "$left" = "0 0 0 0 0" ] && reconciled "$API_PORT" && reconciled "$RAW_PORT"; then
            missing="$(sql "$READY_MISSING_SQL")"
            [ "$missing" = "0 0 0 0 0 0" ] && break
            log "still missing ($READY_NAMES, search postings): $missing"
        fi
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { tail -n 30 "$WORK/api.log" >&2; die "an API instance stopped while rendering"; }; done
    done
    for pid in "${pids[@]}"; do stop_pid "$pid"; done
    log "ready-made tables complete after $(( (SECONDS - since) / 60 )) min; VACUUM (ANALYZE)"
    psql -X -q -d "$DB" -c "VACUUM (ANALYZE) article_summaries_ready, article_docs_ready, sitemap_urls_ready, feed_items_ready, named_resources_ready, article_search_postings" >/dev/null
}
render_ready
[ "$PREPARE_ONLY" = 1 ] && { log "$DB is ready ($ARTICLES articles, every ready-made table rendered)"; exit 0; }

# --- scenarios -----------------------------------------------------------------------------------
PUBLIC_WHERE="deleted_at IS NULL AND status IN ('published', 'scheduled') AND published_at <= now()"
mapfile -t SLUGS < <(sql "SELECT slug FROM articles WHERE $PUBLIC_WHERE ORDER BY md5(slug) LIMIT 16")
PUBLIC_COUNT="$(sql "SELECT count(*) FROM articles WHERE $PUBLIC_WHERE")"
POPULAR_TAG="$(sql "SELECT t.slug FROM tags t JOIN article_tags x ON x.tag_id = t.id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1")"
POPULAR_TAG_ID="$(sql "SELECT id FROM tags WHERE slug = '$POPULAR_TAG'")"
POPULAR_AUTHOR="$(sql "SELECT slug FROM authors ORDER BY published_article_count DESC, id LIMIT 1")"
DEPTH=$(( PUBLIC_COUNT / 20 - 1 )); [ "$DEPTH" -gt 1000 ] && DEPTH=1000
[ "$DEPTH" -ge 1 ] || die "too few public articles ($PUBLIC_COUNT) for the cursor scenario"
NOW="$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)"
# The news sitemap's window (NewsSitemap.Window: 48 hours) and a feed's items (FeedArticles.DefaultLimit: 50).
NEWS_SINCE="$(date -u -d '48 hours ago' +%Y-%m-%dT%H:%M:%S.%6NZ)"
FEED_ITEMS=$(( PUBLIC_COUNT < 50 ? PUBLIC_COUNT : 50 ))
# The month file of the month with the most public articles (UTC, as the sitemaps group them).
SITEMAP_MONTH="$(sql "SELECT to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM') FROM articles WHERE $PUBLIC_WHERE GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")"

path_of() {
    case "$1" in
        by-slug) echo "/api/v1/articles/${SLUGS[0]}" ;;
        front) echo "/api/v1/articles?limit=20" ;;
        tag) echo "/api/v1/articles?tag=$POPULAR_TAG" ;;
        deep-cursor) echo "/api/v1/articles?limit=20&cursor=$DEEP_CURSOR" ;;
        search-it-common) echo "/api/v1/articles?q=trattato" ;;
        search-it-rare) echo "/api/v1/articles?q=ossezia" ;;
        search-en-common) echo "/api/v1/articles?q=treaty" ;;
        search-en-rare) echo "/api/v1/articles?q=svalbard" ;;
        search-rare-by-date) echo "/api/v1/articles?q=zanzibar&sort=-publishedAt" ;;
        authors) echo "/api/v1/authors" ;;
        authors-by-count) echo "/api/v1/authors?sort=-articleCount" ;;
        author-read) echo "/api/v1/authors/$POPULAR_AUTHOR" ;;
        tag-read) echo "/api/v1/tags/$POPULAR_TAG" ;;
        feed-rss) echo "/api/v1/feeds/rss" ;;
        feed-json) echo "/api/v1/feeds/json" ;;
        news-sitemap) echo "/api/v1/sitemaps/news.xml" ;;
        sitemap-index) echo "/api/v1/sitemaps/index.xml" ;;
        sitemap-month) echo "/api/v1/sitemaps/articles-$SITEMAP_MONTH.xml" ;;
        sitemap-authors|sitemap-tags|sitemap-sources) echo "/api/v1/sitemaps/${1#sitemap-}.xml" ;;
        *) die "unknown scenario $1" ;;
    esac
}
term_of() { local p; p="$(path_of "$1")"; p="${p#*q=}"; echo "${p%%&*}"; }

# The SQL statements (bench/sql/*.sql) each scenario's request sends, in order.
statements_of() {
    case "$1" in
        by-slug) echo "article article-authors article-tags article-citations" ;;
        front) echo "page-front page-authors page-tags" ;;
        tag) echo "tag-ids page-tag page-authors page-tags" ;;
        deep-cursor) echo "page-after page-authors page-tags" ;;
        search-rare-by-date) echo "search-query page-search-date page-authors page-tags" ;;
        search-*) echo "search-query page-search page-authors page-tags" ;;
        authors) echo "due-scheduled authors" ;;
        feed-*) echo "feed-page feed-authors feed-tags" ;;
        news-sitemap) echo "news-sitemap" ;;
    esac
}

start_api
API="http://127.0.0.1:$API_PORT"
# Until its worker has checked every ready-made table once (anti-joins over the articles: a minute at 1M on a loaded
# machine), the API answers by the query paths: measure after that.
for ((i = 0; i < 120; i++)); do reconciled "$API_PORT" && break; sleep 5; done
reconciled "$API_PORT" || log "the API's ready-made worker has not checked its tables after 10 min: the first scenarios may be read by the query paths"

# A list by articleCount is read from the ready rows only when no scheduled article is due and not yet promoted (else
# the API answers by its query path, and the raw endpoint 503): scheduled articles that came due since the API last ran
# are promoted by its ScheduledPublication within a minute of its start; wait for that (at most 90 s).
if [[ " $SCENARIOS " == *" authors-by-count "* ]]; then
    for ((i = 0; i < 90; i++)); do
        due="$(sql "SELECT count(*) FROM articles WHERE status = 'scheduled' AND deleted_at IS NULL AND published_at <= now()")"
        [ "$due" = 0 ] && break
        [ "$i" = 0 ] && log "waiting for the API to promote $due scheduled articles that came due (authors-by-count)"
        sleep 1
    done
fi

# Deep cursor: follow meta.nextCursor DEPTH times from page 1; page DEPTH+1 is what gets measured.
DEEP_CURSOR="" DEEP_AT="" DEEP_ID=""
[[ " $SCENARIOS " == *" deep-cursor "* ]] || DEPTH=0
[ "$DEPTH" = 0 ] || log "walking $DEPTH pages of the front page's cursor"
for ((i = 0; i < DEPTH; i++)); do
    read -r DEEP_CURSOR DEEP_AT DEEP_ID < <(curl -fsS "$API/api/v1/articles?limit=20${DEEP_CURSOR:+&cursor=$DEEP_CURSOR}" \
        | jq -r '"\(.meta.nextCursor) \(.data[-1].publishedAt) \(.data[-1].id)"')
    [ "$DEEP_CURSOR" != null ] || die "the cursor walk ended early at page $((i + 1))"
done

# Each scenario's real answer, once: 200, and a non-empty page (or an article).
log "checking each scenario's answer"
for s in $SCENARIOS; do
    code="$(curl -s -o "$WORK/$s.json" -w '%{http_code}' "$API$(path_of "$s")")"
    # The generator dates articles from its own clock (the newest ~0.1 % in the 48 hours before it ran, and its scheduled
    # articles, 1 %, coming due over the 14 days after): the news sitemap is empty (404) once a database is that old,
    # or by chance in a small one. Then the scenario is left out, saying so, rather than failing the run.
    if [ "$s" = news-sitemap ] && [ "$code" = 404 ]; then
        log "news-sitemap left out: no article published in the last 48 hours in $DB (--fresh regenerates it)"
        SCENARIOS="$(echo " $SCENARIOS " | sed 's/ news-sitemap / /')"
        continue
    fi
    [ "$code" = 200 ] || die "$s: $(path_of "$s") answered $code"
    if [ "$s" = by-slug ]; then
        for slug in "${SLUGS[@]}"; do
            code="$(curl -s -o /dev/null -w '%{http_code}' "$API/api/v1/articles/$slug")"
            [ "$code" = 200 ] || die "by-slug: /api/v1/articles/$slug answered $code"
        done
        jq -e '.id and (.authors | length > 0)' "$WORK/$s.json" >/dev/null || die "by-slug: not a full article"
    elif [ "$s" = feed-rss ]; then
        n="$(grep -o '<item>' "$WORK/$s.json" | wc -l)"
        [ "$n" = "$FEED_ITEMS" ] || die "feed-rss: $n items, not $FEED_ITEMS"
    elif [ "$s" = feed-json ]; then
        jq -e --argjson n "$FEED_ITEMS" '.items | length == $n' "$WORK/$s.json" >/dev/null || die "feed-json: not $FEED_ITEMS items"
    elif [ "$s" = news-sitemap ]; then
        grep -q '<url>' "$WORK/$s.json" || die "news-sitemap: no URL"
    elif [[ "$s" == sitemap-* ]]; then
        grep -q '<loc>' "$WORK/$s.json" || die "$s: no loc"
    elif [ "$s" = author-read ] || [ "$s" = tag-read ]; then
        jq -e '.id and .articleCount > 0' "$WORK/$s.json" >/dev/null || die "$s: not a ${s%-read} with articles"
    else
        jq -e '.data | length > 0' "$WORK/$s.json" >/dev/null || die "$s: empty page from $(path_of "$s")"
    fi
    printf '%s\n' "$(path_of "$s")" >"$WORK/$s.paths"
done
printf '%s\n' "${SLUGS[@]/#//api/v1/articles/}" >"$WORK/by-slug.paths"

# --- measuring -----------------------------------------------------------------------------------
WRK_HEADERS=()
[ -z "$ACCEPT_ENCODING" ] || WRK_HEADERS=(-H "Accept-Encoding: $ACCEPT_ENCODING")
RESULTS="$WORK/results.tsv"
printf 'scenario\ttool\trps\tp50_ms\tp99_ms\terrors\tnon2xx\trequests\tcpu_pressure_before\tserver_cpu_ms\tdb_cpu_ms\n' >"$RESULTS"
RAW_OUT="$OUT/raw/$NAME"
rm -rf "$RAW_OUT"; mkdir -p "$RAW_OUT"

# Other people's builds share these cores: before each scenario wait (at most 10 s; not in smoke runs) until the CPU
# pressure of the last 10 s is under 60 %, and record what it was (the TSV's last column).
cpu_pressure() { sed -nE 's/^some avg10=([0-9.]+).*/\1/p' /proc/pressure/cpu 2>/dev/null || echo -1; }
await_quiet() {
    local i p
    for ((i = 1; i <= QUIET_WAIT; i++)); do
        p="$(cpu_pressure)"
        awk -v p="$p" 'BEGIN {exit !(p < 60)}' && break
        [ "$i" = 1 ] && log "waiting for the machine to calm down (CPU pressure $p %)"
        sleep 2
    done
    PRESSURE="$(cpu_pressure)"
}

# CPU time per request, of the server process and of the database backends serving it (other people's load
# inflates throughput differences between tools; it moves these much less). Clock ticks from /proc.
ticks_of() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
db_ticks() { # tool → "pid ticks" per backend of the bench database that this tool opened (its Application Name): other
    # sessions on a shared bench database (another helper's index build) are not counted
    local pid
    for pid in $(sql "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'bench-$1'"); do
        echo "$pid $(ticks_of "$pid")"
    done
}
db_ticks_between() { # before-file after-file → ticks used meanwhile by the backends alive at the end (one that
    # started meanwhile counts from zero; one that ended is lost, rare with warm pools)
    awk 'NR == FNR {before[$1] = $2; next} {t += $2 - (($1 in before) ? before[$1] : 0)} END {print t + 0}' "$1" "$2"
}
HZ="$(getconf CLK_TCK)"
WARMED=""
measure() { # tool base-url scenario duration
    local tool="$1" base="$2" s="$3" duration="$4" line pid c0 c1
    pid="$API_PID"; [ "$tool" = raw ] && pid="$RAW_PID"
        await_quiet
        # The first scenario measured on a fresh server warms it longer: its JIT is still recompiling the hot paths.
        local warm="$WARMUP"
        [[ " $WARMED " == *" $tool "* ]] || { [ "$FIRST_WARMUP" -gt "$warm" ] && warm="$FIRST_WARMUP"; WARMED="$WARMED $tool"; }
        if [ "$warm" -gt 0 ]; then
            WRK_PATHS="$WORK/$s.paths" wrk "${WRK_HEADERS[@]}" -t2 -c"$CONNECTIONS" -d"${warm}s" -s bench/wrk/report.lua "$base" >/dev/null
        fi
        c0="$(ticks_of "$pid")"; db_ticks "$tool" >"$WORK/db-ticks-before"
        WRK_PATHS="$WORK/$s.paths" wrk "${WRK_HEADERS[@]}" -t2 -c"$CONNECTIONS" -d"${duration}s" --timeout 10s --latency -s bench/wrk/report.lua "$base" \
            >"$RAW_OUT/$tool-$s.txt"
        c1="$(ticks_of "$pid")"; db_ticks "$tool" >"$WORK/db-ticks-after"
        line="$(grep '^RESULT ' "$RAW_OUT/$tool-$s.txt")" || die "$tool $s: wrk printed no result"
        eval "${line#RESULT }"
        local cpu_ms db_ms
        cpu_ms="$(awk -v a="$c0" -v b="$c1" -v n="$requests" -v hz="$HZ" 'BEGIN {printf "%.3f", (n > 0 ? (b - a) * 1000 / hz / n : 0)}')"
        db_ms="$(awk -v a=0 -v b="$(db_ticks_between "$WORK/db-ticks-before" "$WORK/db-ticks-after")" -v n="$requests" -v hz="$HZ" 'BEGIN {printf "%.3f", (n > 0 ? (b - a) * 1000 / hz / n : 0)}')"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$tool" "$rps" "$p50_ms" "$p99_ms" "$errors" "$non2xx" "$requests" "$PRESSURE" "$cpu_ms" "$db_ms" >>"$RESULTS"
        log "$(printf '%-20s %-7s %9s req/s  p50 %8s ms  p99 %8s ms  errors %s  non-2xx %s  cpu %s ms/req  db %s ms/req  %s bytes/answer' "$s" "$tool" "$rps" "$p50_ms" "$p99_ms" "$errors" "$non2xx" "$cpu_ms" "$db_ms" "$bytes")"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
RAW=""
if [[ " $TOOLS " == *" raw "* ]]; then
    port_free "$RAW_PORT" || die "port $RAW_PORT is taken (set BENCH_RAW_PORT)"
    env ConnectionStrings__Articles="$BENCH_CS;Application Name=bench-raw${RAW_EXTRA:+;$RAW_EXTRA}" Paging__CursorKey="$BENCH_CURSOR_KEY" DOTNET_hostBuilder__reloadConfigOnChange=false dotnet "$RAW_DLL" --urls "http://127.0.0.1:$RAW_PORT" >"$WORK/raw.log" 2>&1 &
    RAW_PID=$!
    PIDS+=("$RAW_PID")
    wait_ready "http://127.0.0.1:$RAW_PORT/health/live" "$RAW_PID" || { cat "$WORK/raw.log" >&2; die "the raw endpoint did not start"; }
    for s in $SCENARIOS; do
        [ "$s" = by-slug ] && continue
        curl -s -o "$WORK/$s.raw.json" "http://127.0.0.1:$RAW_PORT$(path_of "$s")"
        cmp -s "$WORK/$s.json" "$WORK/$s.raw.json" || log "note: $s: the raw endpoint's JSON differs from the API's"
    done
    RAW="http://127.0.0.1:$RAW_PORT"
fi
# Both servers are up (the idle one costs nothing): each scenario is measured on the API and right after on
# the raw endpoint, so a neighbour's build slows both sides of a ratio rather than one of them.
for s in $SCENARIOS; do
    if [[ " $TOOLS " == *" api "* ]]; then measure api "$API" "$s" "$DURATION"; fi
    if [ -n "$RAW" ]; then measure raw "$RAW" "$s" "${REF_DURATION:-$DURATION}"; fi
done
stop_pid "$API_PID"
[ -z "$RAW" ] || stop_pid "$RAW_PID"

# pgbench: one transaction = the statements of one request, parameters as the API binds them
# (prepared, as Npgsql's auto-prepare does), the page's ids for the authors and tags statements.
pgbench_script() { # scenario → file
    local s="$1" f="$WORK/$1.pgbench" st
    : >"$f"
    [ "$s" = by-slug ] && echo "\\set n random(1, ${#SLUGS[@]})" >>"$f"
    for st in $(statements_of "$s"); do
        # The parsed queries (columns parsed, marked and exact) go into the variables of those names, which the page's statement uses.
        sed -E -e 's/@r_IdOrSlug/(:slugs::text[])[:n]/g' -e 's/@search_Parsed/:parsed/g' -e 's/@search_Marked/:marked/g' -e 's/@search_Exact/:exact/g' -e 's/@query_Q/:p0/g' -e 's/@([A-Za-z_][A-Za-z0-9_]*)/:\1/g' \
            -e "$([ "$st" = search-query ] && echo 's/;[[:space:]]*$/ \\gset/')" "bench/sql/$st.sql" >>"$f"
    done
    echo "$f"
}
if [[ " $TOOLS " == *" pgbench "* ]]; then
    slugs="{$(IFS=,; echo "${SLUGS[*]}")}"
    for s in $SCENARIOS; do
        # The single author and tag reads have no captured statements (bench/sql): measured with api and raw only.
        [ -n "$(statements_of "$s")" ] || continue
        script="$(pgbench_script "$s")"
        case "$s" in
            feed-*) ids="{$(grep -oE 'urn:uuid:[0-9a-f-]{36}' "$WORK/$s.json" | sed 's/^urn:uuid://' | paste -sd, -)}" ;;
            news-sitemap) ids="{}" ;;
            *) ids="{$(jq -r '[.data[]?.id] | join(",")' "$WORK/$s.json")}" ;;
        esac
        q="$(term_of "$s")"
        # The deep cursor's position: the last row of the page before it.
        at="$DEEP_AT" id="$DEEP_ID"
        # The relevance search ranks a window of the newest matches (@p) and pages it (@p5; @p6 in older captures).
        window=21; [[ "$s" == search-* && "$s" != *by-date ]] && window=100
        # A feed's items, the news sitemap's cap (NewsSitemap.MaxUrls).
        case "$s" in feed-*) window=50 ;; news-sitemap) window=1000 ;; esac
        args=(-n -M prepared -c "$CONNECTIONS" -j 2 -d "$DB" -f "$script" -D "now=$NOW" -D "now2=$NOW" -D "since=$NEWS_SINCE" -D "p=$window" -D "p5=21" -D "p6=21"
              -D "slugs=$slugs" -D "ids=$ids" -D "query_Tags={$POPULAR_TAG}" -D "ids_Tags={$POPULAR_TAG_ID}" -D "dueScheduled={}"
              -D "p0=$q" -D "at=${at:-$NOW}" -D "id=${id:-00000000-0000-0000-0000-000000000000}")
        # As the API: the statements whose plans depend on their values are planned for each execution.
        plans=""
        case "$s" in tag | search-* | authors) plans="-c plan_cache_mode=force_custom_plan -c max_parallel_workers_per_gather=0" ;; esac
        rm -f "$WORK"/pgb.*
        await_quiet
        [ "$WARMUP" -gt 0 ] && { PGOPTIONS="$plans" "$PGBENCH" "${args[@]}" -T "$WARMUP" >/dev/null 2>&1 || true; }
        rm -f "$WORK"/pgb.*
        PGOPTIONS="$plans" "$PGBENCH" "${args[@]}" -T "${REF_DURATION:-$DURATION}" -l --log-prefix="$WORK/pgb" >"$RAW_OUT/pgbench-$s.txt" 2>&1 \
            || { tail -n 20 "$RAW_OUT/pgbench-$s.txt" >&2; die "pgbench failed on $s"; }
        tps="$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' "$RAW_OUT/pgbench-$s.txt" | tail -n 1)"
        failed="$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$RAW_OUT/pgbench-$s.txt")"
        count="$(cat "$WORK"/pgb.* | wc -l)"
        read -r p50 p99 < <(cat "$WORK"/pgb.* | awk '{print $3}' | sort -n \
            | awk -v n="$count" '{a[NR]=$1} END {i50=int(n*0.50); i99=int(n*0.99); if (i50<1) i50=1; if (i99<1) i99=1; printf "%.3f %.3f\n", a[i50]/1000, a[i99]/1000}')
        printf '%s\tpgbench\t%s\t%s\t%s\t%s\t0\t%s\t%s\n' "$s" "$tps" "$p50" "$p99" "${failed:-0}" "$count" "$PRESSURE" >>"$RESULTS"
        log "$(printf '%-20s %-7s %9s tx/s   p50 %8s ms  p99 %8s ms  failed %s' "$s" pgbench "$tps" "$p50" "$p99" "${failed:-0}")"
    done
fi
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- report --------------------------------------------------------------------------------------
cp "$RESULTS" "$OUT/results-$NAME.tsv"
{
    echo "articles: $ARTICLES (public: $PUBLIC_COUNT)"
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
    echo "nproc: $(nproc)"
    echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
    echo "ram: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "postgresql: $(sql "SHOW server_version")"
    echo "dotnet: SDK $(dotnet --version), runtime $(dotnet --list-runtimes | sed -n 's/^Microsoft.AspNetCore.App \([^ ]*\).*/\1/p' | tail -n 1)"
    echo "wrk: -t2 -c$CONNECTIONS, ${DURATION}s per scenario after ${WARMUP}s of warm-up (${FIRST_WARMUP}s before each server's first)"
    echo "pgbench: -M prepared -c$CONNECTIONS -j2, ${DURATION}s per scenario"
    echo "load average before: $LOAD_BEFORE"
    echo "load average after: $LOAD_AFTER"
    echo "deep cursor: page $((DEPTH + 1))"
    echo "popular tag: $POPULAR_TAG"
    echo "mode: $([ "$SMOKE" = 1 ] && echo smoke || echo full)"
    echo "API connection string extra: ${API_EXTRA:-none}"
    echo "raw connection string extra: ${RAW_EXTRA:-none}"
} >"$OUT/machine-$NAME.txt"
if [ -f "$REPORT_DLL" ]; then
    dotnet "$REPORT_DLL" "$OUT" >&2
fi

# Smoke and full runs alike: any transport error or non-2xx answer fails the run, and so does a scenario
# in which no request completed (wrk does not count requests still waiting when the time is up) —
# except, in a smoke run, for the reference tools: a few seconds on a busy CI machine can end before a
# slow reference query completes, and the smoke run checks that the API and the harness work.
strict_tools="api raw pgbench"
[ "$SMOKE" = 1 ] && strict_tools="api"
bad="$(awk -F'\t' -v strict=" $strict_tools " 'NR > 1 && ($6 > 0 || $7 > 0 || ($8 == 0 && index(strict, " " $2 " "))) {print $1 " (" $2 "): " $6 " errors, " $7 " non-2xx, " $8 " completed"}' "$RESULTS")"
if [ -n "$bad" ]; then
    log "FAILED: $bad"
    exit 1
fi
log "done: bench/results/results-$NAME.md"
