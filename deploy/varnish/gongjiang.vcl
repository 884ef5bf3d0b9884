# Varnish in front of one or more Gongjiang app servers (README: "Running more than one server").
#
# Caches the anonymous public pages the app marks with `Surrogate-Control: max-age=N`
# (editorial/middleware.py) for N seconds, tagged with their `Surrogate-Key` keys; the app
# purges those keys after each change commits (`PURGE /` with an `xkey-purge` header,
# editorial/edge.py). Logged-in editors, the admin and previews pass straight through.
# While the app is down or failing, readers get the last good copy of a page (up to a day).
#
# The backends come from backends.vcl beside this file (deploy/varnish/run writes it):
# one `backend` per app server and a vcl_init that adds each to the round-robin director
# `app`. Debian: apt-get install varnish varnish-modules (xkey comes with varnish-modules).
vcl 4.1;

import cookie;
import directors;
import std;
import xkey;

include "backends.vcl";

# Who may purge: the app servers. Extend when they run on other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "An xkey-purge header is required"));
        }
        # A hard purge: nothing the change concerns is ever served again, not even in grace.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, the language form (it prints a CSRF token) and previews are personal.
    if (req.url ~ "^/(admin|i18n|language)(/|$)" || req.url ~ "[?&]preview(=|&|$)") {
        return (pass);
    }
    # A session (logged in, or a login under way) or a flash message: the page is someone's own.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Keep only the reader's language choice; other cookies (CSRF, analytics) do not change the page.
    if (req.http.Cookie) {
        cookie.parse(req.http.Cookie);
        cookie.keep("django_language");
        set req.http.Cookie = cookie.get_string();
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
    # The app answers `Vary: Accept-Language, Cookie`. Fold the header into the two languages
    # the site has when its first (highest-weighted) choice says which, so readers share copies.
    if (req.http.Cookie ~ "django_language=(en|zh-hans)") {
        unset req.http.Accept-Language;  # the cookie decides
    } else if (req.http.Accept-Language ~ "^\s*en(-[A-Za-z]+)?\s*(,|$)") {
        set req.http.Accept-Language = "en";
    } else if (req.http.Accept-Language ~ "(?i)^\s*zh(-cn|-hans|-hans-cn|-sg)?\s*(,|$)") {
        set req.http.Accept-Language = "zh-hans";
    }
    # Healthy app: never serve an expired copy (a scheduled piece appears at its moment).
    # After a failed fetch (vcl_deliver restarts the request): the last good copy.
    if (req.http.X-Stale-If-Error) {
        set req.grace = 24h;
    } else {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (beresp.status >= 500) {
        # Keep the copy we have (in grace); vcl_synth asks again, allowing that copy.
        return (abandon);
    }
    if (beresp.http.Surrogate-Control ~ "max-age=[0-9]+" && !beresp.http.Set-Cookie) {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1") + "s", 0s
        );
        set beresp.grace = 24h;
        set beresp.http.xkey = beresp.http.Surrogate-Key;
        unset beresp.http.Surrogate-Control;
        # Skip the built-in rule that will not keep `Cache-Control: no-cache` pages: that
        # header is for browsers (revalidate with the ETag), the app has said how long we may.
        return (deliver);
    }
    # Anything else (static files, feeds…) follows the built-in rules; pages the app did
    # not mark are never kept.
    if (!beresp.http.Surrogate-Key && !beresp.http.Cache-Control ~ "max-age") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_backend_error {
    # Could not reach the app: as for a 5xx, keep the copy we have and let vcl_synth look again.
    return (abandon);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
    # The keys and the app's own cache verdict are between the app and its edge: readers do
    # not need them, and the keys alone are often longer than the rest of the headers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
    unset resp.http.X-Page-Cache;
    unset resp.http.X-Varnish;
    unset resp.http.Via;
}

sub vcl_synth {
    # The app failed or could not be reached (an abandoned fetch ends here as a 503): once,
    # look again allowing a copy up to a day past its lifetime (stale-if-error).
    if (resp.status == 503 && req.restarts == 0 && req.method != "PURGE" && !req.http.X-Stale-If-Error) {
        set req.http.X-Stale-If-Error = "1";
        return (restart);
    }
    if (resp.status == 503) {
        set resp.http.Retry-After = "5";
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = "服务暂时不可用，请稍后再试。Service temporarily unavailable.";
        return (deliver);
    }
}
