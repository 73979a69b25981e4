#!/usr/bin/env bash
# A project-private PostgreSQL for development and tests: its own data folder (git-ignored), its own
# port on 127.0.0.1, no system service touched. Idempotent.
#
#   scripts/db.sh start    initialise on first use, start, create the "articles" role and database
#   scripts/db.sh stop     stop the server
#   scripts/db.sh reset    stop, delete every byte of data, start again
#   scripts/db.sh status   say whether it runs
#   scripts/db.sh url      print the connection string the API and the tests use
#
# When ConnectionStrings__Articles is set, you bring your own database and nothing is started.
# Settings: ARTICLES_DB_PORT (55432), ARTICLES_PGDATA (<repo>/.pgdata), ARTICLES_DB_MAX_CONNECTIONS (300).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${ARTICLES_DB_PORT:-55432}"
DATA="${ARTICLES_PGDATA:-$ROOT/.pgdata}"
APP_USER=articles
APP_PASSWORD=articles
APP_DB=articles
# The test suite runs many API hosts at once, each with its pool and background workers, against this one server: the
# default 100 ran out once on a fresh 2-core machine ("remaining connection slots are reserved", 53300).
MAX_CONNECTIONS="${ARTICLES_DB_MAX_CONNECTIONS:-300}"
CONNECTION_STRING="Host=127.0.0.1;Port=$PORT;Database=$APP_DB;Username=$APP_USER;Password=$APP_PASSWORD"

log() { echo "db.sh: $*" >&2; }

find_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir; return
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
    return 1
}

ensure_binaries() {
    if BIN="$(find_bindir)"; then return; fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "PostgreSQL is not installed; installing Debian's postgresql package"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql >&2
        BIN="$(find_bindir)"
        return
    fi
    cat >&2 <<MSG
db.sh: PostgreSQL's server binaries (initdb, pg_ctl) were not found.
  On Debian/Ubuntu:  sudo apt-get install postgresql   (then run this again)
  With Docker:       docker compose up -d db
                     export ConnectionStrings__Articles="Host=127.0.0.1;Port=5432;Database=articles;Username=articles;Password=articles"
  Any other server:  set ConnectionStrings__Articles to a database you own.
MSG
    exit 1
}

# initdb and postgres refuse to run as root: as root, run them as the "postgres" system user.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# As root the server runs as "postgres", which cannot enter a checkout under a private folder such as
# /root: then the data goes to a folder of its own under /var/lib/articlesapi, one per checkout.
if [ "$(id -u)" = 0 ] && [ -z "${ARTICLES_PGDATA:-}" ] && id postgres >/dev/null 2>&1 \
    && ! runuser -u postgres -- test -x "$ROOT"; then
    DATA="/var/lib/articlesapi/$(echo -n "$ROOT" | sha256sum | cut -c1-12)/pgdata"
fi

prepare_data_dir() {
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
        if ! runuser -u postgres -- test -x "$(dirname "$DATA")" 2>/dev/null && [ -z "${ARTICLES_PGDATA:-}" ]; then
            DATA="/var/lib/articlesapi/$(echo -n "$ROOT" | sha256sum | cut -c1-12)/pgdata"
        fi
        mkdir -p "$DATA"
        chown postgres:postgres "$DATA"
        chmod 700 "$DATA"
        if ! runuser -u postgres -- test -w "$DATA"; then
            log "the postgres user cannot reach $DATA (a parent folder is private); set ARTICLES_PGDATA to another folder"
            exit 1
        fi
    else
        mkdir -p "$DATA"
        chmod 700 "$DATA"
    fi
}

psql_super() { psql_super_on postgres "$@"; }

psql_super_on() {
    local database="$1"; shift
    PGPASSWORD="$(cat "$DATA/superuser-password")" "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d "$database" \
        -v ON_ERROR_STOP=1 -qtA "$@"
}

