"""sitemap.xml (an index) and its sections, robots.txt and /favicon.ico; absolute URLs from SITE_URL.

django.contrib.sitemaps asks the sites framework (or the request's Host) for the
domain; we do not run the sites framework and never trust Host, so every sitemap
here builds its URLs from SITE_URL instead. sitemap.xml is an index of one file per
section (and per 50,000 URLs, the protocol's limit per file), so an archive of any
size is listed whole.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_page

from editorial.models import Tag
from editorial.registry import column_model, column_types, content_types
from editorial.tagcounts import live_tag_counts, visible_pieces
from events import pieces as event_pieces
from events.models import Event
from people import pieces as person_pieces
from people.models import Person
from portal.models import Topic


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


@functools.cache
def type_sitemap(model):
    """The sitemap section of one content type (``articles``, ``speeches``…)."""
    return type(
        f"{model.__name__}Sitemap", (ContentSitemap,), {"model": model, "priority": model.SITEMAP_PRIORITY}
    )


class PersonSitemap(SiteSitemap):
    """People with a live piece (people/pieces.py, the person page's and feed's rule)."""

    priority = 0.5

    def items(self):
        return Person.objects.filter(person_pieces.has_pieces()).order_by("pk").only("slug", "updated_at")


class EventSitemap(SiteSitemap):
    """Events with a live piece: an event page without one shows only empty states."""

    priority = 0.5

    def items(self):
        return Event.objects.filter(event_pieces.has_pieces()).order_by("pk").only("slug", "updated_at")


def _newest_change(pieces):
    """The last change among ``pieces`` related to the outer row (a Subquery)."""
    return Subquery(pieces.order_by("-updated_at").values("updated_at")[:1])


class ColumnSitemap(SiteSitemap):
    """Columns whose page lists a live article (theirs or a sub-column's), newest change as lastmod."""

    priority = 0.6
    lastmod_field = "newest"

    def items(self):
        # One grouped query for each column's own newest article, then up the tree in
        # Python (columns are a few dozen and nest at most three deep, as ColumnView reads them).
        own = {}
        for model in column_types():
            rows = (
                model.objects.live()
                .filter(column__isnull=False)
                .order_by()
                .values_list("column")
                .annotate(newest=Max("updated_at"))
            )
            for pk, changed in rows:
                own[pk] = max(own.get(pk, changed), changed)
        columns = list(column_model().objects.order_by("pk").only("slug", "parent_id"))
        parents = {column.pk: column.parent_id for column in columns}
        newest = {}
        for pk, changed in own.items():
            # The column itself, its parent and its grandparent all list this article.
            for holder in (pk, parents.get(pk), parents.get(parents.get(pk))):
                if holder is not None and (holder not in newest or newest[holder] < changed):
                    newest[holder] = changed
        for column in columns:
            column.newest = newest.get(column.pk)
        return [column for column in columns if column.newest is not None]

    def get_latest_lastmod(self):
        return max((column.newest for column in self.items()), default=None)


class TagSitemap(SiteSitemap):
    """Tags with a page (something live carries them); lastmod is their newest piece's last change."""

    priority = 0.4

    @property
    def MODELS(self):  # noqa: N802 - read like the constant it was
        return {**{f"{model.kind()}_newest": model for model in content_types()}, "event_newest": Event}

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


class PageSitemap(SiteSitemap):
    """The home page and every list page that has something to list."""

    priority = 0.9
    changefreq = "daily"

    def items(self):
        def newest(queryset):
            return queryset.order_by().aggregate(newest=Max("updated_at"))["newest"]

        lists = [(model.url_name("list"), newest(model.objects.live())) for model in content_types()]
        pages = [
            ("portal:home", True, max(filter(None, (changed for _, changed in lists)), default=None)),
            *((name, changed is not None, changed) for name, changed in lists),
            ("people:list", Person.objects.filter(person_pieces.has_pieces()).exists(), None),
            ("events:list", Event.objects.exists(), None),
            ("portal:tag_list", bool(live_tag_counts()), None),
            ("portal:topic_list", Topic.objects.filter(is_published=True).exists(), None),
        ]
        return [(name, lastmod) for name, has_content, lastmod in pages if has_content]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        return max(filter(None, (lastmod for _, lastmod in self.items())), default=None)


def sitemaps():
    """Every section, named as in its address (sitemap-<section>.xml): one per content type."""
    return {
        "pages": PageSitemap,
        **{model._meta.app_label: type_sitemap(model) for model in content_types()},
        **OTHER_SECTIONS,
    }


OTHER_SECTIONS = {
    "people": PersonSitemap,
    "events": EventSitemap,
    "columns": ColumnSitemap,
    "tags": TagSitemap,
    "topics": TopicSitemap,
}


def sitemap_index(request):
    """sitemap.xml: every section's file, one entry per page of 50,000 URLs."""
    entries = []
    for section, sitemap_class in sitemaps().items():
        sitemap = sitemap_class()
        if not sitemap.paginator.count:
            continue  # an empty section file would list nothing
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


def favicon(request):
    """Pages name their icons in <head>; this is for tools that still ask for /favicon.ico.

    Resolved per request: the static file's hashed name exists only after collectstatic.
    """
    return redirect(static("img/favicon-32.png"), permanent=True)
