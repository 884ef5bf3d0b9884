import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The addresses base.html links on every page. Reversing one costs some 60 µs; the
# ten of them were a twentieth of an uncached list page. They depend only on the URL
# configuration and the script prefix, so they are reversed once per pair.
SITE_URL_NAMES = (
    "portal:home",
    "portal:tag_list",
    "portal:set_language",
    "portal:topic_list",
    "portal:corrections",
    "articles:list",
    "speeches:list",
    "people:list",
    "events:list",
    "search:results",
    "feeds:latest",
)


@functools.cache
def _site_urls(urlconf, script_prefix):
    return {name.replace(":", "_"): reverse(name, urlconf=urlconf) for name in SITE_URL_NAMES}


def site(request):
    urls = _site_urls(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, "site_urls": urls}
