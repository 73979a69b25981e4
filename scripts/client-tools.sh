#!/usr/bin/env bash
# What the OpenAPI checks outside .NET need (tests/ArticlesApi.Tests/Features/OpenApi): the pinned npm
# packages of tests/client (npm ci, only when package-lock.json changed since the last install) and
# Debian's chromium for Swagger UI (installed with apt when missing and running as root). Idempotent;
# a no-op when everything is in place. Playwright never downloads a browser of its own.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENT="$ROOT/tests/client"

if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "client-tools: installing Debian's nodejs and npm"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq nodejs npm >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
fi
command -v npm >/dev/null 2>&1 || { echo "client-tools: npm (Node 20.19+) is needed for the OpenAPI checks" >&2; exit 1; }
# @redocly/cli 2.x and playwright-core need Node 20.19+; Debian 12's own nodejs is 18.
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
    || echo "client-tools: Node $(node --version) is older than 20.19: the OpenAPI checks (Redocly, Playwright) will fail; install Node 20.19+" >&2
stamp="$CLIENT/node_modules/.package-lock.sha256"
want="$(sha256sum "$CLIENT/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "client-tools: npm ci in tests/client"
    (cd "$CLIENT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
fi

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "client-tools: installing Debian's chromium"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
    else
        echo "client-tools: /usr/bin/chromium is missing; install Debian's chromium (apt-get install chromium) for the Swagger UI check" >&2
    fi
fi
