#!/usr/bin/env bash
# What the media checks run (tests/ArticlesApi.Tests/Features/Media): Debian's exiftool (libimage-exiftool-perl) writes
# GPS, XMP, IPTC and comments into test photos and reads every stored file back. Installed with apt when run as root (CI).
set -euo pipefail

command -v exiftool >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "media-tools: installing Debian's libimage-exiftool-perl"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq libimage-exiftool-perl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq libimage-exiftool-perl >/dev/null; }
else
    echo "media-tools: install Debian's libimage-exiftool-perl (apt-get install libimage-exiftool-perl) for the media checks" >&2
fi
