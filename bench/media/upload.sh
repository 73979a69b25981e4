#!/usr/bin/env bash
# Uploads through the API (issue 16), not a test: builds Release, starts the API on BENCH_API_PORT (5790) against a
# fresh database media_bench on the shared cluster (migrations on start, dropped at the end), with an admin key from
# Auth:BootstrapAdminKey; generates a 12-megapixel photo-like JPEG (bench/media's NetVips photo) carrying EXIF, GPS,
# XMP and IPTC (exiftool), and for each setting in BENCH_SETTINGS (default "default MALLOC_ARENA_MAX=2": glibc's default
# malloc arenas, then 2 arenas; each word is `default` or environment assignments joined by commas), in a fresh API process: one warm-up upload and the bytes of every rendition, N sequential
# uploads (uploads/s, median/p90 latency, CPU of the API per upload), then 4 concurrent clients (uploads/s, CPU per
# upload, baseline and peak RSS of the API process). bench/media/upload_driver.py does the measuring.
#
#   bench/media/upload.sh [sequential uploads (10)] [uploads per concurrent client (2)]
#   BENCH_API_PORT (5790)  BENCH_SETTINGS ("default MALLOC_ARENA_MAX=2")  BENCH_CLIENTS (4)  BENCH_ROUNDS (1: the settings alternated that
#   many times)  BENCH_ICC=1 (embed an sRGB ICC profile in the photo, as phones do: the colour-transform path)  BENCH_NO_BUILD=1
# Results: bench/media/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SEQUENTIAL="${1:-10}" PER_CLIENT="${2:-2}" CLIENTS="${BENCH_CLIENTS:-4}" PORT="${BENCH_API_PORT:-5790}"
SETTINGS="${BENCH_SETTINGS:-default MALLOC_ARENA_MAX=2}" ROUNDS="${BENCH_ROUNDS:-1}"
for tool in exiftool psql curl python3; do command -v "$tool" >/dev/null || { echo "bench/media/upload.sh: $tool is not installed" >&2; exit 1; }; done
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "bench/media/upload.sh: port $PORT is taken (set BENCH_API_PORT)" >&2; exit 1; fi

CONNECTION="${ConnectionStrings__Articles:-$(scripts/db.sh start >/dev/null && scripts/db.sh url)}"
field() { echo "$CONNECTION" | tr ';' '\n' | grep -i "^$1=" | head -1 | cut -d= -f2-; }
export PGHOST="$(field Host)" PGPORT="$(field Port)" PGUSER="$(field Username)" PGPASSWORD="$(field Password)"
export PGOPTIONS="-c client_min_messages=warning"
DB=media_bench
WORK="$(mktemp -d /tmp/media-upload-bench.XXXXXX)"
API_PID=""
cleanup() {
    local status=$?
    [ "$status" = 0 ] || { echo "--- the API's log:" >&2; tail -n 30 "$WORK/api.log" >&2 2>/dev/null; }
    if [ -n "$API_PID" ]; then kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true; fi
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
    dotnet build ArticlesApi.sln -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; exit 1; }
fi

# The photo: NetVips' 4000 × 3000 photo-like JPEG (q92, ~3 MB), then what a camera and an agency add to it.
PHOTO="$WORK/photo-12mp.jpg"
dotnet bench/media/bin/Release/net10.0/ArticlesApi.Bench.Media.dll photo "$PHOTO" "$([ "${BENCH_ICC:-0}" = 1 ] && echo icc)"
exiftool -q -overwrite_original -Make=Canon -Model="Canon EOS R6" -DateTimeOriginal="2026:12:04 17:42:10" -Orientation#=1 \
    -Artist="Ana Rossi" -Copyright="Agency" -GPSLatitude=45.4642 -GPSLatitudeRef=N -GPSLongitude=9.19 -GPSLongitudeRef=E \
    -GPSAltitude=122 -XMP-dc:Creator="Ana Rossi" -XMP-photoshop:City=Milan -IPTC:City=Milan -IPTC:By-line="Ana Rossi" \
    -Comment="source: balcony, via Torino 12" "$PHOTO"
gps="$(exiftool -s3 -GPSPosition "$PHOTO")"
[ -n "$gps" ] || { echo "bench/media/upload.sh: the photo carries no GPS" >&2; exit 1; }

KEY="ak_bench_$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -m | awk '/Mem:/ {print $2}') MB"
echo "photo: $(stat -c %s "$PHOTO") bytes, $(exiftool -s3 -ImageSize "$PHOTO"), GPS $gps$([ "${BENCH_ICC:-0}" = 1 ] && echo ", ICC $(exiftool -s3 -ProfileDescription "$PHOTO")")"
for round in $(seq 1 "$ROUNDS"); do
    for setting in $SETTINGS; do
        psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
        rm -rf "$WORK/media"
        extra=()
        [ "$setting" = default ] || IFS=, read -ra extra <<<"$setting"
        env ${extra[@]+"${extra[@]}"} ConnectionStrings__Articles="Host=$PGHOST;Port=$PGPORT;Database=$DB;Username=$PGUSER;Password=$PGPASSWORD" \
            ASPNETCORE_ENVIRONMENT=Production Database__MigrateOnStartup=true Database__SeedSampleContent=false \
            Auth__BootstrapAdminKey="$KEY" RateLimiting__Enabled=false Logging__LogLevel__Default=Warning \
            DOTNET_hostBuilder__reloadConfigOnChange=false Media__Path="$WORK/media" Media__PublicBaseUrl="http://127.0.0.1:$PORT/media" RequestTimeouts__Seconds=300 \
            dotnet src/ArticlesApi/bin/Release/net10.0/ArticlesApi.dll --urls "http://127.0.0.1:$PORT" >"$WORK/api.log" 2>&1 &
        API_PID=$!
        for _ in $(seq 1 240); do
            curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break
            kill -0 "$API_PID" 2>/dev/null || { tail -n 30 "$WORK/api.log" >&2; exit 1; }
            sleep 0.25
        done
        echo "== $setting (round $round, load average $(cut -d' ' -f1-3 /proc/loadavg))"
        python3 bench/media/upload_driver.py "http://127.0.0.1:$PORT" "$KEY" "$PHOTO" "$API_PID" "$WORK/media" "$SEQUENTIAL" "$CLIENTS" "$PER_CLIENT"
        # No stored file may keep what the photo carried.
        leaks="$(find "$WORK/media" -type f -exec exiftool -q -q -s3 -GPSPosition -Make -Artist -City -Comment {} + | head -3)"
        [ -z "$leaks" ] || { echo "metadata survived: $leaks" >&2; exit 1; }
        echo "metadata in stored files: none ($(find "$WORK/media" -type f | wc -l) files read back with exiftool)"
        echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
        kill "$API_PID"; wait "$API_PID" 2>/dev/null || true; API_PID=""
    done
done
