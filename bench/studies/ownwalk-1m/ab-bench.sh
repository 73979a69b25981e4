#!/bin/bash
# ab-bench.sh TAG: bench/run.sh's five search scenarios at 1M, --tools api, in each checkout of SIDES ("name:/path name:/path"), each built (Release) with bench/run.sh --prepare-only or dotnet build
S="search-it-common search-it-rare search-en-common search-en-rare search-rare-by-date"
for side in $SIDES; do
  cd ${side#*:} && BENCH_API_PORT=5140 BENCH_RAW_PORT=5141 bench/run.sh --articles 1000000 --no-build --tools api --tag "$1-${side%%:*}" --scenarios "$S" 2>&1 | grep "bench: search" | sed "s/^/${side%%:*} /"
done
