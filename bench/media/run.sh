#!/usr/bin/env bash
# Image processing per library on a generated 12-megapixel JPEG: median time with all renditions, CPU time,
# images/s, peak RSS during 4 concurrent processings, bytes per rendition. Usage: bench/media/run.sh [runs]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runs="${1:-10}"
dotnet build "$HERE/ArticlesApi.Bench.Media.csproj" -c Release -v q -nologo >/dev/null
dll="$HERE/bin/Release/net10.0/ArticlesApi.Bench.Media.dll"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for library in vips imagesharp; do
    echo "== $library"
    dotnet "$dll" "$library" "$runs" "$work"
done