# Search's RUM index (ADR 0034, searchrum) needs the rum extension, which only a superuser creates: Debian's package
# (the candidate, or the pinned build when the candidate would pull a newer postgresql-15 under the running server, which
# then cannot load plpgsql), then the extension in
# template1, so every database created afterwards (the tests') has it, and in the app's database. Without it the API
# searches as before; migrations never create it.
RUM_PACKAGE_VERSION=1.3.13-1+b1
ensure_rum() {
    local major sharedir
    major="$("$BIN/postgres" --version | sed -E 's/.* ([0-9]+)[.].*/\1/')"
    sharedir="$("$BIN/pg_config" --sharedir 2>/dev/null || echo "/usr/share/postgresql/$major")"
    if [ ! -f "$sharedir/extension/rum.control" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing postgresql-$major-rum (search's RUM index)"
        export DEBIAN_FRONTEND=noninteractive
        rum_package() { # the candidate, unless it would upgrade the running server's package: then the pinned build
            if apt-get install -s -qq "postgresql-$major-rum" 2>/dev/null | grep -q "^Inst postgresql-$major "; then
                echo "postgresql-$major-rum=$RUM_PACKAGE_VERSION"
            else
                echo "postgresql-$major-rum"
            fi
        }
        apt-get install -y -qq "$(rum_package)" >&2 \
            || { apt-get update -qq >&2 && apt-get install -y -qq "$(rum_package)" >&2; } \
            || log "could not install postgresql-$major-rum: searches keep the GIN path"
    fi
    [ -f "$sharedir/extension/rum.control" ] || return 0
    psql_super_on template1 -c "CREATE EXTENSION IF NOT EXISTS rum"
    psql_super_on "$APP_DB" -c "CREATE EXTENSION IF NOT EXISTS rum"
}

running() { [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

start() {
    if [ -n "${ConnectionStrings__Articles:-}" ]; then
        log "ConnectionStrings__Articles is set: using that database, starting nothing"
        return
    fi
    ensure_binaries
    prepare_data_dir
    if [ ! -f "$DATA/PG_VERSION" ]; then
        log "initialising a private cluster in $DATA"
        local pwfile
        pwfile="$(mktemp)"
        head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$pwfile"
        chmod 644 "$pwfile"
        as_owner "$BIN/initdb" -D "$DATA" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        cp "$pwfile" "$DATA/superuser-password"
        rm -f "$pwfile"
        chmod 600 "$DATA/superuser-password"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA/superuser-password"
    fi
    if ! running; then
        as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
            -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=$MAX_CONNECTIONS" start >/dev/null \
            || { tail -n 5 "$DATA/server.log" >&2; log "could not start PostgreSQL (is port $PORT taken? set ARTICLES_DB_PORT)"; exit 1; }
        log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$PORT"
    fi
    if [ "$(psql_super -c "SELECT 1 FROM pg_roles WHERE rolname = '$APP_USER'")" != 1 ]; then
        psql_super -c "CREATE ROLE $APP_USER LOGIN CREATEDB PASSWORD '$APP_PASSWORD'"
    fi
    if [ "$(psql_super -c "SELECT 1 FROM pg_database WHERE datname = '$APP_DB'")" != 1 ]; then
        psql_super -c "CREATE DATABASE $APP_DB OWNER $APP_USER"
    fi
    ensure_rum
}

stop() {
    [ -n "${ConnectionStrings__Articles:-}" ] && { log "ConnectionStrings__Articles is set: nothing to stop"; return; }
    BIN="$(find_bindir)" || return 0
    if running; then as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; log "stopped"; fi
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    reset) stop; rm -rf "$DATA"; start ;;
    status) BIN="$(find_bindir)" || { echo "not installed"; exit 3; }
            if running; then echo "running on 127.0.0.1:$PORT ($DATA)"; else echo "stopped"; exit 3; fi ;;
    url) echo "${ConnectionStrings__Articles:-$CONNECTION_STRING}" ;;
    *) echo "usage: scripts/db.sh start|stop|reset|status|url" >&2; exit 2 ;;
esac
