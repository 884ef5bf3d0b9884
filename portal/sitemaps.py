"""sitemap.xml (an index) and its sections, and robots.txt, with absolute URLs from SITE_URL.

django.contrib.sitemaps asks the sites framework (or the request's Host) for the
domain; we do not run the sites framework and never trust Host, so every sitemap
here builds its URLs from SITE_URL instead. sitemap.xml is an index of one file per
section (and per 50,000 URLs, the protocol's limit per file), so an archive of any
size is listed whole.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max, OuterRef, Subquery
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page

from articles.models import Article, Column
from editorial.models import Tag
from editorial.tagcounts import live_tag_counts, visible_pieces
from events.models import Event
from people.models import Person
from portal.models import Topic
from speeches.models import Speech


class _SiteUrl:
    """Stands in for a Site object: only ``domain`` is read by Sitemap.get_urls."""

    def __init__(self, domain):
        self.domain = domain


class SiteSitemap(Sitemap):
    lastmod_field = "updated_at"

    def get_urls(self, page=1, site=None, protocol=None):
        parts = urlsplit(settings.SITE_URL)
        return super().get_urls(page=page, site=_SiteUrl(parts.netloc + parts.path), protocol=parts.scheme)

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item; the index asks for one date per section.
        return self.items().order_by().aggregate(latest=Max(self.lastmod_field))["latest"]


class ContentSitemap(SiteSitemap):
    model = None
    changefreq = "weekly"

    def items(self):
        return (
            self.model.objects.live().order_by("-publish_at", "-pk").only("slug", "updated_at", "publish_at")
        )


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


class EventSitemap(SiteSitemap):
    priority = 0.5

    def items(self):
        return Event.objects.order_by("pk").only("slug", "updated_at")


def _newest_change(pieces):
    """The last change among ``pieces`` related to the outer row (a Subquery)."""
    return Subquery(pieces.order_by("-updated_at").values("updated_at")[:1])


class ColumnSitemap(SiteSitemap):
    """Columns with their newest live article as lastmod (None when empty)."""

    priority = 0.6
    lastmod_field = "newest"

    def items(self):
        return Column.objects.annotate(
            newest=_newest_change(Article.objects.live().filter(column=OuterRef("pk")))
        ).order_by("pk")

    def get_latest_lastmod(self):
        return max(filter(None, (column.newest for column in self.items())), default=None)


class TagSitemap(SiteSitemap):
    """Tags with a page (something live carries them); lastmod is their newest piece's last change."""

    priority = 0.4
    MODELS = {"article_newest": Article, "speech_newest": Speech, "event_newest": Event}

    def items(self):
        # The tag page's own rule (announced_tag_or_404), then one correlated subquery per
        # content type for the date, so nothing grows with the archive in Python.
        newest = {
            name: _newest_change(visible_pieces(model).filter(tags=OuterRef("pk")))
            for name, model in self.MODELS.items()
        }
        return Tag.objects.filter(pk__in=list(live_tag_counts())).annotate(**newest).order_by("pk")

    def lastmod(self, item):
        return max(filter(None, (getattr(item, name) for name in self.MODELS)), default=None)

    def get_latest_lastmod(self):
        return max(filter(None, (self.lastmod(tag) for tag in self.items())), default=None)


class TopicSitemap(SiteSitemap):
    """Published 专题."""

    priority = 0.7

    def items(self):
        return Topic.objects.filter(is_published=True).order_by("pk").only("slug", "updated_at")


SITEMAPS = {
    "articles": ArticleSitemap,
    "speeches": SpeechSitemap,
    "people": PersonSitemap,
    "events": EventSitemap,
    "columns": ColumnSitemap,
    "tags": TagSitemap,
    "topics": TopicSitemap,
}


def sitemap_index(request):
    """sitemap.xml: every section's file, one entry per page of 50,000 URLs."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = settings.SITE_URL + reverse("seo:sitemap_section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        for page in range(1, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(location if page == 1 else f"{location}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@cache_page(60 * 10)
def robots_txt(request):
    sitemap_url = settings.SITE_URL + reverse("seo:sitemap")
    return render(
        request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8"
    )
