#!/usr/bin/env bash
# The CDN purge flow end to end (deploy/varnish): Varnish with xkey in front of the API, the purger behind a
# Standard Webhooks endpoint. Warms pages through Varnish, makes a write, delivers the signed change event
# to the purger as the API's webhook sender does, and checks that the pages the write changed are purged and
# the others are still hits (X-Cache, X-Varnish, Age). Installs varnish and varnish-modules when root
# (as scripts/db.sh installs PostgreSQL). Migrates a throw-away database on the server ConnectionStrings__Articles
# names (scripts/db.sh url by default) and drops it afterwards. Counts as one test in scripts/test.sh.
#   VARNISH_API_PORT (5091) VARNISH_PORT (6091) VARNISH_PURGER_PORT (6093) VARNISH_CONFIGURATION (Release)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
API_PORT="${VARNISH_API_PORT:-5091}"
CACHE_PORT="${VARNISH_PORT:-6091}"
PURGER_PORT="${VARNISH_PURGER_PORT:-6093}"
CONFIGURATION="${VARNISH_CONFIGURATION:-Release}"
PYTHON=/usr/bin/python3

fail() { echo "varnish-purge-test: $*" >&2; exit 1; }

missing=""
command -v varnishd >/dev/null || [ -x /usr/sbin/varnishd ] || missing="$missing varnish"
[ -e /usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so ] || ls /usr/lib/*/varnish/vmods/libvmod_xkey.so >/dev/null 2>&1 || missing="$missing varnish-modules"
for tool in curl jq psql; do command -v "$tool" >/dev/null || missing="$missing $tool"; done
[ -x "$PYTHON" ] || missing="$missing python3"
missing="${missing/psql/postgresql-client}"
if [ -n "$missing" ]; then
    [ "$(id -u)" = 0 ] || fail "needs:$missing (apt-get install -y$missing)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; }
fi
VARNISHD="$(command -v varnishd || echo /usr/sbin/varnishd)"
for port in "$API_PORT" "$CACHE_PORT" "$PURGER_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port is taken (set VARNISH_API_PORT, VARNISH_PORT or VARNISH_PURGER_PORT)"; fi
done

# A database of its own on the test server.
BASE="${ConnectionStrings__Articles:-$(scripts/db.sh url)}"
field() { echo "$BASE" | tr ';' '\n' | sed -n "s/^$1=//Ip" | head -1; }
DB_NAME="articles_varnish_$$"
CONNECTION="$(echo "$BASE" | sed -E "s/(^|;)Database=[^;]*/\1Database=$DB_NAME/I")"
export PGHOST="$(field Host)" PGPORT="$(field Port)" PGUSER="$(field Username)" PGPASSWORD="$(field Password)"

