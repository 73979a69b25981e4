#!/usr/bin/env python3
"""worstcap-1m sweep: requests drawn (fixed seed) from everything a public client may send to GET /api/v1/articles?q= within
SearchLimits and the list's parameters, each sent once (one at a time, response cache off) to a running API, with its
database CPU (utime+stime of the backends whose application_name is APP, /proc) and the API's. READ-ONLY.

   sweep.py gen N SEED > requests.txt                  # one query string per line (no leading '?')
   sweep.py run BASE APP API_PID requests.txt > out.tsv  # query, status, wall ms, DB ms, API ms, rows, total, flags
   sweep.py rank out.tsv [TOP]                          # the dearest first, with the one-word reference's mean
(PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE for psql.) A line starting `ref:` is a one-word reference search (common word by
relevance, the issue's unit); `deep:` asks the page after following `next` 4 times (only that last request is measured).
Phrases and exclusions need an API key (a key that may see drafts takes no RUM route) and are not in the sweep:
search-worst-1m measured them at the SQL level, bounded by SearchLimits.ExclusionWindow."""
import json, os, random, subprocess, sys, time, urllib.error, urllib.parse, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = os.path.join(HERE, "..", "searchpage-1m")


def lines(path):
    return [w.strip() for w in open(path) if w.strip()]


COMMON = lines(os.path.join(PAGE, "words-common.txt"))            # it/en words in many articles
BAND = lines(os.path.join(PAGE, "words-band.txt"))                # 1–5 % words (de/fr/es)
RARE = ["ossezia", "zanzibar", "quokka", "svalbard", "kaliningrad", "transnistria", "abcasia", "tuvalu", "nauru", "groenlandia"]
# Stop words of each bench language (PostgreSQL's .stop lists) and words that are a stop word in one language only.
STOP = ["les", "the", "der", "die", "und", "il", "della", "che", "los", "que", "des", "une", "and", "for", "per", "come", "del", "with"]
ONE_STOP = lines(os.path.join(HERE, "..", "search-stop-1m", "words.txt"))
LONG = ["internazionalizzazione", "waffenstillstandsverhandlungen", "precipitevolissimevolmente", "antidisestablishmentarianism",
        "x" * 30 + "governo", "verfassungsschutzbericht"]
DIGITS = ["2024", "2025", "12", "100", "1", "2026", "7", "g7", "covid19"]
TYPO = ["osezia", "zanzibra", "trattto", "governno", "sanctoins", "negoziatto", "ceasfire"]
LANGS = ["it", "en", "fr", "de", "es", "pt", "en-GB"]
TAGS_COMMON = ["tag-1", "tag-2", "tag-3", "tag-4", "tag-5", "tag-6"]
TAGS_RARE = ["tag-886", "tag-1084", "tag-1303", "tag-74", "tag-1740", "tag-1923"]
AUTHORS = ["author-182", "author-195", "author-46", "author-176", "author-109", "author-169"]
SOURCES = ["source-418", "source-406", "source-346", "source-246", "source-319", "source-6"]
SORTS = ["relevance", "relevance", "-publishedAt", "-publishedAt", "publishedAt", "-updatedAt", "title", None]
FACETS = ["tag", "author", "language", "source"]


def word(r):
    kind = r.choices(["common", "band", "rare", "stop", "onestop", "long", "digits", "typo"], [30, 20, 15, 12, 8, 4, 6, 5])[0]
    pool = {"common": COMMON, "band": BAND, "rare": RARE, "stop": STOP, "onestop": ONE_STOP, "long": LONG, "digits": DIGITS,
            "typo": TYPO}[kind]
    return r.choice(pool)


def q_of(r):
    n = r.choice([1, 2, 3, 3])
    words = [word(r) for _ in range(n)]
    if r.random() < 0.4 and len(words[-1]) > 3:  # the last word as typed: a 3–5 letter prefix
        words[-1] = words[-1][:r.choice([3, 3, 4, 5])]
    if n > 1 and r.random() < 0.3:
        out = [words[0]]
        ors = 0
        for w in words[1:]:
            if ors < 2 and r.random() < 0.7:
                out.append("or")
                ors += 1
            out.append(w)
        return " ".join(out)
    if r.random() < 0.1:
        return " ".join(w.upper() if i % 2 else w.capitalize() for i, w in enumerate(words))
    return " ".join(words)


def request(r):
    p = {"q": q_of(r)}
    if r.random() < 0.3:
        p["language"] = r.choice(LANGS)
    if r.random() < 0.12:
        p["tag"] = ",".join(r.sample(TAGS_COMMON + TAGS_RARE, r.choice([1, 1, 3])))
    if r.random() < 0.08:
        p["author"] = ",".join(r.sample(AUTHORS, r.choice([1, 2])))
    if r.random() < 0.08:
        p["source"] = ",".join(r.sample(SOURCES, r.choice([1, 2])))
    if r.random() < 0.1:
        p["publishedAfter"] = r.choice(["2022-01-01T00:00:00Z", "2025-06-01T00:00:00Z", "2026-11-01T00:00:00Z"])
    if r.random() < 0.08:
        p["publishedBefore"] = r.choice(["2022-01-01T00:00:00Z", "2024-01-01T00:00:00Z"])
    if (s := r.choice(SORTS)) is not None:
        p["sort"] = s
    if r.random() < 0.5:
        p["limit"] = str(r.choice([1, 20, 50, 100, 100]))
    if r.random() < 0.45:
        p["total"] = "true"
    if r.random() < 0.4:
        p["facets"] = ",".join(FACETS if r.random() < 0.6 else r.sample(FACETS, r.choice([1, 2])))
    return ("deep:" if r.random() < 0.08 else "") + urllib.parse.urlencode(p, quote_via=urllib.parse.quote)


