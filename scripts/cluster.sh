#!/usr/bin/env bash
# Several API instances on one machine, from Debian's packages (no Docker): a PostgreSQL primary and a streaming
# standby, Redis, two API instances (the published Release build) and HAProxy in front on one port. For trying
# "many instances" out, for the cluster tests (scripts/cluster-test.sh) and the cluster bench (bench/studies/cluster).
#
#   scripts/cluster.sh up            install what is missing, build, start every part (idempotent), print the URL
#   scripts/cluster.sh down          stop every part (data kept under CLUSTER_DIR)
#   scripts/cluster.sh status        each part: running or not, the standby's lag, HAProxy's view of the instances
#   scripts/cluster.sh purge         down, then delete CLUSTER_DIR
#   scripts/cluster.sh stop  PART    stop one part: primary standby redis api1 api2 haproxy (api1/api2: SIGTERM, drained)
#   scripts/cluster.sh kill  PART    SIGKILL one API instance (api1 or api2), or redis/standby -m immediate
#   scripts/cluster.sh start PART    start one stopped part again
#   scripts/cluster.sh env           print the settings every instance gets (for a third instance by hand)
#
# Settings (environment), with their defaults:
#   CLUSTER_DIR        <repo>/.cluster (as root, when the postgres user cannot enter the repo: /var/lib/articlesapi/<hash>/cluster)
#   CLUSTER_HTTP_PORT  5180   HAProxy: the one port clients use (http://127.0.0.1:5180)
#   CLUSTER_API_PORTS  "5181 5182"   the two instances (loopback only; HAProxy reaches them)
#   CLUSTER_PG_PORT    55441  primary        CLUSTER_STANDBY_PORT 55442  standby (hot standby, streaming)
#   CLUSTER_REDIS_PORT 6381
#   CLUSTER_DRAIN_SECONDS 3   Shutdown:DrainSeconds of each instance (above HAProxy's fall 2 × inter 1 s)
#   CLUSTER_MAX_LAG_SECONDS 5 Database:MaxReplicaLagSeconds
#   CLUSTER_APP_DIR    (unset: `dotnet publish -c Release` into CLUSTER_DIR/app) a build output to run instead, e.g.
#                      src/ArticlesApi/bin/Debug/net10.0 after `dotnet build` (the cluster test uses that)
#   CLUSTER_NO_BUILD=1 start the API already published into CLUSTER_DIR/app (a faster `up` after `down`)
#   CLUSTER_RATE_LIMITING true   RateLimiting:Enabled of the instances (the bench turns it off)
#   CLUSTER_DATABASE   articles   the database the instances use (the bench: a bench/run.sh --prepare-only database)
#   CLUSTER_SEED       true   Database:SeedSampleContent on the first start (the sample newsroom)
# Extra API settings: any ArticlesApi setting exported as an environment variable (e.g. Caching__ResponseSeconds=10)
# reaches every instance. The admin key made on the first start is in CLUSTER_DIR/admin-key.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

HTTP_PORT="${CLUSTER_HTTP_PORT:-5180}"
read -r -a API_PORTS <<< "${CLUSTER_API_PORTS:-5181 5182}"
[ "${#API_PORTS[@]}" = 2 ] || { echo "cluster.sh: CLUSTER_API_PORTS names two ports (deploy/cluster/haproxy.cfg has two servers)" >&2; exit 2; }
PG_PORT="${CLUSTER_PG_PORT:-55441}"
STANDBY_PORT="${CLUSTER_STANDBY_PORT:-55442}"
REDIS_PORT="${CLUSTER_REDIS_PORT:-6381}"
DRAIN_SECONDS="${CLUSTER_DRAIN_SECONDS:-3}"
MAX_LAG_SECONDS="${CLUSTER_MAX_LAG_SECONDS:-5}"
DIR="${CLUSTER_DIR:-$ROOT/.cluster}"
if [ "$(id -u)" = 0 ] && [ -z "${CLUSTER_DIR:-}" ] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$ROOT"; then
    DIR="/var/lib/articlesapi/$(echo -n "$ROOT" | sha256sum | cut -c1-12)/cluster"
