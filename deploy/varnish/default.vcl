# Varnish in front of ArticlesApi: caches the public reads (GET/HEAD under /api/v1 without a key) until a change
# purges them, and tags every cached answer with the API's Surrogate-Key through xkey (varnish-modules).
# The purger (purger.py) turns the API's signed webhooks into `PURGE` requests carrying `xkey-purge: <keys>`.
# Clients still get the API's own `Cache-Control: public, max-age=60`; Varnish keeps the answer longer (1 h)
# because a write purges it. See README "CDN and purging" and docs/decisions/0030-preview-reader-keys-and-cdn-purge.md.
vcl 4.1;

import xkey;

# scripts/varnish-purge-test.sh rewrites the port.
backend api {
    .host = "127.0.0.1";
    .port = "5080";
}

# Who may purge: the purger runs beside Varnish.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "An xkey-purge header is required"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Keyed reads differ by key (Vary: Authorization) and previews are private: never shared.
    if (req.url !~ "^/api/v1(/|\?|$)" || req.http.Authorization || req.url ~ "[?&]preview=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Only representations the API calls public and tags with what they show are kept: problems, private
    # answers and anything without keys pass (a purge could not reach them).
    if (beresp.http.Surrogate-Key && beresp.http.Cache-Control ~ "(^|[ ,])public([ ,]|$)") {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
        set beresp.ttl = 1h;
        set beresp.grace = 10s;
        return (deliver);
    }
    set beresp.uncacheable = true;
    set beresp.ttl = 120s;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
