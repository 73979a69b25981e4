#!/usr/bin/env bash
# What the Redis checks run (tests/ArticlesApi.Tests/Features/Instances/RedisInstancesTests): Debian's redis-server, which
# each test class starts on a free loopback port of its own (tests/.../Infrastructure/RedisServer.cs). Only the binary is
# used: the system service is never started. Installed with apt when run as root (CI).
set -euo pipefail

[ -x /usr/bin/redis-server ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "redis-tools: installing Debian's redis-server"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
else
    echo "redis-tools: install Debian's redis-server (apt-get install redis-server) for the Redis checks" >&2
fi