WORK="$(mktemp -d /tmp/articles-varnish-XXXXXX)"
chmod 755 "$WORK"  # varnishd reads the VCL as its own user
API_PID="" PURGER_PID=""
cleanup() {
    [ -n "$PURGER_PID" ] && kill "$PURGER_PID" 2>/dev/null || true
    [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true
    [ -f "$WORK/varnishd.pid" ] && kill "$(cat "$WORK/varnishd.pid")" 2>/dev/null || true
    psql -d postgres -qtA -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

psql -d postgres -qtA -c "CREATE DATABASE $DB_NAME" >/dev/null || fail "cannot create database $DB_NAME on $PGHOST:$PGPORT"
"$PYTHON" deploy/varnish/purger.py --self-test >/dev/null || fail "the purger's signature code fails the Standard Webhooks test vector"

dotnet build ArticlesApi.sln -c "$CONFIGURATION" -v q -nologo >/dev/null
ADMIN_KEY="ak_varnish_$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
ConnectionStrings__Articles="$CONNECTION" Database__MigrateOnStartup=true Database__SeedSampleContent=true \
    Auth__BootstrapAdminKey="$ADMIN_KEY" RateLimiting__Enabled=false ASPNETCORE_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning \
    dotnet "src/ArticlesApi/bin/$CONFIGURATION/net10.0/ArticlesApi.dll" --urls "http://127.0.0.1:$API_PORT" >"$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:$API_PORT/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$API_PORT/health/ready" >/dev/null || { tail -20 "$WORK/api.log" >&2; fail "the API did not start"; }

sed "s/\.port = \"5080\"/.port = \"$API_PORT\"/" deploy/varnish/default.vcl >"$WORK/default.vcl"
"$VARNISHD" -n "$WORK/varnish" -a "127.0.0.1:$CACHE_PORT" -f "$WORK/default.vcl" -s malloc,64m -P "$WORK/varnishd.pid" \
    -p vcc_allow_inline_c=off >"$WORK/varnishd.log" 2>&1 || { cat "$WORK/varnishd.log" >&2; fail "varnishd did not start"; }

SECRET="whsec_$(head -c 24 /dev/urandom | base64)"
PURGER_WEBHOOK_SECRET="$SECRET" PURGER_VARNISH_URL="http://127.0.0.1:$CACHE_PORT/" PURGER_LISTEN="127.0.0.1:$PURGER_PORT" \
    "$PYTHON" deploy/varnish/purger.py 2>"$WORK/purger.log" &
PURGER_PID=$!
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PURGER_PORT") 2>/dev/null && break; sleep 0.1; done

API="http://127.0.0.1:$API_PORT/api/v1"
CDN="http://127.0.0.1:$CACHE_PORT/api/v1"

# Three published articles with no author in common, an author of the third, the front page.
articles="$(curl -fs "$API/articles?limit=50")"
A="$(jq -r '.data[0].id' <<<"$articles")"
B="$(jq -r --arg a "$A" '[.data[] | select(.id != $a)][0].id' <<<"$articles")"
authorsOf() { jq -r --arg id "$1" '.data[] | select(.id == $id) | .authors[].id' <<<"$articles"; }
C="$(jq -r --arg a "$A" --arg b "$B" --argjson taken "$(jq -R . <<<"$(authorsOf "$A"; authorsOf "$B")" | jq -s .)" \
    '[.data[] | select(.id != $a and .id != $b) | select([.authors[].id] - $taken == [.authors[].id])][0].id' <<<"$articles")"
[ "$C" != null ] || fail "the sample newsroom has no third article without the first two's authors"
Y="$(authorsOf "$C" | head -1)"
SLUG_A="$(jq -r --arg id "$A" '.data[] | select(.id == $id) | .slug' <<<"$articles")"

status() { # url → "HIT|MISS <X-Varnish> <Age>"
    curl -fs -o /dev/null -D - "$1" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache"{c=$2} tolower($1)=="x-varnish"{v=$2} tolower($1)=="age"{a=$2} END{print c" ["v"] age="a}'
}
PAGES=("$CDN/articles/$A" "$CDN/articles/$SLUG_A" "$CDN/articles/$B" "$CDN/articles/$C" "$CDN/articles?limit=5" "$CDN/authors/$Y" "$CDN/authors")
warm() { for page in "${PAGES[@]}"; do curl -fs -o /dev/null "$page"; done; }
expect() { # page HIT|MISS why
    local got; got="$(status "$1")"
    [[ "$got" == "$2 "* ]] || fail "$1: expected $2 ($3), got $got"
    echo "  $2 $1 — $got"
}
deliver() { # body → HTTP status from the purger
    local id="msg_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" ts; ts="$(date +%s)"
    local signature
    signature="$(S="$SECRET" WEBHOOK_BODY="$1" "$PYTHON" -c 'import os,sys; sys.path.insert(0,"deploy/varnish"); import purger; print(purger.sign(os.environ["S"], sys.argv[1], sys.argv[2], os.environ["WEBHOOK_BODY"].encode()))' "$id" "$ts")"
    curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PURGER_PORT/" -H 'content-type: application/json' \
        -H "webhook-id: $id" -H "webhook-timestamp: $ts" -H "webhook-signature: ${2:-$signature}" --data-binary "$1"
}
event() { # type resource id slug [public: true|false] — the body the API's webhook sender sends
    jq -cn --arg type "$1" --arg resource "$2" --arg id "$3" --arg slug "$4" --argjson public "${5:-true}" \
        --argjson sequence "$(psql -d "$DB_NAME" -qtA -c 'SELECT coalesce(max(sequence), 0) FROM content_changes')" \
        '{type: $type, timestamp: (now | todate), data: ({resource: $resource, id: $id, slug: $slug, sequence: $sequence}
            + (if $resource == "article" then {wasPublic: $public, isPublic: $public} else {} end))}'
}
edit() { # resource id jq-filter: GET with the key, change, PUT with If-Match
    local url="$API/$1/$2" headers body
    headers="$(mktemp)"
    body="$(curl -fs -D "$headers" -H "Authorization: Bearer $ADMIN_KEY" "$url")"
    local etag; etag="$(tr -d '\r' <"$headers" | awk -F': ' 'tolower($1)=="etag"{print $2}')"
    jq -c "$3" <<<"$body" | curl -fs -o /dev/null -X PUT "$url" -H "Authorization: Bearer $ADMIN_KEY" -H "If-Match: $etag" \
        -H 'content-type: application/json' --data-binary @- || fail "PUT $url failed"
    rm -f "$headers"
}

