#!/usr/bin/env python3
"""Receives the API's content-change webhooks (Standard Webhooks: webhook-id, webhook-timestamp,
webhook-signature `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`) and purges what each change touched from
Varnish by surrogate key (xkey): `<resource>-<id>` and the list key `<resource>s`, plus `article-counts` for
an article (authors, tags and sources show how many published articles they have).

Body: {"type": "article.updated", "timestamp": "...", "data": {"resource": "article", "id": "...", "slug": "...",
"sequence": 42, "wasPublic": true, "isPublic": true}}; an article change with wasPublic and isPublic both false (a
draft edited) purges nothing. Answers 204 when purged (or a repeated webhook-id), 401 for a bad or stale signature, 400 for a
body it cannot read, 502 when Varnish did not purge (the sender retries: deliveries are at least once).

Subscribe it to every article, author, tag and source event with POST /api/v1/webhooks (admin key; the answer's
`secret` is its PURGER_WEBHOOK_SECRET): the API's delivery worker then sends it the change events of every write.
Environment: PURGER_WEBHOOK_SECRET (whsec_…, required), PURGER_VARNISH_URL (http://127.0.0.1:6081/),
PURGER_LISTEN (127.0.0.1:6093). `purger.py --self-test` checks the signature code against the specification's
published test vector. Standard library only.
"""
import base64
import collections
import hashlib
import hmac
import http.server
import json
import os
import sys
import time
import urllib.request

TOLERANCE_SECONDS = 5 * 60
LIST_KEYS = {"article": "articles", "author": "authors", "tag": "tags", "source": "sources"}


def secret_bytes(secret):
    return base64.b64decode(secret.removeprefix("whsec_"))


def sign(secret, msg_id, timestamp, body):
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()).decode()


def verify(secret, headers, body, now):
    msg_id, timestamp, signatures = (headers.get(h) for h in ("webhook-id", "webhook-timestamp", "webhook-signature"))
    if not msg_id or not timestamp or not signatures or not timestamp.isdigit():
        return False
    if abs(now - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    expected = sign(secret, msg_id, timestamp, body)
    return any(hmac.compare_digest(candidate, expected) for candidate in signatures.split(" "))


def keys_for(event):
    data = event["data"]
    resource = str(data["resource"]).lower()
    resource = {plural: single for single, plural in LIST_KEYS.items()}.get(resource, resource)
    if resource not in LIST_KEYS:
        raise ValueError(f"unknown resource {resource!r}")
    # An article that was not public before the change and is not after it (a draft edited) is in no public answer.
    if resource == "article" and data.get("wasPublic") is False and data.get("isPublic") is False:
        return []
    keys = [f"{resource}-{data['id']}", LIST_KEYS[resource]]
    if resource == "article":
        keys.append("article-counts")
    return keys


def purge(varnish_url, keys):
    request = urllib.request.Request(varnish_url, method="PURGE", headers={"xkey-purge": " ".join(keys)})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status == 200


class Handler(http.server.BaseHTTPRequestHandler):
    secret = ""
    varnish_url = ""
    seen = collections.OrderedDict()

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        if length > 64 * 1024:
            return self.answer(413)
        body = self.rfile.read(length)
        if not verify(self.secret, {k.lower(): v for k, v in self.headers.items()}, body, int(time.time())):
            return self.answer(401)
        msg_id = self.headers["webhook-id"]
        if msg_id in self.seen:
            return self.answer(204)
        try:
            keys = keys_for(json.loads(body))
        except (ValueError, KeyError, TypeError):
            return self.answer(400)
        try:
            if keys and not purge(self.varnish_url, keys):
                return self.answer(502)
        except OSError:
            return self.answer(502)
        self.seen[msg_id] = True
        while len(self.seen) > 10_000:
            self.seen.popitem(last=False)
        sys.stderr.write(f"purged {' '.join(keys) or 'nothing'} for {msg_id}\n")
        self.answer(204)

    def answer(self, status):
        self.send_response(status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


def self_test():
    # The Standard Webhooks specification's test vector.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body) == expected
    headers = {"webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
               "webhook-signature": "v1,bm90IGl0 " + expected}
    assert verify(secret, headers, body, 1614265330)
    assert not verify(secret, headers, body + b" ", 1614265330)
    assert not verify(secret, headers, body, 1614265330 + TOLERANCE_SECONDS + 1)
    assert keys_for({"data": {"resource": "tags", "id": "x"}}) == ["tag-x", "tags"]
    assert keys_for({"data": {"resource": "article", "id": "x", "wasPublic": True, "isPublic": False}}) == ["article-x", "articles", "article-counts"]
    assert keys_for({"data": {"resource": "article", "id": "x", "wasPublic": False, "isPublic": False}}) == []
    print("purger self-test passed")


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    Handler.secret = os.environ["PURGER_WEBHOOK_SECRET"]
    Handler.varnish_url = os.environ.get("PURGER_VARNISH_URL", "http://127.0.0.1:6081/")
    host, _, port = os.environ.get("PURGER_LISTEN", "127.0.0.1:6093").rpartition(":")
    http.server.ThreadingHTTPServer((host, int(port)), Handler).serve_forever()


if __name__ == "__main__":
    main()
