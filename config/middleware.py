"""Django's GZipMiddleware compressing whole pages at zlib level 1 instead of 6.

Django's level is a constant inside ``django.utils.text.compress_string``. Our pages are
13–24 KB of HTML; compressing at level 6 was 12 % of an article page's instructions
uncached (and more of a page-cache hit, compressed afresh: the cache keeps the plain page).
Level 1 takes 5.6 % off the article page (1,000 articles; −3.8 % on PostgreSQL at
100,000) for 7 % more bytes: an article page 5,628 → 6,033 bytes,
a speech 5,710 → 6,155, a tag page 7,459 → 8,061, each still far inside the first round
trip of a phone's connection (~14 KB), so a reader waits for no extra round trip
(bench/RESULTS.md, "Detail pages, ninth round"). Streamed responses are Django's as before.
"""

import gzip

from django.middleware import gzip as django_gzip
from django.utils.cache import patch_vary_headers
from django.utils.text import _get_random_filename

LEVEL = 1


def compress_string(content, max_random_bytes):
    """Django's compress_string at LEVEL: gzip with no timestamp and, against BREACH, a file
    name of 0 to ``max_random_bytes`` random length in the header, as Django writes it."""
    compressed = gzip.compress(content, compresslevel=LEVEL, mtime=0)
    if not max_random_bytes:
        return compressed
    compressed = memoryview(compressed)
    header = bytearray(compressed[:10])
    header[3] = gzip.FNAME
    return bytes(header) + _get_random_filename(max_random_bytes) + b"\x00" + compressed[10:]


class GZipMiddleware(django_gzip.GZipMiddleware):
    def process_response(self, request, response):
        if response.streaming:
            return super().process_response(request, response)
        # From here on, Django's own steps for a whole response, but for the level.
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not django_gzip.re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = compress_string(response.content, self.max_random_bytes)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        # A strong ETag made weak (RFC 9110 8.8.1), so If-None-Match still matches.
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
