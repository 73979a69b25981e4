#!/usr/bin/env python3
"""Drives POST /api/v1/media of a running API (bench/media/upload.sh starts it) and prints one tab-separated line per figure.

upload_driver.py <base-url> <key> <photo> <api-pid> <media-dir> <sequential-uploads> <clients> <uploads-per-client>

1. one warm-up upload (JIT, libvips start-up), then its 201 answer: the bytes of the original and every rendition, read
   back through the answer's URLs and from the stored files in <media-dir>;
2. <sequential-uploads> one after another: uploads/s, median and p90 latency, CPU of the API process per upload
   (utime+stime of /proc/<pid>/stat, the stable figure on a shared machine);
3. <clients> concurrent clients uploading <uploads-per-client> each: uploads/s, CPU per upload, the API's RSS before
   (baseline, after the sequential part) and its peak (VmHWM, reset first through /proc/<pid>/clear_refs, and the
   highest VmRSS sampled every 20 ms).
Not a test: nothing here asserts a time.
"""
import http.client
import json
import os
import statistics
import sys
import threading
import time
import urllib.parse
import uuid

base, key, photo, pid, media_dir = sys.argv[1:6]
sequential, clients, per_client = (int(a) for a in sys.argv[6:9])
target = urllib.parse.urlsplit(base)
photo_bytes = open(photo, "rb").read()
ticks = os.sysconf("SC_CLK_TCK")


def cpu_seconds():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks


def status_kb(field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def upload(connection):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="alt"\r\n\r\nA street market at dusk, seen from a balcony\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="credit"\r\n\r\nPhoto: Bench / Agency\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode(),
        photo_bytes,
        f"\r\n--{boundary}--\r\n".encode(),
    ]
    body = b"".join(parts)
    started = time.perf_counter()
    connection.request("POST", "/api/v1/media", body, {
        "Authorization": f"Bearer {key}", "Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(len(body)),
    })
    answer = connection.getresponse()
    data = answer.read()
    elapsed = time.perf_counter() - started
    if answer.status != 201:
        raise SystemExit(f"upload answered {answer.status}: {data[:500]!r}")
    return elapsed, json.loads(data)


def connect():
    return http.client.HTTPConnection(target.hostname, target.port, timeout=600)


def fetch_bytes(connection, url):
    path = urllib.parse.urlsplit(url).path
    connection.request("GET", path)
    answer = connection.getresponse()
    data = answer.read()
    if answer.status != 200:
        raise SystemExit(f"GET {path} answered {answer.status}")
    return len(data), answer.getheader("Content-Type")


def out(*values):
    print("\t".join(str(v) for v in values), flush=True)


connection = connect()
out("source", os.path.basename(photo), len(photo_bytes), "bytes")
_, first = upload(connection)
stored = {}
for root, _, files in os.walk(media_dir):
    for name in files:
        if first["id"].replace("-", "") in root.replace("-", ""):
            stored[name] = os.path.getsize(os.path.join(root, name))
served, content_type = fetch_bytes(connection, first["url"])
out("file", "original", f'{first["width"]}x{first["height"]}', content_type, served, f"{100 * served / len(photo_bytes):.1f}%",
    "stored", stored.get(first["url"].rsplit("/", 1)[1], "?"), "answer.bytes", first["bytes"])
for rendition in first["renditions"]:
    served, content_type = fetch_bytes(connection, rendition["url"])
    out("file", f'w{rendition["width"]}', f'{rendition["width"]}x{rendition["height"]}', content_type, served,
        f"{100 * served / len(photo_bytes):.1f}%", "stored", stored.get(rendition["url"].rsplit("/", 1)[1], "?"))
out("placeholder_chars", len(first["placeholder"]))
out("stored_files", len(stored), "total_bytes", sum(stored.values()))

# 2. Sequential.
latencies = []
cpu_before = cpu_seconds()
clock = time.perf_counter()
for _ in range(sequential):
    latencies.append(upload(connection)[0])
wall = time.perf_counter() - clock
cpu = cpu_seconds() - cpu_before
latencies.sort()
p90 = latencies[min(len(latencies) - 1, int(round(0.9 * len(latencies) + 0.5)) - 1)]
out("sequential_uploads", sequential)
out("sequential_uploads_per_s", f"{sequential / wall:.3f}")
out("sequential_latency_ms", "median", f"{1000 * statistics.median(latencies):.0f}", "p90", f"{1000 * p90:.0f}",
    "min", f"{1000 * latencies[0]:.0f}", "max", f"{1000 * latencies[-1]:.0f}")
out("sequential_cpu_ms_per_upload", f"{1000 * cpu / sequential:.0f}")
connection.close()

# 3. Concurrent clients, peak memory.
baseline_rss = status_kb("VmRSS")
with open(f"/proc/{pid}/clear_refs", "w") as f:
    f.write("5")  # resets VmHWM to the current RSS
peak_sampled = baseline_rss
done = threading.Event()


def sample():
    global peak_sampled
    while not done.is_set():
        peak_sampled = max(peak_sampled, status_kb("VmRSS"))
        time.sleep(0.02)


concurrent_latencies = []
failures = []


def client():
    c = connect()
    try:
        for _ in range(per_client):
            concurrent_latencies.append(upload(c)[0])
    except BaseException as e:  # noqa: BLE001 - reported below
        failures.append(e)
    finally:
        c.close()


sampler = threading.Thread(target=sample)
sampler.start()
threads = [threading.Thread(target=client) for _ in range(clients)]
cpu_before = cpu_seconds()
clock = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.perf_counter() - clock
cpu = cpu_seconds() - cpu_before
done.set()
sampler.join()
if failures:
    raise SystemExit(f"concurrent upload failed: {failures[0]}")
total = clients * per_client
out("concurrent_clients", clients, "uploads", total)
out("concurrent_uploads_per_s", f"{total / wall:.3f}")
out("concurrent_latency_ms", "median", f"{1000 * statistics.median(concurrent_latencies):.0f}", "max", f"{1000 * max(concurrent_latencies):.0f}")
out("concurrent_cpu_ms_per_upload", f"{1000 * cpu / total:.0f}")
out("rss_baseline_mb", f"{baseline_rss / 1024:.0f}")
out("rss_peak_mb", "VmHWM", f"{status_kb('VmHWM') / 1024:.0f}", "sampled", f"{peak_sampled / 1024:.0f}")
out("rss_after_mb", f"{status_kb('VmRSS') / 1024:.0f}")
