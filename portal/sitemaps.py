"""sitemap.xml and robots.txt, with absolute URLs from settings.SITE_URL.

django.contrib.sitemaps asks the sites framework (or the request's Host) for the
domain; we do not run the sites framework and never trust Host, so every sitemap
here builds its URLs from SITE_URL instead.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_page

from articles.models import Article, Column
from editorial.models import VISIBLE_STATUSES, Tag, TaggedItem
from events.models import Event
from people.models import Person
from speeches.models import Speech


class _SiteUrl:
    """Stands in for a Site object: only ``domain`` is read by Sitemap.get_urls."""

    def __init__(self, domain):
        self.domain = domain


class SiteSitemap(Sitemap):
    def get_urls(self, page=1, site=None, protocol=None):
        parts = urlsplit(settings.SITE_URL)
        return super().get_urls(page=page, site=_SiteUrl(parts.netloc + parts.path), protocol=parts.scheme)


class ContentSitemap(SiteSitemap):
    model = None
    changefreq = "weekly"

    def items(self):
        return (
            self.model.objects.live().order_by("-publish_at", "-pk").only("slug", "updated_at", "publish_at")
        )

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(ContentSitemap):
    model = Article
    priority = 0.8


class SpeechSitemap(ContentSitemap):
    model = Speech
    priority = 0.8


class PersonSitemap(SiteSitemap):
    priority = 0.5

    def items(self):
        return Person.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(SiteSitemap):
    priority = 0.5

    def items(self):
        return Event.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


def _live_q(prefix, now):
    return Q(**{f"{prefix}status__in": VISIBLE_STATUSES, f"{prefix}publish_at__lte": now}) & (
        Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": now})
    )


class ColumnSitemap(SiteSitemap):
    """Columns with their newest live article as lastmod (None when empty)."""

    priority = 0.6

    def items(self):
        now = timezone.now()
        return Column.objects.annotate(
            newest=Max("articles__updated_at", filter=_live_q("articles__", now))
        ).order_by("pk")

    def lastmod(self, item):
        return item.newest


class TagSitemap(SiteSitemap):
    """Tags that have at least one live piece; lastmod is that piece's last change."""

    priority = 0.4

    def items(self):
        newest = {}
        for model in (Article, Speech):
            updated = dict(model.objects.live().values_list("pk", "updated_at"))
            content_type = ContentType.objects.get_for_model(model)
            links = TaggedItem.objects.filter(content_type=content_type, object_id__in=list(updated))
            for tag_id, object_id in links.values_list("tag_id", "object_id"):
                if tag_id not in newest or updated[object_id] > newest[tag_id]:
                    newest[tag_id] = updated[object_id]
        tags = list(Tag.objects.filter(pk__in=list(newest)).order_by("pk"))
        for tag in tags:
            tag.newest = newest[tag.pk]
        return tags

    def lastmod(self, item):
        return item.newest


SITEMAPS = {
    "articles": ArticleSitemap,
    "speeches": SpeechSitemap,
    "people": PersonSitemap,
    "events": EventSitemap,
    "columns": ColumnSitemap,
    "tags": TagSitemap,
}


@cache_page(60 * 10)
def robots_txt(request):
    sitemap_url = settings.SITE_URL + reverse("seo:sitemap")
    return render(
        request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8"
    )
