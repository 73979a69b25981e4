"""Driver of scripts/webhook-outage-test.sh: a webhook receiver (a real HTTP server that checks every Standard
Webhooks signature), bursts of writes, a SIGKILL of the API mid-burst and a PostgreSQL stop mid-delivery. Passes
when every acknowledged write's event arrived (at least once) and no request had a bad signature."""
import base64, hashlib, hmac, json, os, signal, subprocess, sys, threading, time, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API = os.environ["WEBHOOK_OUTAGE_API"]
KEY = os.environ["WEBHOOK_OUTAGE_KEY"]
RECEIVER_PORT = int(os.environ["WEBHOOK_OUTAGE_RECEIVER_PORT"])
WRITES = int(os.environ.get("WEBHOOK_OUTAGE_WRITES", "300"))
PID_FILE = os.environ["WEBHOOK_OUTAGE_PID_FILE"]

lock = threading.Lock()
secret_key = None          # bytes, once the webhook exists
received = {}              # data.id -> times received
invalid = []               # why a request was refused
acknowledged = set()       # ids of writes answered 201
requests_seen = 0


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        global requests_seen
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        msg_id, ts, sig = self.headers.get("webhook-id"), self.headers.get("webhook-timestamp"), self.headers.get("webhook-signature")
        with lock:
            requests_seen += 1
            key = secret_key
        if key is None:
            self.send_response(503); self.end_headers(); return
        expected = "v1," + base64.b64encode(hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
        ok = msg_id and ts and sig and any(hmac.compare_digest(s, expected) for s in sig.split(" ")) and abs(time.time() - int(ts)) < 300
        if not ok:
            with lock:
                invalid.append(f"{msg_id} {ts} {sig}")
            self.send_response(400); self.end_headers(); return
        data = json.loads(body)["data"]
        time.sleep(0.01)  # a receiver that takes its time, so deliveries are still under way when the database stops
        with lock:
            received[data["id"]] = received.get(data["id"], 0) + 1
        self.send_response(204); self.end_headers()

    def log_message(self, *args):
        pass


def call(method, path, body=None, timeout=5):
    request = urllib.request.Request(API + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, json.loads(response.read() or b"null")


def start_api():
    process = subprocess.Popen([os.environ["WEBHOOK_OUTAGE_START_API"]], start_new_session=True)
    with open(PID_FILE, "w") as f:
        f.write(str(process.pid))
    for _ in range(180):
        try:
            with urllib.request.urlopen(API + "/health/ready", timeout=2):
                return process
        except Exception:
            time.sleep(0.5)
    sys.exit("the API did not become ready")


def burst(name, count, at, action):
    """Writes until `count` were acknowledged; when `at` of them were, runs `action` (once) in the background."""
    done = {"acked": 0, "fired": False}
    started = time.time()

    def writer(worker):
        i = 0
        while time.time() - started < 240:
            with lock:
                if done["acked"] >= count:
                    return
            i += 1
            try:
                status, tag = call("POST", "/api/v1/tags", {"name": f"{name} {worker} {i} {time.time_ns()}"})
            except Exception:
                time.sleep(0.1)   # not acknowledged: the API is down or the database away
                continue
            if status == 201:
                with lock:
                    acknowledged.add(tag["id"])
                    done["acked"] += 1
                    fire = done["acked"] >= at and not done["fired"]
                    done["fired"] |= fire
                if fire:
                    threading.Thread(target=action, daemon=True).start()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(writer, range(8)))
    return done["acked"]


def kill_and_restart():
    pid = int(open(PID_FILE).read())
    os.kill(pid, signal.SIGKILL)
    print(f"SIGKILL to the API (pid {pid}) mid-burst; restarting it", flush=True)
    start_api()


def stop_database():
    print("PostgreSQL stopped for 4 s during deliveries", flush=True)
    subprocess.run(os.environ["WEBHOOK_OUTAGE_STOP_DB"], shell=True, check=True)
    time.sleep(4)
    subprocess.run(os.environ["WEBHOOK_OUTAGE_START_DB"], shell=True, check=True)


def main():
    global secret_key
    server = ThreadingHTTPServer(("127.0.0.1", RECEIVER_PORT), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    start_api()
    _, webhook = call("POST", "/api/v1/webhooks", {"url": f"http://127.0.0.1:{RECEIVER_PORT}/hooks", "events": ["tag.created"]})
    with lock:
        secret_key = base64.b64decode(webhook["secret"][len("whsec_"):])

    began = time.time()
    first = burst("kill", WRITES, WRITES // 3, kill_and_restart)
    second = burst("pgstop", WRITES, WRITES // 4, stop_database)
    print(f"acknowledged writes: {first} + {second}", flush=True)

    deadline = time.time() + 120
    while time.time() < deadline:
        with lock:
            missing = acknowledged - received.keys()
        if not missing:
            break
        time.sleep(0.5)
    with lock:
        duplicates = sum(n - 1 for n in received.values())
        print(f"received {len(received)} distinct events ({duplicates} again after a crash or outage, {requests_seen} requests), "
              f"{len(invalid)} with a bad signature, {len(missing)} acknowledged writes missing; {time.time() - began:.1f} s", flush=True)
        if invalid:
            print("bad signatures: " + "; ".join(invalid[:5]))
        if missing:
            print("missing: " + ", ".join(sorted(missing)[:10]))
        ok = not invalid and not missing and len(acknowledged) >= 2 * WRITES
    os.kill(int(open(PID_FILE).read()), signal.SIGTERM)
    print("webhook outage test: " + ("passed" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


main()
