#!/usr/bin/env bash
# The CDN purge flow end to end (deploy/varnish): Varnish with xkey in front of the API, the purger subscribed
# to the API's webhooks (POST /api/v1/webhooks, its whsec_ secret given to the purger). Warms pages through
# Varnish, makes real writes, waits (deadline 30 s, polling) until the API's delivery worker has delivered their
# change events (the webhook's delivery log says `succeeded`), and checks that the pages each write changed are
# purged and the others are still hits (X-Cache, X-Varnish, Age); hand-made events with a forged signature are
# refused. Installs varnish and varnish-modules when root
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
BUILT=$SECONDS
ADMIN_KEY="ak_varnish_$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
ConnectionStrings__Articles="$CONNECTION" Database__MigrateOnStartup=true Database__SeedSampleContent=true \
    Auth__BootstrapAdminKey="$ADMIN_KEY" RateLimiting__Enabled=false ASPNETCORE_ENVIRONMENT=Production \
    Media__PublicBaseUrl="http://127.0.0.1:$API_PORT/media" \
    Webhooks__AllowPrivateNetworks=true Logging__LogLevel__Default=Warning \
    dotnet "src/ArticlesApi/bin/$CONFIGURATION/net10.0/ArticlesApi.dll" --urls "http://127.0.0.1:$API_PORT" >"$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:$API_PORT/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$API_PORT/health/ready" >/dev/null || { tail -20 "$WORK/api.log" >&2; fail "the API did not start"; }

sed "s/\.port = \"5080\"/.port = \"$API_PORT\"/" deploy/varnish/default.vcl >"$WORK/default.vcl"
"$VARNISHD" -n "$WORK/varnish" -a "127.0.0.1:$CACHE_PORT" -f "$WORK/default.vcl" -s malloc,64m -P "$WORK/varnishd.pid" \
    -p vcc_allow_inline_c=off >"$WORK/varnishd.log" 2>&1 || { cat "$WORK/varnishd.log" >&2; fail "varnishd did not start"; }

API="http://127.0.0.1:$API_PORT/api/v1"
CDN="http://127.0.0.1:$CACHE_PORT/api/v1"
AUTH=(-H "Authorization: Bearer $ADMIN_KEY")

# The purger subscribes to every content event as an operator would (README "CDN and purging"): the API's
# delivery worker sends it the events of real writes. Webhooks:AllowPrivateNetworks lets the API call 127.0.0.1.
EVENTS='["article.created","article.updated","article.published","article.unpublished","article.deleted","article.restored",
  "author.created","author.updated","author.deleted","tag.created","tag.updated","tag.deleted",
  "source.created","source.updated","source.deleted"]'
hook="$(jq -cn --arg url "http://127.0.0.1:$PURGER_PORT/" --argjson events "$EVENTS" '{url: $url, events: $events, description: "Varnish purger"}' \
    | curl -fs -X POST "$API/webhooks" "${AUTH[@]}" -H 'content-type: application/json' --data-binary @-)" || fail "POST /webhooks was refused"
HOOK="$(jq -r .id <<<"$hook")"
SECRET="$(jq -r .secret <<<"$hook")"
[[ "$SECRET" == whsec_* ]] || fail "POST /webhooks gave no whsec_ secret: $hook"
PURGER_WEBHOOK_SECRET="$SECRET" PURGER_VARNISH_URL="http://127.0.0.1:$CACHE_PORT/" PURGER_LISTEN="127.0.0.1:$PURGER_PORT" \
    "$PYTHON" deploy/varnish/purger.py 2>"$WORK/purger.log" &
PURGER_PID=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PURGER_PORT") 2>/dev/null && break; sleep 0.1; done

# The change feed's end: after a write, the changes past it are the ones whose deliveries must arrive.
CURSOR=""
while :; do
    page="$(curl -fs "${AUTH[@]}" "$API/changes?limit=100${CURSOR:+&cursor=$CURSOR}")" || fail "GET /changes failed"
    CURSOR="$(jq -r .meta.nextCursor <<<"$page")"
    [ "$(jq -r .meta.hasMore <<<"$page")" = true ] || break
done