echo "warming ${#PAGES[@]} pages through Varnish"
warm
for page in "${PAGES[@]}"; do expect "$page" HIT "warmed"; done

echo "1. article $A edited; a forged event is refused, the signed one purges it"
edit articles "$A" '.title = "Edited behind the cache"'
expect "$CDN/articles/$A" HIT "the write alone does not reach Varnish"
[ "$(deliver "$(event article.updated article "$A" "$SLUG_A")" "v1,Zm9yZ2Vk")" = 401 ] || fail "a forged signature was accepted"
expect "$CDN/articles/$A" HIT "a forged event purges nothing"
[ "$(deliver "$(event article.updated article "$A" "$SLUG_A" false)")" = 204 ] || fail "a draft's event was not accepted"
expect "$CDN/articles/$A" HIT "an event for an article that was and is not public purges nothing"
[ "$(deliver "$(event article.updated article "$A" "$SLUG_A")")" = 204 ] || fail "the signed event was not accepted"
expect "$CDN/articles/$A" MISS "article-$A purged"
expect "$CDN/articles/$SLUG_A" MISS "the same article by slug carries article-$A"
expect "$CDN/articles?limit=5" MISS "lists carry 'articles'"
expect "$CDN/authors" MISS "author lists show article counts (article-counts)"
expect "$CDN/articles/$B" HIT "another article is untouched"
expect "$CDN/articles/$C" HIT "another article is untouched"
[ "$(curl -fs "$CDN/articles/$A" | jq -r .title)" = "Edited behind the cache" ] || fail "Varnish did not fetch the edited article"

echo "2. author $Y (of article $C only) renamed"
warm
edit authors "$Y" '{name: "Renamed Behind The Cache", slug, bio, email, avatarUrl, websiteUrl, location, links} | with_entries(select(.value != null))'
[ "$(deliver "$(event author.updated author "$Y" x)")" = 204 ] || fail "the author event was not accepted"
expect "$CDN/authors/$Y" MISS "author-$Y purged"
expect "$CDN/articles/$C" MISS "article $C shows author $Y"
expect "$CDN/authors" MISS "'authors' purged"
expect "$CDN/articles/$A" HIT "article $A does not show author $Y"
expect "$CDN/articles/$B" HIT "article $B does not show author $Y"

size="$(curl -fs -o /dev/null -D - "$API/articles?limit=100" | tr -d '\r' | awk -F': ' 'tolower($1)=="surrogate-key"{print length($2)}')"
echo "3. Surrogate-Key of /articles?limit=100 ($(curl -fs "$API/articles?limit=100" | jq '.data | length') summaries): $size characters"
grep -q "purged article-$A articles article-counts" "$WORK/purger.log" && grep -q "purged nothing" "$WORK/purger.log" || fail "the purger did not log its purge"
echo "varnish-purge-test: passed"
