#!/usr/bin/env python3
"""Cross-instance invalidation delay: an article is unpublished through instance A; instance B, which has the
article's public answer cached, is asked again and again until it answers 404. The delay is the time from A's
answer to B's first 404 (the resolution is one GET on loopback, ~1 ms). Prints median, p90, p99 and max in ms.
Usage: delay.py A_URL B_URL ADMIN_KEY N"""
import http.client, json, statistics, sys, time, uuid
from urllib.parse import urlparse

a_url, b_url, key, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


def conn(url):
    u = urlparse(url)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30)


a, b = conn(a_url), conn(b_url)
auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}


def call(c, method, path, body=None, headers=None):
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    return r.status, data


status, data = call(a, "POST", "/api/v1/authors", {"name": f"Bench {uuid.uuid4().hex[:6]}"}, auth)
assert status == 201, (status, data)
author = json.loads(data)["id"]
status, data = call(a, "POST", "/api/v1/articles", {
    "title": f"Invalidation delay {uuid.uuid4().hex[:8]}", "subtitle": "x", "body": {"markdown": "Body."},
    "language": "en", "authors": [author], "tags": [], "citations": []}, auth)
assert status == 201, (status, data)
article = json.loads(data)["id"]
path = f"/api/v1/articles/{article}"

delays = []
for i in range(n):
    status, data = call(a, "POST", f"{path}/publish", None, auth)
    assert status == 200, (status, data)
    while call(b, "GET", path)[0] != 200:  # a 404 is never cached: B computes the 200 at once
        pass
    assert call(b, "GET", path)[0] == 200  # now cached on B
    status, data = call(a, "POST", f"{path}/unpublish", None, auth)
    assert status == 200, (status, data)
    done = time.perf_counter()
    polls = 0
    while call(b, "GET", path)[0] != 404:
        polls += 1
    delays.append((time.perf_counter() - done) * 1000)

delays.sort()
q = lambda p: delays[min(len(delays) - 1, int(round(p / 100 * (len(delays) - 1))))]
print(f"writes {n}: median {statistics.median(delays):.2f} ms, p90 {q(90):.2f} ms, p99 {q(99):.2f} ms, max {delays[-1]:.2f} ms")