# Three published articles with no author in common, an author of the third, the front page; a draft.
articles="$(curl -fs "$API/articles?limit=50")"
A="$(jq -r '.data[0].id' <<<"$articles")"
B="$(jq -r --arg a "$A" '[.data[] | select(.id != $a)][0].id' <<<"$articles")"
authorsOf() { jq -r --arg id "$1" '.data[] | select(.id == $id) | .authors[].id' <<<"$articles"; }
C="$(jq -r --arg a "$A" --arg b "$B" --argjson taken "$(jq -R . <<<"$(authorsOf "$A"; authorsOf "$B")" | jq -s .)" \
    '[.data[] | select(.id != $a and .id != $b) | select([.authors[].id] - $taken == [.authors[].id])][0].id' <<<"$articles")"
[ "$C" != null ] || fail "the sample newsroom has no third article without the first two's authors"
Y="$(authorsOf "$C" | head -1)"
SLUG_A="$(jq -r --arg id "$A" '.data[] | select(.id == $id) | .slug' <<<"$articles")"
D="$(curl -fs "${AUTH[@]}" "$API/articles?status=draft&limit=1" | jq -r '.data[0].id')"
[ "$D" != null ] || fail "the sample newsroom has no draft"

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
edit() { # resource id jq-filter: GET with the key, change, PUT with If-Match
    local url="$API/$1/$2" headers body
    headers="$(mktemp)"
    body="$(curl -fs -D "$headers" "${AUTH[@]}" "$url")"
    local etag; etag="$(tr -d '\r' <"$headers" | awk -F': ' 'tolower($1)=="etag"{print $2}')"
    jq -c "$3" <<<"$body" | curl -fs -o /dev/null -X PUT "$url" "${AUTH[@]}" -H "If-Match: $etag" \
        -H 'content-type: application/json' --data-binary @- || fail "PUT $url failed"
    rm -f "$headers"
}
MESSAGES=""
delivered() { # resource id: waits until every change since the last call (one of them on resource id) has been
              # delivered to the purger (its delivery `succeeded`: the purger answered 2xx after Varnish purged);
              # MESSAGES = the webhook-ids of the resource's changes
    local page changes deliveries sequences seq deadline=$((SECONDS + 30))
    while :; do  # the feed's new changes: the write's own is there once it answered
        page="$(curl -fs "${AUTH[@]}" "$API/changes?limit=100&cursor=$CURSOR")" || fail "GET /changes failed"
        changes="$(jq -c --arg r "$1" --arg id "$2" '[.data[] | select(.resource == $r and .id == $id)]' <<<"$page")"
        [ "$changes" != "[]" ] && break
        [ "$SECONDS" -lt "$deadline" ] || fail "no change of $1 $2 in the change feed"
        sleep 0.1
    done
    CURSOR="$(jq -r .meta.nextCursor <<<"$page")"
    sequences="$(jq -c '[.data[].sequence]' <<<"$page")"
    while :; do
        deliveries="$(curl -fs "${AUTH[@]}" "$API/webhooks/$HOOK/deliveries?limit=100")" || fail "GET /webhooks/$HOOK/deliveries failed"
        [ "$(jq --argjson s "$sequences" '[.data[] | select(.sequence as $q | $s | index($q)) | select(.status == "succeeded")] | length' <<<"$deliveries")" \
            = "$(jq length <<<"$sequences")" ] && break
        [ "$SECONDS" -lt "$deadline" ] || fail "changes $sequences not delivered within 30 s: $(jq -c --argjson s "$sequences" \
            '[.data[] | select(.sequence as $q | $s | index($q)) | {sequence, status, attempts, lastStatusCode, lastResponse}]' <<<"$deliveries")"
        sleep 0.1
    done
    MESSAGES="$(jq -r '.[] | "msg_\(.sequence)"' <<<"$changes")"
}
purged() { # keys: the purger's log shows that purge (or "nothing") for every message in MESSAGES
    local msg line
    for msg in $MESSAGES; do
        line="$(grep -E " for $msg\$" "$WORK/purger.log")" || fail "the purger logged nothing for $msg"
        [ "$line" = "purged $1 for $msg" ] || fail "expected 'purged $1 for $msg', the purger logged '$line'"
        echo "  purger: $line"
    done
}
forge() { # body signature → HTTP status from the purger (a hand-made request, not the API's)
    local ts; ts="$(date +%s)"
    curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PURGER_PORT/" -H 'content-type: application/json' \
        -H "webhook-id: msg_forged_$ts" -H "webhook-timestamp: $ts" -H "webhook-signature: $2" --data-binary "$1"
}