fi
PRIMARY="$DIR/pg/primary"
STANDBY="$DIR/pg/standby"
RUN="$DIR/run"
LOGS="$DIR/logs"
APP_USER=articles APP_PASSWORD=articles APP_DB="${CLUSTER_DATABASE:-articles}"
PRIMARY_URL="Host=127.0.0.1;Port=$PG_PORT;Database=$APP_DB;Username=$APP_USER;Password=$APP_PASSWORD"
STANDBY_URL="Host=127.0.0.1;Port=$STANDBY_PORT;Database=$APP_DB;Username=$APP_USER;Password=$APP_PASSWORD"

log() { echo "cluster.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# --- installation -------------------------------------------------------------------------------------------------
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | while read -r d; do [ -x "$d/initdb" ] && { echo "$d"; break; }; done; }

ensure_packages() {
    local missing=""
    [ -n "$(pg_bindir)" ] || missing="$missing postgresql"
    command -v redis-server >/dev/null || missing="$missing redis-server"
    command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing="$missing haproxy"
    command -v curl >/dev/null || missing="$missing curl"
    [ -z "$missing" ] && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing Debian's$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq $missing >/dev/null 2>&1 || { apt-get update -qq >&2 && apt-get install -y -qq $missing >&2; }
        # Debian starts the packages' own services on install: this cluster runs its own processes, so stop them.
        for service in redis-server haproxy; do
            [[ "$missing" == *"$service"* ]] && { service "$service" stop >/dev/null 2>&1 || true; }
        done
        return
    fi
    die "missing:$missing — on Debian/Ubuntu: sudo apt-get install$missing"
}

# initdb and postgres refuse to run as root: as root they run as the postgres system user.
as_owner() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
need_port() { port_free "$1" || die "port $1 ($2) is taken: set $3 to a free port"; }

