#!/usr/bin/env bash
# A streaming standby (hot, read-only) of a PostgreSQL primary, from Debian's packages as scripts/db.sh
# runs the primary: its own data folder, its own port on 127.0.0.1, no system service touched. The API
# reads public content from it when ConnectionStrings__ArticlesReadOnly names it (docs/decisions, "read replica").
#
#   scripts/standby.sh create    pg_basebackup -R of the primary into the data folder (once; a replication
#                                slot on the primary keeps the WAL the standby has not received yet)
#   scripts/standby.sh start     create if needed, then start streaming
#   scripts/standby.sh stop      stop the standby (the primary keeps its WAL in the slot meanwhile)
#   scripts/standby.sh status    whether it runs, and how far it has received and replayed
#   scripts/standby.sh destroy   stop, drop the slot on the primary, delete the data folder
#   scripts/standby.sh url       the connection string for ConnectionStrings__ArticlesReadOnly
#
# Settings: STANDBY_PORT (55433), STANDBY_PGDATA (<repo>/.pgdata-standby), PRIMARY_HOST (127.0.0.1),
# PRIMARY_PORT (ARTICLES_DB_PORT or 55432), PRIMARY_PASSWORD (the primary's superuser password; default: read
# from PRIMARY_PGDATA/superuser-password, PRIMARY_PGDATA defaulting to ARTICLES_PGDATA or <repo>/.pgdata,
# where scripts/db.sh keeps it). The primary needs wal_level=replica (PostgreSQL's default) and a free WAL sender.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${STANDBY_PORT:-55433}"
DATA="${STANDBY_PGDATA:-$ROOT/.pgdata-standby}"
PRIMARY_HOST="${PRIMARY_HOST:-127.0.0.1}"
PRIMARY_PORT="${PRIMARY_PORT:-${ARTICLES_DB_PORT:-55432}}"
PRIMARY_PGDATA_GIVEN="${PRIMARY_PGDATA:-${ARTICLES_PGDATA:-}}"
PRIMARY_PGDATA="${PRIMARY_PGDATA_GIVEN:-$ROOT/.pgdata}"
SLOT="standby_$PORT"

log() { echo "standby.sh: $*" >&2; }

find_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/pg_basebackup" ] && { echo "$dir"; return; }
    done
    return 1
}

if ! BIN="$(find_bindir)"; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "PostgreSQL is not installed; installing Debian's postgresql package"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        BIN="$(find_bindir)"
    else
        log "PostgreSQL's server binaries were not found: sudo apt-get install postgresql"; exit 1
    fi
fi

# PostgreSQL refuses to run as root: as root, run it as the "postgres" system user (as scripts/db.sh does).
as_owner() {
    if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# As root, a primary that scripts/db.sh placed under /var/lib/articlesapi (a checkout postgres cannot enter)
# keeps its password there, and the standby goes beside it.
if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$ROOT"; then
    hashed="/var/lib/articlesapi/$(echo -n "$ROOT" | sha256sum | cut -c1-12)"
    [ -z "$PRIMARY_PGDATA_GIVEN" ] && [ -f "$hashed/pgdata/superuser-password" ] \
        && PRIMARY_PGDATA="$hashed/pgdata"
    [ -z "${STANDBY_PGDATA:-}" ] && DATA="$hashed/standby-$PORT"
fi

primary_password() {
    if [ -n "${PRIMARY_PASSWORD:-}" ]; then echo "$PRIMARY_PASSWORD"; return; fi
    [ -r "$PRIMARY_PGDATA/superuser-password" ] && { cat "$PRIMARY_PGDATA/superuser-password"; return; }
    log "no superuser password for the primary: set PRIMARY_PASSWORD or PRIMARY_PGDATA"; exit 1
}

psql_at() { # port, sql
    PGPASSWORD="$(primary_password)" "$BIN/psql" -h 127.0.0.1 -p "$1" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA -c "$2"
}

running() { [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

create() {
    if [ -f "$DATA/PG_VERSION" ]; then return; fi
    mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
    chmod 700 "$DATA"
    log "copying the primary on $PRIMARY_HOST:$PRIMARY_PORT into $DATA (slot $SLOT)"
    local password
    password="$(primary_password)"
    # A slot left by an earlier standby on this port is dropped first: -C would fail on it.
    psql_at "$PRIMARY_PORT" "SELECT pg_drop_replication_slot('$SLOT') FROM pg_replication_slots WHERE slot_name = '$SLOT' AND NOT active" >/dev/null
    # -R writes standby.signal and primary_conninfo (with the password it connected with); -X stream: no WAL gap.
    if ! as_owner env PGPASSWORD="$password" "$BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres \
        -D "$DATA" -R -X stream -C -S "$SLOT" --checkpoint=fast >&2; then
        rm -rf "$DATA"; log "pg_basebackup failed"; exit 1
    fi
    # The primary's log and settings file came with the copy; the standby keeps its own.
    rm -f "$DATA/server.log" "$DATA/postmaster.opts"
}

start() {
    create
    if running; then return; fi
    # hot_standby_feedback: a long read on the standby is not cancelled by the primary's vacuum.
    # A hot standby refuses to start with fewer connections than its primary allows (db.sh raises them; a command-line
    # setting is not in the copied postgresql.conf), so it takes the primary's number when the primary answers.
    local connections
    connections="$(psql_at "$PRIMARY_PORT" "SHOW max_connections" 2>/dev/null || true)"
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
        -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c hot_standby=on -c hot_standby_feedback=on${connections:+ -c max_connections=$connections}" \
        start >/dev/null \
        || { tail -n 5 "$DATA/server.log" >&2; log "could not start the standby (is port $PORT taken? set STANDBY_PORT)"; exit 1; }
    log "standby of $PRIMARY_HOST:$PRIMARY_PORT listening on 127.0.0.1:$PORT"
}

stop() {
    if running; then as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; log "stopped"; fi
}

destroy() {
    stop
    psql_at "$PRIMARY_PORT" "SELECT pg_drop_replication_slot('$SLOT') FROM pg_replication_slots WHERE slot_name = '$SLOT' AND NOT active" \
        >/dev/null 2>&1 || log "slot $SLOT not dropped (primary unreachable?)"
    rm -rf "$DATA"
    log "destroyed"
}

status() {
    if ! running; then echo "stopped"; exit 3; fi
    local state
    state="$(psql_at "$PORT" "SELECT CASE WHEN pg_is_in_recovery() THEN 'streaming' ELSE 'promoted (no longer a standby)' END
        || ', received ' || coalesce(pg_last_wal_receive_lsn()::text, '-') || ', replayed ' || coalesce(pg_last_wal_replay_lsn()::text, '-')
        || CASE WHEN pg_is_in_recovery() AND pg_is_wal_replay_paused() THEN ' (replay paused)' ELSE '' END")"
    echo "running on 127.0.0.1:$PORT ($DATA), $state"
}

case "${1:-start}" in
    create) create ;;
    start) start ;;
    stop) stop ;;
    status) status ;;
    destroy) destroy ;;
    url) echo "Host=127.0.0.1;Port=$PORT;Database=articles;Username=articles;Password=articles" ;;
    *) echo "usage: scripts/standby.sh create|start|stop|status|destroy|url" >&2; exit 2 ;;
esac