def gen(n, seed):
    r = random.Random(seed)
    seen = set()
    refs = iter(r.sample(COMMON, len(COMMON)))
    i = 0
    while i < n:
        if i % 20 == 0 and (ref := next(refs, None)) is not None:
            print("ref:" + urllib.parse.urlencode({"q": ref}))
        line = request(r)
        q = urllib.parse.parse_qs(line.split(":", 1)[-1])["q"][0]
        if q.lower() in seen:  # distinct q (the planner's and PostgreSQL's caches aside, no answer is reused)
            continue
        seen.add(q.lower())
        print(line)
        i += 1


TICK = 1000.0 / os.sysconf("SC_CLK_TCK")


def cpu(pid):
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return int(f[11]) + int(f[12])
    except OSError:
        return None


def run(base, app, api_pid, path):
    pids, asked = [], 0

    def backends():
        nonlocal pids, asked
        if asked % 20 == 0:
            pids = subprocess.run(["psql", "-X", "-At", "-c", f"SELECT pid FROM pg_stat_activity WHERE application_name = '{app}'"],
                                  capture_output=True, text=True, check=True).stdout.split()
        asked += 1
        return {p: c for p in pids if (c := cpu(p)) is not None}

    def get(url):
        try:
            with urllib.request.urlopen(url, timeout=60) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as e:
            return e.code, None
        except Exception:  # a timeout or a reset connection: reported, not fatal
            return 0, None

    for i in range(int(os.environ.get("WARMUP", "10"))):
        get(f"{base}/api/v1/articles?q=warmup{i}%20trattato")
    print(f"# load {' '.join(open('/proc/loadavg').read().split()[:3])} at {time.strftime('%H:%M:%S', time.gmtime())} UTC", flush=True)
    for line in lines(path):
        deep = line.startswith("deep:")
        query = line.split(":", 1)[1] if deep or line.startswith("ref:") else line
        url = f"{base}/api/v1/articles?{query}"
        if deep:
            for _ in range(4):
                status, body = get(url)
                if status != 200 or not (cursor := ((body or {}).get("meta") or {}).get("nextCursor")):
                    break
                url = f"{base}/api/v1/articles?{query}&cursor={urllib.parse.quote(cursor)}"
        b, a0, t0 = backends(), cpu(api_pid), time.time()
        status, body = get(url)
        wall = (time.time() - t0) * 1000
        after, a1 = backends(), cpu(api_pid)
        db = sum(c - b.get(p, 0) for p, c in after.items()) * TICK
        meta = (body or {}).get("meta", {})
        flags = ",".join(k for k in ("totalIsEstimate", "facetsApproximate", "incompleteResults") if meta.get(k))
        print(f"{line}\t{status}\t{wall:.0f}\t{db:.0f}\t{(a1 - a0) * TICK:.0f}\t{len((body or {}).get('data', []))}\t"
              f"{meta.get('total', '')}\t{flags}", flush=True)
    print(f"# load {' '.join(open('/proc/loadavg').read().split()[:3])} at {time.strftime('%H:%M:%S', time.gmtime())} UTC", flush=True)


def rank(path, top):
    rows = [l.rstrip("\n").split("\t") for l in open(path) if not l.startswith("#") and l.strip()]
    refs = [float(x[3]) for x in rows if x[0].startswith("ref:")]
    ref = sum(refs) / len(refs) if refs else float("nan")
    rest = sorted((x for x in rows if not x[0].startswith("ref:")), key=lambda x: -float(x[3]))
    bad = [x for x in rest if x[1] != "200"]
    print(f"{len(rest)} requests, {len(bad)} not 200; one-word reference (common word by relevance): {len(refs)} requests, "
          f"DB CPU mean {ref:.1f} ms; over 5× ({5 * ref:.0f} ms): {sum(1 for x in rest if float(x[3]) > 5 * ref)}")
    print("| DB ms | × ref | API ms | wall ms | status | rows | total | flags | request |\n|---:|---:|---:|---:|---|---:|---:|---|---|")
    for x in rest[:top]:
        print(f"| {x[3]} | {float(x[3]) / ref:.1f} | {x[4]} | {x[2]} | {x[1]} | {x[5]} | {x[6]} | {x[7]} | `{urllib.parse.unquote(x[0])}` |")
    for x in bad:
        print(f"not 200: {x[1]} `{urllib.parse.unquote(x[0])}`")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]))
    elif cmd == "run":
        run(*sys.argv[2:6])
    elif cmd == "rank":
        rank(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 20)
