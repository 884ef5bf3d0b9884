"""Shared pieces of every feed: absolute URLs from SITE_URL, sanitised bodies.

Each content app builds its feeds from these (articles/feeds.py, speeches/feeds.py);
portal/feeds.py adds the ones that cut across apps.

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
    """A feed of live pieces (articles and/or speeches), newest first."""

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
        # The body is sanitised on save; sanitising again here keeps the feed safe
        # even for rows written before a stricter allowlist. A speech reads as on its
        # page: salutation, body, numbered sections, closing.
        parts = [
            paragraph(getattr(item, "salutation", "")),
            item.body,
            *(f"<h2>{escape(s.number + s.heading)}</h2>{s.body}" for s in getattr(item, "feed_sections", [])),
            paragraph(getattr(item, "closing", "")),
        ]
        # An imported body may name http:// pictures: a feed reader asks for them over https.
        return sanitize("".join(parts)).replace('src="http://', 'src="https://')

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        # RFC 4287 §4.1.2: every Atom entry needs an author; a piece signed by nobody is
        # the site's own, as its JSON-LD says.
        names = [byline.person.name for byline in getattr(item, "feed_bylines", [])]
        speaker = getattr(item, "speaker", None)
        if speaker is not None:
            names.append(speaker.name)
        return "、".join(names) or settings.SITE_NAME

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


def newest(*lists, limit=FEED_ITEMS):
    items = [item for items in lists for item in items]
    return sorted(items, key=lambda item: (item.publish_at, item.pk), reverse=True)[:limit]