echo "warming ${#PAGES[@]} pages through Varnish"
warm
for page in "${PAGES[@]}"; do expect "$page" HIT "warmed"; done

echo "1. a forged event for article $A is refused and purges nothing"
body="$(jq -cn --arg id "$A" '{type: "article.updated", timestamp: (now | todate), data: {resource: "article", id: $id, slug: "x", sequence: 1, wasPublic: true, isPublic: true}}')"
[ "$(forge "$body" "v1,Zm9yZ2Vk")" = 401 ] || fail "a forged signature was accepted"
wrong="$(S="whsec_$(head -c 24 /dev/urandom | base64)" B="$body" "$PYTHON" -c 'import os,sys,time; sys.path.insert(0,"deploy/varnish"); import purger; print(purger.sign(os.environ["S"], "msg_forged_" + sys.argv[1], sys.argv[1], os.environ["B"].encode()))' "$(date +%s)")"
[ "$(forge "$body" "$wrong")" = 401 ] || fail "a signature with another secret was accepted"
expect "$CDN/articles/$A" HIT "a forged event purges nothing"

echo "2. draft $D edited: its event (wasPublic and isPublic false) is delivered and purges nothing"
edit articles "$D" '.title = "A draft edited behind the cache"'
delivered article "$D"
purged nothing
for page in "${PAGES[@]}"; do expect "$page" HIT "a draft is in no public page"; done

echo "3. article $A edited: the API's webhook purges it, its lists and the count pages, and only those"
edit articles "$A" '.title = "Edited behind the cache"'
delivered article "$A"
purged "article-$A articles article-counts"
expect "$CDN/articles/$A" MISS "article-$A purged"
expect "$CDN/articles/$SLUG_A" MISS "the same article by slug carries article-$A"
expect "$CDN/articles?limit=5" MISS "lists carry 'articles'"
expect "$CDN/authors" MISS "author lists show article counts (article-counts)"
expect "$CDN/articles/$B" HIT "another article is untouched"
expect "$CDN/articles/$C" HIT "another article is untouched"
[ "$(curl -fs "$CDN/articles/$A" | jq -r .title)" = "Edited behind the cache" ] || fail "Varnish did not fetch the edited article"

echo "4. author $Y (of article $C only) renamed"
warm
edit authors "$Y" '{name: "Renamed Behind The Cache", slug, bio, email, avatarUrl, websiteUrl, location, links} | with_entries(select(.value != null))'
delivered author "$Y"
purged "author-$Y authors"
expect "$CDN/authors/$Y" MISS "author-$Y purged"
expect "$CDN/articles/$C" MISS "article $C shows author $Y"
expect "$CDN/authors" MISS "'authors' purged"
expect "$CDN/articles/$A" HIT "article $A does not show author $Y"
expect "$CDN/articles/$B" HIT "article $B does not show author $Y"

echo "5. article $B unpublished (wasPublic true, isPublic false): gone from the cache"
warm
curl -fs -o /dev/null -X POST "$API/articles/$B/unpublish" "${AUTH[@]}" || fail "unpublishing $B failed"
delivered article "$B"
purged "article-$B articles article-counts"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$CDN/articles/$B")" = 404 ] || fail "Varnish still serves the unpublished article $B"
expect "$CDN/articles?limit=5" MISS "lists carry 'articles'"
expect "$CDN/articles/$A" HIT "another article is untouched"
expect "$CDN/articles/$C" HIT "another article is untouched"

size="$(curl -fs -o /dev/null -D - "$API/articles?limit=100" | tr -d '\r' | awk -F': ' 'tolower($1)=="surrogate-key"{print length($2)}')"
echo "6. Surrogate-Key of /articles?limit=100 ($(curl -fs "$API/articles?limit=100" | jq '.data | length') summaries): $size characters"
[ "$(curl -fs "${AUTH[@]}" "$API/webhooks/$HOOK/deliveries?limit=100" | jq '[.data[] | select(.status != "succeeded")] | length')" = 0 ] \
    || fail "a delivery to the purger did not succeed"
echo "varnish-purge-test: passed ($(grep -c '^purged' "$WORK/purger.log") webhooks delivered by the API and purged; $((SECONDS - BUILT)) s after the build)"
