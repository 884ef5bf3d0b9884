import functools

from django.conf import settings
from django.urls import reverse

from editorial.registry import content_types
from editorial.slugs import url_settings

# The addresses base.html links on every page. Reversing one costs some 60 µs; the
# ten of them were a twentieth of an uncached list page. They depend only on the URL
# configuration and the script prefix, so they are reversed once per pair.
SITE_URL_NAMES = (
    "portal:home",
    "portal:tag_list",
    "portal:set_language",
    "portal:topic_list",
    "portal:corrections",
    "people:list",
    "events:list",
    "search:results",
    "feeds:latest",
)


@functools.cache
def _site_urls(urlconf, script_prefix):
    # Every content type's list too (articles_list, speeches_list…), from the registry.
    names = [*SITE_URL_NAMES, *(model.url_name("list") for model in content_types())]
    return {name.replace(":", "_"): reverse(name, urlconf=urlconf) for name in names}


@functools.cache
def _type_links(urlconf, script_prefix):
    """(name, address) of each content type's list, for the site navigation."""
    return [
        (model._meta.verbose_name_plural, reverse(model.url_name("list"), urlconf=urlconf))
        for model in content_types()
    ]


def _url_key():
    # Read once a request (editorial.slugs.url_settings), as the cards' addresses are.
    script_prefix, urlconf = url_settings()
    return urlconf, script_prefix


def site_url(name):
    """The address of one of site_urls' pages by its URL name ("speeches:list"), reversed once."""
    return _site_urls(*_url_key())[name.replace(":", "_")]


def site(request):
    key = _url_key()
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "site_urls": _site_urls(*key),
        "type_links": _type_links(*key),
    }
