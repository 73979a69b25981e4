#!/bin/bash
# start.sh DLL PORT APP [extra env...]: an API (Release build at DLL) on the 1M database as bench/run.sh starts it, response cache and
# rate limits off, Application Name APP; its log and pid in $RUN (default /work/wt/ss-run).
RUN=${RUN:-/work/wt/ss-run}; mkdir -p "$RUN"
DLL=$1 PORT=$2 APP=$3; shift 3
env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Articles="Host=127.0.0.1;Port=55432;Database=articles_bench_1000000;Username=articles;Password=articles;Application Name=$APP" Logging__LogLevel__Default=Warning \
  DOTNET_hostBuilder__reloadConfigOnChange=false Media__PublicBaseUrl="http://127.0.0.1:$PORT/media" \
  RateLimiting__Enabled=false Caching__Enabled=false Database__SeedSampleContent=false BodyRerendering__Enabled=false Database__MigrateOnStartup=false "$@" \
  dotnet "$DLL" --urls "http://127.0.0.1:$PORT" > $RUN/$APP.log 2>&1 &
echo $! > $RUN/$APP.pid