# --- PostgreSQL ---------------------------------------------------------------------------------------------------
pg_options() { echo "-p $1 -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c shared_preload_libraries=pg_stat_statements -c wal_keep_size=256MB"; }
pg_running() { [ -f "$1/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }
psql_super() { PGPASSWORD="$(cat "$DIR/superuser-password")" "$BIN/psql" -h 127.0.0.1 -p "$1" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "${@:2}"; }

start_pg() { # data-dir port name
    pg_running "$1" && return
    need_port "$2" "$3" "$( [ "$3" = primary ] && echo CLUSTER_PG_PORT || echo CLUSTER_STANDBY_PORT )"
    as_owner "$BIN/pg_ctl" -D "$1" -l "$LOGS/$3.log" -w -t 60 -o "$(pg_options "$2")" start >/dev/null \
        || { tail -n 5 "$LOGS/$3.log" >&2; die "could not start the $3"; }
}

up_primary() {
    if [ ! -f "$PRIMARY/PG_VERSION" ]; then
        log "initialising the primary in $PRIMARY"
        head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$DIR/superuser-password"
        chmod 644 "$DIR/superuser-password"
        as_owner mkdir -p "$PRIMARY"
        as_owner "$BIN/initdb" -D "$PRIMARY" -U postgres --pwfile="$DIR/superuser-password" --auth=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        chmod 600 "$DIR/superuser-password"
        # initdb's pg_hba.conf allows replication connections from loopback with a password (scripts/standby.sh's).
    fi
    start_pg "$PRIMARY" "$PG_PORT" primary
    if [ "$(psql_super "$PG_PORT" -c "SELECT 1 FROM pg_roles WHERE rolname = '$APP_USER'")" != 1 ]; then
        psql_super "$PG_PORT" -c "CREATE ROLE $APP_USER LOGIN CREATEDB PASSWORD '$APP_PASSWORD'"
    fi
    if [ "$(psql_super "$PG_PORT" -c "SELECT 1 FROM pg_database WHERE datname = '$APP_DB'")" != 1 ]; then
        psql_super "$PG_PORT" -c "CREATE DATABASE $APP_DB OWNER $APP_USER"
        # Statement counts on the primary (pg_stat_statements), for looking into a bench run.
        PGPASSWORD="$(cat "$DIR/superuser-password")" "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$APP_DB" -qtA \
            -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
    fi
}

# The standby is scripts/standby.sh's (pg_basebackup -R with a replication slot on the primary), on its own port.
standby_sh() {
    STANDBY_PORT="$STANDBY_PORT" STANDBY_PGDATA="$STANDBY" PRIMARY_PORT="$PG_PORT" \
        PRIMARY_PASSWORD="$(cat "$DIR/superuser-password")" scripts/standby.sh "$@" 2>>"$LOGS/standby-script.log"
}
up_standby() {
    pg_running "$STANDBY" && return
    need_port "$STANDBY_PORT" standby CLUSTER_STANDBY_PORT
    standby_sh start || { tail -n 5 "$LOGS/standby-script.log" >&2; die "could not start the standby"; }
}

# --- Redis --------------------------------------------------------------------------------------------------------
redis_running() { [ -f "$RUN/redis.pid" ] && kill -0 "$(cat "$RUN/redis.pid")" 2>/dev/null; }
up_redis() {
    redis_running && return
    need_port "$REDIS_PORT" redis CLUSTER_REDIS_PORT
    mkdir -p "$DIR/redis"
    cat > "$DIR/redis/redis.conf" <<CONF
bind 127.0.0.1
port $REDIS_PORT
daemonize yes
pidfile $RUN/redis.pid
logfile $LOGS/redis.log
dir $DIR/redis
# Counters and invalidation messages only: nothing to keep over a restart.
save ""
appendonly no
maxmemory 128mb
maxmemory-policy volatile-ttl
CONF
    redis-server "$DIR/redis/redis.conf" || die "could not start Redis (see $LOGS/redis.log)"
    for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.1; done
    die "Redis did not answer on port $REDIS_PORT"
}

# --- API instances ------------------------------------------------------------------------------------------------
app_dir() { echo "${CLUSTER_APP_DIR:-$DIR/app}"; }
build_app() {
    if [ -n "${CLUSTER_APP_DIR:-}" ]; then
        [ -f "$CLUSTER_APP_DIR/ArticlesApi.dll" ] || die "CLUSTER_APP_DIR=$CLUSTER_APP_DIR has no ArticlesApi.dll"
        return
    fi
    log "publishing the API (Release) into $DIR/app"
    # As the Dockerfile: publish the API, and put the migrations assembly next to it (the API applies it at start-up).
    { dotnet publish src/ArticlesApi/ArticlesApi.csproj -c Release -o "$DIR/app" -nologo -v quiet \
        && dotnet build migrations/ArticlesApi.Migrations.csproj -c Release -nologo -v quiet -o "$DIR/migrations-build"; } \
        >"$LOGS/build.log" 2>&1 || { tail -n 30 "$LOGS/build.log" >&2; die "the build failed (log: $LOGS/build.log)"; }
    cp "$DIR/migrations-build/ArticlesApi.Migrations.dll" "$DIR/app/"
}

# The settings every instance gets (the API reads them from the environment).
instance_env() {
    cat <<ENV
ConnectionStrings__Articles=$PRIMARY_URL
ConnectionStrings__ArticlesReadOnly=$STANDBY_URL
Database__MaxReplicaLagSeconds=$MAX_LAG_SECONDS
Redis__Configuration=127.0.0.1:$REDIS_PORT
Shutdown__DrainSeconds=$DRAIN_SECONDS
ForwardedHeaders__KnownProxies__0=127.0.0.1
Api__PublicUrl=http://127.0.0.1:$HTTP_PORT
Media__Path=$DIR/media
Auth__BootstrapAdminKey=$(cat "$DIR/admin-key")
RateLimiting__Enabled=${CLUSTER_RATE_LIMITING:-true}
ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
MALLOC_ARENA_MAX=2
ENV
}

api_pid() { cat "$RUN/api$1.pid" 2>/dev/null; }
api_running() { local pid; pid="$(api_pid "$1")" && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
api_port() { echo "${API_PORTS[$(($1 - 1))]}"; }

start_api() { # number, first (1: migrate and seed)
    local n="$1" port; port="$(api_port "$n")"
    api_running "$n" && return
    need_port "$port" "api$n" CLUSTER_API_PORTS
    local -a settings
    mapfile -t settings < <(instance_env)
    (
        cd "$(app_dir)"
        exec env "${settings[@]}" Database__MigrateOnStartup="$2" Database__SeedSampleContent="$( [ "$2" = true ] && echo "${CLUSTER_SEED:-true}" || echo false)" \
            setsid dotnet ArticlesApi.dll --urls "http://127.0.0.1:$port" >>"$LOGS/api$n.log" 2>&1 < /dev/null
    ) &
    echo $! > "$RUN/api$n.pid"
}

wait_ready() { # url what seconds
    for _ in $(seq 1 "$3"); do
        curl -fs -o /dev/null "$1/health/ready" && return 0
        sleep 1
    done
    return 1
}

up_api() {
    local n="$1" first="$2"
    api_running "$n" || start_api "$n" "$first"
    wait_ready "http://127.0.0.1:$(api_port "$n")" "api$n" 120 \
        || { tail -n 20 "$LOGS/api$n.log" >&2; die "api$n did not become ready (log: $LOGS/api$n.log)"; }
}

stop_api() { # number signal
    api_running "$1" || { rm -f "$RUN/api$1.pid"; return 0; }
    local pid; pid="$(api_pid "$1")"
    kill "-$2" "$pid" 2>/dev/null || true
    # Drain plus the requests in flight: at most the host's shutdown timeout (30 s + drain).
    for _ in $(seq 1 $(( (DRAIN_SECONDS + 35) * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    rm -f "$RUN/api$1.pid"
}

# --- HAProxy ------------------------------------------------------------------------------------------------------
haproxy_bin() { command -v haproxy || echo /usr/sbin/haproxy; }
haproxy_running() { [ -f "$RUN/haproxy.pid" ] && kill -0 "$(head -1 "$RUN/haproxy.pid")" 2>/dev/null; }
# deploy/cluster/haproxy.cfg, the file docker-compose.yml's cluster profile runs too, with this cluster's addresses.
up_haproxy() {
    haproxy_running && return
    need_port "$HTTP_PORT" haproxy CLUSTER_HTTP_PORT
    local -a vars=(CLUSTER_BIND="127.0.0.1:$HTTP_PORT" CLUSTER_API1="127.0.0.1:${API_PORTS[0]}"
        CLUSTER_API2="127.0.0.1:${API_PORTS[1]}" CLUSTER_STATS_SOCKET="$RUN/haproxy.sock")
    env "${vars[@]}" "$(haproxy_bin)" -c -q -f deploy/cluster/haproxy.cfg || die "invalid deploy/cluster/haproxy.cfg"
    env "${vars[@]}" "$(haproxy_bin)" -D -f deploy/cluster/haproxy.cfg -p "$RUN/haproxy.pid" >>"$LOGS/haproxy.log" 2>&1 \
        || die "could not start HAProxy (see $LOGS/haproxy.log)"
}

stop_haproxy() {
    haproxy_running || return 0
    local pid; pid="$(head -1 "$RUN/haproxy.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$RUN/haproxy.pid"
}

haproxy_servers() { # name status, one line each, from the stats socket
    /usr/bin/python3 - "$RUN/haproxy.sock" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"show stat\n")
data = b""
while chunk := s.recv(65536): data += chunk
for line in data.decode().splitlines():
    f = line.split(",")
    if len(f) > 17 and f[0] == "instances" and f[1] not in ("BACKEND",):
        print(f[1], f[17], f"check: {f[36] if len(f) > 36 else ''}")
PY
}

# --- commands -----------------------------------------------------------------------------------------------------
prepare() {
    ensure_packages
    BIN="$(pg_bindir)"
    mkdir -p "$DIR" "$RUN" "$LOGS" "$DIR/media" "$DIR/pg"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
        chown postgres:postgres "$DIR/pg" "$LOGS"
        runuser -u postgres -- test -w "$DIR/pg" || die "the postgres user cannot reach $DIR (a parent folder is private); set CLUSTER_DIR"
    fi
    [ -f "$DIR/admin-key" ] || { echo "ak_cluster_$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)" > "$DIR/admin-key"; chmod 600 "$DIR/admin-key"; }
}

up() {
    prepare
    up_primary
    up_standby
    up_redis
    if [ "${CLUSTER_NO_BUILD:-0}" = 1 ] && [ -f "$(app_dir)/ArticlesApi.dll" ]; then :; else build_app; fi
    # The first instance migrates and seeds, alone; then the others start on the migrated database.
    up_api 1 true
    local n
    for n in $(seq 2 "${#API_PORTS[@]}"); do start_api "$n" false; done
    for n in $(seq 2 "${#API_PORTS[@]}"); do up_api "$n" false; done
    up_haproxy
    wait_ready "http://127.0.0.1:$HTTP_PORT" haproxy 10 || die "HAProxy does not answer /health/ready"
    log "up: http://127.0.0.1:$HTTP_PORT (Swagger UI: /swagger); admin key in $DIR/admin-key; scripts/cluster.sh status"
}

down() {
    BIN="$(pg_bindir)"
    stop_haproxy
    local n
    for n in $(seq 1 "${#API_PORTS[@]}"); do stop_api "$n" TERM & done
    wait
    redis_running && { redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$RUN/redis.pid")" 2>/dev/null || true; }
    [ -n "$BIN" ] && for d in "$STANDBY" "$PRIMARY"; do pg_running "$d" && as_owner "$BIN/pg_ctl" -D "$d" -m fast -w stop >/dev/null; done
    log "down (data kept in $DIR; scripts/cluster.sh purge deletes it)"
}

status() {
    BIN="$(pg_bindir)"
    local state lag
    if [ -n "$BIN" ] && pg_running "$PRIMARY"; then
        state="running on 127.0.0.1:$PG_PORT, standbys streaming: $(psql_super "$PG_PORT" -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")"
    else state="stopped"; fi
    printf '%-9s %s\n' primary "$state"
    if [ -n "$BIN" ] && pg_running "$STANDBY"; then
        lag="$(psql_super "$STANDBY_PORT" -c "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN '0 (caught up)' ELSE round(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::numeric, 3)::text || ' s' END" 2>/dev/null || echo '?')"
        state="running on 127.0.0.1:$STANDBY_PORT, replay lag $lag"
    else state="stopped"; fi
    printf '%-9s %s\n' standby "$state"
    if redis_running; then state="running on 127.0.0.1:$REDIS_PORT ($(redis-cli -p "$REDIS_PORT" ping 2>&1))"; else state="stopped"; fi
    printf '%-9s %s\n' redis "$state"
    local n port ready
    for n in $(seq 1 "${#API_PORTS[@]}"); do
        port="$(api_port "$n")"
        if api_running "$n"; then
            ready="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)"
            state="running on 127.0.0.1:$port (pid $(api_pid "$n")), /health/ready $ready"
        else state="stopped"; fi
        printf '%-9s %s\n' "api$n" "$state"
    done
    if haproxy_running; then
        state="running on 127.0.0.1:$HTTP_PORT; instances: $(haproxy_servers | awk '{printf "%s %s; ", $1, $2}')"
    else state="stopped"; fi
    printf '%-9s %s\n' haproxy "$state"
}

part() { # stop|kill|start PART
    BIN="$(pg_bindir)"
    case "$2" in
        api[0-9]*)
            local n="${2#api}"
            case "$1" in stop) stop_api "$n" TERM ;; kill) stop_api "$n" KILL ;; start) up_api "$n" false ;; esac ;;
        redis)
            case "$1" in
                stop|kill) redis_running && { kill "-$( [ "$1" = kill ] && echo KILL || echo TERM )" "$(cat "$RUN/redis.pid")"; \
                    for _ in $(seq 1 50); do redis_running || break; sleep 0.1; done; rm -f "$RUN/redis.pid"; } ;;
                start) up_redis ;;
            esac ;;
        primary|standby)
            local data port; data="$( [ "$2" = primary ] && echo "$PRIMARY" || echo "$STANDBY")"
            port="$( [ "$2" = primary ] && echo "$PG_PORT" || echo "$STANDBY_PORT")"
            case "$1" in
                stop|kill) pg_running "$data" && as_owner "$BIN/pg_ctl" -D "$data" -m "$( [ "$1" = kill ] && echo immediate || echo fast )" -w stop >/dev/null ;;
                start) if [ "$2" = primary ]; then prepare; up_primary; else up_standby; fi ;;
            esac ;;
        haproxy)
            case "$1" in stop|kill) stop_haproxy ;; start) up_haproxy ;; esac ;;
        *) die "unknown part '$2' (primary standby redis api1 api2 haproxy)" ;;
    esac
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    purge) down; rm -rf "$DIR"; log "deleted $DIR" ;;
    stop|kill|start) [ -n "${2:-}" ] || die "usage: scripts/cluster.sh $1 PART"; part "$1" "$2" ;;
    env) instance_env ;;
    *) echo "usage: scripts/cluster.sh up|down|status|purge|stop PART|kill PART|start PART|env" >&2; exit 2 ;;
esac
