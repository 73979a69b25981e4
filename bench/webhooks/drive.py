"""Driver of bench/webhooks/run.sh (figures 1 and 2). Prints, does not assert."""
import collections, json, os, signal, subprocess, threading, time, urllib.error, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API, KEY, PID_FILE = os.environ["BENCH_API"], os.environ["BENCH_KEY"], os.environ["BENCH_PID_FILE"]
N, SECONDS = int(os.environ["BENCH_WEBHOOK_CHANGES"]), int(os.environ["BENCH_WEBHOOK_SECONDS"])
lock = threading.Lock()
arrived = {}  # data.id -> first arrival (monotonic)


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        now = time.monotonic()
        with lock:
            arrived.setdefault(json.loads(body)["data"]["id"], now)
        self.send_response(204); self.send_header("Content-Length", "0"); self.end_headers()

    def log_message(self, *args):
        pass


def call(method, path, body=None):
    request = urllib.request.Request(API + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def start_api(extra=""):
    process = subprocess.Popen([os.environ["BENCH_START_API"]], env={**os.environ, "EXTRA": extra}, start_new_session=True)
    open(PID_FILE, "w").write(str(process.pid))
    for _ in range(240):
        try:
            urllib.request.urlopen(API + "/health/ready", timeout=2)
            return process
        except Exception:
            time.sleep(0.5)
    raise SystemExit("the API did not start")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["BENCH_RECEIVER_PORT"])), Receiver)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()

# 1. Throughput: N changes recorded while no worker runs, then a worker drains them.
print(f"   load average before part 1: {open('/proc/loadavg').read().split()[:3]}", flush=True)
api = start_api("Webhooks__PollMilliseconds=0")
call("POST", "/api/v1/webhooks", {"url": f"http://127.0.0.1:{server.server_port}/hooks", "events": ["tag.created"]})
subprocess.run(["psql", "-qtA", "-d", os.environ["BENCH_DB"], "-c",
                f"INSERT INTO content_changes (at, resource, resource_id, slug, kind) "
                f"SELECT now(), 'tag', gen_random_uuid(), 'bench-' || i, 'created' FROM generate_series(1, {N}) i"], check=True)
os.kill(api.pid, signal.SIGTERM); api.wait()
start_api()
began = time.monotonic()
while time.monotonic() - began < 300:
    with lock:
        if len(arrived) >= N:
            break
    time.sleep(0.05)
with lock:
    elapsed = max(arrived.values()) - began
    print(f"1. {len(arrived)} deliveries in {elapsed:.1f} s from the worker's start: {len(arrived) / elapsed:.0f} deliveries/s "
          f"(dispatch included; Webhooks:Concurrency 16, a Python receiver)", flush=True)
    arrived.clear()

# 2. Latency at 50 writes/s. A write's commit lies between its request being sent and its 201 arriving: the delivery's
# arrival minus each gives an upper and a lower bound of commit → delivery (the lower bound is the figure reported).
print(f"   load average before part 2: {open('/proc/loadavg').read().split()[:3]}", flush=True)
sent, acked = {}, {}
failed = collections.Counter()
def write(i):
    try:
        began = time.monotonic()
        tag = call("POST", "/api/v1/tags", {"name": f"latency {i} {time.time_ns()}"})
        acked[tag["id"]] = time.monotonic()
        sent[tag["id"]] = began
    except urllib.error.HTTPError as e:
        failed[str(e.code)] += 1
    except Exception as e:
        failed[type(e).__name__] += 1
threads = []
start = time.monotonic()
late = 0
for i in range(50 * SECONDS):
    delay = start + i / 50 - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    elif delay < -0.1:
        late += 1
    t = threading.Thread(target=write, args=(i,)); t.start(); threads.append(t)
offered = 50 * SECONDS / (time.monotonic() - start)
for t in threads:
    t.join()
rate = len(acked) / (time.monotonic() - start)
deadline = time.monotonic() + 60
while time.monotonic() < deadline and not acked.keys() <= arrived.keys():
    time.sleep(0.05)
latencies = [(arrived[i] - acked[i]) * 1000 for i in acked if i in arrived]
upper = [(arrived[i] - sent[i]) * 1000 for i in acked if i in arrived]
print(f"2. {50 * SECONDS} writes offered at {offered:.1f}/s ({late} sent >100 ms late), {len(acked)} acknowledged ({rate:.1f}/s), "
      f"refused: {dict(failed) or 'none'}; {len(latencies)} delivered.\n"
      f"   201 received → delivery: p50 {percentile(latencies, 50):.0f} ms, p99 {percentile(latencies, 99):.0f} ms, max {max(latencies):.0f} ms; "
      f"request sent → delivery: p50 {percentile(upper, 50):.0f} ms, p99 {percentile(upper, 99):.0f} ms", flush=True)
if failed or len(latencies) < len(acked):
    print("   WARNING: not every write was acknowledged and delivered: figure 2 is not usable", flush=True)
