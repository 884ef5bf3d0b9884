"""Full-page cache for anonymous readers that never serves a stale page.

Placed last in MIDDLEWARE, so every other middleware (security headers, locale,
sessions, CSRF, clickjacking) still runs on a cache hit. Only anonymous GET/HEAD
requests without a session cookie read or fill the cache; editors (any session),
the admin, previews and views that say ``Cache-Control: private/no-cache/no-store``
never do.

A page is kept with the surrogate keys of what it shows (editorial/surrogate.py) and
the purge number read before it rendered (editorial/purge_clock.py): it is served
while none of its keys has been purged since, so an edit drops the pages that show
the edited piece and leaves the others cached. It is never kept past the next
scheduled publish/expire moment (editorial/cache.py). Cached and freshly rendered
anonymous pages carry an ``ETag`` and ``Last-Modified`` (a matching ``If-None-Match``
gets a 304), their keys in ``Surrogate-Key``, and, when ``EDGE_CACHE_URLS`` names a
Varnish, ``Surrogate-Control: max-age=…`` for how long the edge may keep them.
"""

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.http import http_date

from editorial import cache as rules
from editorial import purge_clock, slugs, surrogate

NEVER_CACHE_DIRECTIVES = ("private", "no-cache", "no-store")


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with rules.one_reading(), slugs.urls_read_once():
            return self._respond(request)

    def _respond(self, request):
        if not self._may_use_cache(request):
            return self.get_response(request)
        store = rules.page_cache()
        clock = purge_clock.clock_for(store)
        key = self._key(request)
        entry = store.get(key)
        if entry is not None:
            status, content, headers, keys, number, expires = entry
            if clock.valid(keys, number):
                response = self._rebuild(status, content, headers)
                self._edge_headers(response, expires)
                response["X-Page-Cache"] = "hit"
                return self._conditional(request, response)

        # Read before rendering: a purge from now on makes this rendering unusable.
        number = clock.current()
        now = timezone.now()
        _generation, boundary = rules.generation_and_boundary(now)
        with surrogate.collecting() as page:
            response = self.get_response(request)
        if request.method == "GET" and self._may_store(request, response) and timezone.now() < boundary:
            self._finish(response)
            keys = page.keys()
            response["Surrogate-Key"] = surrogate.header_value(keys)
            response["X-Page-Cache"] = "miss"
            clock.remember(keys, number)
            if not clock.valid(keys, number):
                # Something it shows changed while it rendered: correct for this reader,
                # already old for the next one. Neither cache keeps it.
                return self._conditional(request, response)
            timeout = min(settings.PAGE_CACHE_SECONDS, max(1, int((boundary - now).total_seconds())))
            edge_seconds = min(getattr(settings, "EDGE_CACHE_SECONDS", 0), (boundary - now).total_seconds())
            expires = time.time() + edge_seconds
            store.set(key, (*self._freeze(response), keys, number, expires), timeout=timeout)
            self._edge_headers(response, expires)
            return self._conditional(request, response)
        return response

    @staticmethod
    def _edge_headers(response, expires):
        """How long Varnish may keep the page: never past the next scheduled moment."""
        if settings.EDGE_CACHE_URLS:
            response["Surrogate-Control"] = f"max-age={max(0, int(expires - time.time()))}"

    def _may_use_cache(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True) or request.method not in ("GET", "HEAD"):
            return False
        # A session cookie means someone logged in (or about to): their pages are their own.
        # Decided before touching request.user so anonymous hits cost no session lookup.
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return False
        path = request.path_info
        if any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDE_PATHS):
            return False
        if "preview" in request.GET:
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)

    def _may_store(self, request, response):
        if response.status_code != 200 or response.streaming or response.has_header("Set-Cookie"):
            return False
        if response.cookies:
            return False
        # A page that printed a CSRF token is tied to this visitor's CSRF cookie.
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(directive in cache_control for directive in NEVER_CACHE_DIRECTIVES):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:  # logged in during this request
            return False
        return not has_vary_header(response, "Authorization")

    @staticmethod
    def _key(request):
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"gongjiang:page:{language}:{digest}"

    @staticmethod
    def _finish(response):
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(time.time())
        if not response.has_header("Cache-Control"):
            # Browsers may keep the page but must ask again (a cheap 304) before showing it.
            response["Cache-Control"] = "no-cache"

    @staticmethod
    def _freeze(response):
        return (response.status_code, response.content, list(response.items()))

    @staticmethod
    def _rebuild(status, content, headers):
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response

    @staticmethod
    def _conditional(request, response):
        # Only the ETag decides a 304. Last-Modified has one-second resolution, and a page
        # edited twice within a second would look unchanged to If-Modified-Since alone.
        return get_conditional_response(request, etag=response["ETag"], response=response)
