-- wrk script for bench/run.sh: rotates through the paths listed in the file named by the
-- environment variable WRK_PATHS (one per line; unset = the URL given to wrk), counts answers
-- that are not 2xx, and prints one parseable line at the end:
--   RESULT requests=… rps=… p50_ms=… p99_ms=… errors=… non2xx=… bytes=… (per answer, headers included)
local paths = {}
local file = os.getenv("WRK_PATHS")
if file then
  for line in io.lines(file) do
    if #line > 0 then paths[#paths + 1] = line end
  end
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  non2xx = 0
  i = id or 0
  reqs = {}
  for k, p in ipairs(paths) do
    reqs[k] = wrk.format("GET", p)
  end
end

function request()
  if #reqs == 0 then return wrk.request() end
  i = i % #reqs + 1
  return reqs[i]
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local non = 0
  for _, t in ipairs(threads) do non = non + (t:get("non2xx") or 0) end
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d bytes=%d\n",
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, non, summary.requests > 0 and math.floor(summary.bytes / summary.requests) or 0))
end
