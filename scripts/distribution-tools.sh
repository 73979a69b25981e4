#!/usr/bin/env bash
# What the feed and sitemap checks run (tests/ArticlesApi.Tests/Features/Distribution): Debian's python3-feedparser
# (parses every RSS and Atom feed, /usr/bin/python3) and xmllint (libxml2-utils: validates every sitemap against the
# sitemaps.org and Google News schemas kept in the repository). Installed with apt when run as root (CI).
set -euo pipefail

missing=""
/usr/bin/python3 -c "import feedparser" >/dev/null 2>&1 || missing="$missing python3-feedparser"
command -v xmllint >/dev/null 2>&1 || missing="$missing libxml2-utils"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "distribution-tools: installing Debian's$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq $missing >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $missing >/dev/null; }
else
    echo "distribution-tools: install Debian's$missing (apt-get install$missing) for the feed and sitemap checks" >&2
fi
