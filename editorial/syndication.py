"""Shared pieces of every feed: absolute URLs from SITE_URL, sanitised bodies.

Every content type has its feed (TypeFeed, mounted by portal/feed_urls.py from the
registry); portal/feeds.py adds the ones that cut across types, a type's app those of
its own (a column's feed).

Django's syndication framework falls back to the request's Host header for any
relative link; every link we hand it is already absolute, built from
settings.SITE_URL, so a forged Host can never end up in a subscriber's reader.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from editorial.sanitize import sanitize
from editorial.text import strip_controls

FEED_ITEMS = 20


def absolute(path):
    return settings.SITE_URL + path


def paragraph(text):
    return f"<p>{escape(text)}</p>" if text else ""


class ContentFeed(Feed):
    """A feed of live pieces (of one type or several), newest first."""

    language = "zh-Hans"
    feed_path = None  # the URL name of this feed, for feed_url

    def get_feed(self, obj, request):
        # Stored text is cleaned on save; rows written around the models (bulk inserts, SQL)
        # are not, and one control character makes the whole feed unserialisable.
        feed = super().get_feed(obj, request)
        for values in (feed.feed, *feed.items):
            for name, value in values.items():
                if isinstance(value, str):
                    values[name] = strip_controls(value)
                elif isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
                    values[name] = [strip_controls(item) for item in value]
        return feed

    def feed_url(self, obj=None):
        kwargs = {"slug": obj.slug} if obj is not None else None
        return absolute(reverse(self.feed_path, kwargs=kwargs))

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return absolute(obj.get_absolute_url()) if obj is not None else absolute("/")

    def description(self, obj=None):
        return _("%(site)s 最新发布") % {"site": settings.SITE_NAME}

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return self.item_link(item)

    def item_description(self, item):
        # The body is sanitised on save; sanitising again here keeps the feed safe even for
        # rows written before a stricter allowlist. Each type says what its item holds
        # (feed_html: a speech reads as on its page, sections included).
        # An imported body may name http:// pictures: a feed reader asks for them over https.
        return sanitize(item.feed_html()).replace('src="http://', 'src="https://')

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        # RFC 4287 §4.1.2: every Atom entry needs an author; a piece signed by nobody is
        # the site's own, as its JSON-LD says.
        return "、".join(item.signed_by()) or settings.SITE_NAME

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


def live_items(model, queryset=None, limit=FEED_ITEMS):
    """The newest live pieces of ``model`` (or of ``queryset``) with what an item prints."""
    queryset = queryset if queryset is not None else model.objects.all()
    return list(model.feed_queryset(queryset.live().order_by("-publish_at", "-pk"))[:limit])


def every_type(narrow=lambda model, queryset: queryset, limit=FEED_ITEMS):
    """The newest live pieces of every content type, newest first (``narrow`` filters each)."""
    from editorial.registry import content_types

    return newest(
        *(live_items(model, narrow(model, model.objects.all()), limit) for model in content_types())
    )


class TypeFeed(ContentFeed):
    """All live pieces of one content type (/feeds/<app>/): every type has one, named ``feeds:<app>``."""

    def __init__(self, model, atom=False):
        super().__init__()
        self.model = model
        label = model._meta.app_label
        self.feed_path = f"feeds:{label}_atom" if atom else f"feeds:{label}"
        if atom:
            self.feed_type = Atom1Feed

    def title(self, obj=None):
        return _("%(site)s · %(type)s") % {
            "site": settings.SITE_NAME,
            "type": self.model._meta.verbose_name_plural,
        }

    def subtitle(self, obj=None):
        return self.description(obj)

    def link(self, obj=None):
        return absolute(reverse(self.model.url_name("list")))

    def items(self):
        return live_items(self.model)


def newest(*lists, limit=FEED_ITEMS):
    items = [item for items in lists for item in items]
    return sorted(items, key=lambda item: (item.publish_at, item.pk), reverse=True)[:limit]
