# Varnish in front of the app servers (Varnish 7.1 and the xkey module of varnish-modules).
#
# Only what the app itself stores in its page cache (guides/caching/pages.py) is kept here: those
# responses, and only those, carry an `xkey` header naming what the page shows
# (guides/caching/tags.py). The app purges by those tags after every content change
# (guides/caching/purging.py): `PURGE /` with the tags in `xkey-purge` (`xkey-softpurge` marks the pages
# stale instead, so they are still served within grace while fetched again). Anonymous GETs and HEADs are
# looked up; the checker, previews, the admin, posts and anyone signed in always reach the app.
#
# The key follows the page cache's rules: the host (lower case, without a trailing dot or a
# default port), the path, and only the query parameters pages read, sorted, each pair once.
#
# A page is kept 10 minutes and then refreshed in the background while the stale copy is served;
# while the app servers are down (their probe fails, or they answer 5xx), a stale copy is served
# for up to 24 hours.
#
# site.vcl (beside this file or on vcl_path; `make serve-varnish` writes one, site.vcl.example
# shows one for production) declares the backend or director, the `purgers` ACL and `site_recv`,
# which passes the admin's path.
vcl 4.1;

import std;
import xkey;

include "site.vcl";

sub vcl_recv {
    if (req.restarts == 0) {
        unset req.http.X-Serve-Stale;
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        } else if (req.http.xkey-softpurge) {
            # Stale rather than gone: served within grace while fetched again.
            set req.http.X-Purged = xkey.softpurge(req.http.xkey-softpurge);
        } else {
            return (synth(400, "No xkey-purge header"));
        }
        return (synth(200, "Purged " + req.http.X-Purged));
    }
    set req.http.Host = std.tolower(regsub(req.http.Host, "\.?(:(80|443))?$", ""));
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed in (Django's session cookie) or authenticated otherwise: straight to the app.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # The number checker and its dispute form, previews, the health check: never kept.
    if (req.url ~ "^/[^/]+/(check|preview)/" || req.url ~ "^/(healthz|static/)") {
        return (pass);
    }
    call site_recv;
    call canonical_query;
    if (req.http.X-Serve-Stale) {
        # The app servers failed this request: any copy kept within grace is better.
        set req.grace = 24h;
    } else if (std.healthy(req.backend_hint)) {
        # A page past its TTL is served for 10 s more while it is fetched again in the
        # background; a sick backend leaves the whole grace (24 h) in force.
        set req.grace = 10s;
    }
    # Cookies (a language cookie, a CSRF token) do not change a page kept here: looked up anyway.
    return (hash);
}

# guides.caching.pages.PAGE_QUERY_PARAMETERS: every other parameter (utm_source, fbclid…) is dropped, the
# rest sorted and repeated pairs kept once, as the app would see the request.
sub canonical_query {
    if (req.url ~ "\?") {
        set req.url = regsuball(
            req.url,
            "(?<=[?&])(?!(?:abroad|channel|number|operator|p|page|q|region)=)[^&]*(?:&|$)",
            "");
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = std.querysort(req.url);
        set req.url = regsuball(req.url, "([?&])([^&]+)(?:&\2(?=&|$))+", "\1\2");
    }
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.Host);
    # The few pages outside a language prefix (robots.txt, sitemap.xml) are in the reader's
    # language: by the language cookie, else by Accept-Language (the app's Vary).
    if (req.url !~ "^/(zh-hans|en)/" && req.http.Cookie ~ "(^|;\s*)django_language=") {
        hash_data(regsub(req.http.Cookie, "^(?:.*;\s*)?django_language=([^;]*).*$", "\1"));
    }
    return (lookup);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.status >= 500) {
        # The app failed: keep what is kept (vcl_synth then looks for a stale copy).
        return (abandon);
    }
    if (!beresp.http.xkey || beresp.http.Set-Cookie || beresp.status != 200) {
        # Not a page the app stores: ask the app every time (for two minutes, then look again).
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The app says `max-age=0, must-revalidate` to browsers; kept here, purged by tag.
    set beresp.ttl = 10m;
    set beresp.grace = 24h;
    return (deliver);
}

# The app servers failed (no answer, or a 5xx): look again, this time taking a copy kept
# within grace.
sub serve_stale_instead {
    if (resp.status >= 500 && req.restarts == 0 && req.method != "PURGE") {
        set req.http.X-Serve-Stale = "1";
        return (restart);
    }
}

sub vcl_synth {
    call serve_stale_instead;
}

sub vcl_deliver {
    call serve_stale_instead;
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
        # What the app's page cache said when Varnish fetched the page, long ago perhaps.
        unset resp.http.X-Cache;
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
    # The tags are for purging here, not for the browser.
    unset resp.http.xkey;
    unset resp.http.X-Varnish;
    unset resp.http.Via;
}
