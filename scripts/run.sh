#!/usr/bin/env bash
# Runs the API on a fresh machine: a private PostgreSQL (scripts/db.sh), the build, the migrations and
# the sample newsroom, then the API on http://localhost:5080 (Swagger UI at /swagger).
# Extra arguments go to the API, e.g. scripts/run.sh --urls http://0.0.0.0:8080
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/db.sh start
export ConnectionStrings__Articles="${ConnectionStrings__Articles:-$(scripts/db.sh url)}"
export Database__MigrateOnStartup="${Database__MigrateOnStartup:-true}"
export Database__SeedSampleContent="${Database__SeedSampleContent:-true}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# Two glibc malloc arenas instead of up to 8 per core: libvips allocates its pixel buffers from every upload's threads, and
# the default arenas took 37–62 % more peak memory through 4 concurrent uploads (bench/media/README.md).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

# The whole solution: the build of migrations/ puts the migrations assembly next to the API.
dotnet build ArticlesApi.sln -c Release -nologo -v quiet
URLS="${ASPNETCORE_URLS:-http://localhost:5080}"
# Media URLs are absolute, from configuration (never the request's Host): Api:PublicUrl, else this server's address.
if [ -z "${Api__PublicUrl:-}" ] && [ -z "${Media__PublicBaseUrl:-}" ]; then
    first="${URLS%%;*}"
    export Media__PublicBaseUrl="${first/0.0.0.0/localhost}/media"
fi
echo "ArticlesApi on $URLS — Swagger UI: $URLS/swagger — health: $URLS/health/ready" >&2
exec dotnet run --project src/ArticlesApi -c Release --no-build --no-launch-profile --urls "$URLS" -- "$@"
