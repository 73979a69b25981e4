"""Parses a feed with Debian's python3-feedparser and prints what it understood as JSON (bozo included), so the
tests compare values, not strings. Usage: parse_feed.py FILE"""
import json
import sys

import feedparser

# Sanitizing and URI resolution off: the values come back as the feed holds them, to be compared exactly.
d = feedparser.parse(sys.argv[1], sanitize_html=False, resolve_relative_uris=False)


def person(p):
    return {"name": p.get("name"), "href": p.get("href")}


print(json.dumps({
    "bozo": bool(d.bozo),
    "bozo_exception": repr(d.get("bozo_exception")) if d.bozo else None,
    "version": d.version,
    "feed": {"title": d.feed.get("title"), "link": d.feed.get("link"), "language": d.feed.get("language")},
    "entries": [{
        "id": e.get("id"),
        "title": e.get("title"),
        "link": e.get("link"),
        "summary": e.get("summary"),
        "content": [c.get("value") for c in e.get("content", [])],
        "published": e.get("published"),
        "published_parsed": list(e.published_parsed[:6]) if e.get("published_parsed") else None,
        "updated_parsed": list(e.updated_parsed[:6]) if e.get("updated_parsed") else None,
        "authors": [a.get("name") for a in e.get("authors", [])],
        "tags": [t.get("label") or t.get("term") for t in e.get("tags", [])],
        "media": [m.get("url") for m in e.get("media_content", [])],
        "enclosures": [l.get("href") for l in e.get("links", []) if l.get("rel") == "enclosure"],
    } for e in d.entries],
}, ensure_ascii=False))
