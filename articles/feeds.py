"""Article feeds: all articles, and one per column (栏目), in RSS 2.0 and Atom."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Column, bylines_prefetch
from editorial.syndication import FEED_ITEMS, AtomMixin, ContentFeed, absolute


def live_articles(queryset=None, limit=FEED_ITEMS):
    """The newest live articles of ``queryset`` with what an item prints, in three queries."""
    queryset = queryset if queryset is not None else Article.objects.all()
    return list(
        queryset.live()
        .order_by("-publish_at", "-pk")
        .prefetch_related(
            "tags",
            bylines_prefetch(to_attr="feed_bylines"),
        )[:limit]
    )


class ArticleFeed(ContentFeed):
    feed_path = "feeds:articles"

    def title(self, obj=None):
        return _("%(site)s · 文章") % {"site": settings.SITE_NAME}

    def link(self, obj=None):
        return absolute(reverse("articles:list"))

    def items(self):
        return live_articles()


class ArticleAtomFeed(AtomMixin, ArticleFeed):
    feed_path = "feeds:articles_atom"


class ColumnFeed(ContentFeed):
    feed_path = "feeds:column"

    def get_object(self, request, slug):
        return get_object_or_404(Column, slug=slug)

    def title(self, obj):
        return _("%(site)s · %(column)s") % {"site": settings.SITE_NAME, "column": obj.name}

    def description(self, obj):
        return obj.description or _("“%(column)s”栏目最新文章") % {"column": obj.name}

    def items(self, obj):
        # A column's feed includes its sub-columns (中工理论 shows 工运前沿 too).
        columns = [obj.pk]
        frontier = [obj.pk]
        while frontier:
            frontier = list(
                Column.objects.filter(parent__in=frontier)
                .exclude(pk__in=columns)
                .values_list("pk", flat=True)
            )
            columns.extend(frontier)
        return live_articles(Article.objects.filter(column__in=columns))


class ColumnAtomFeed(AtomMixin, ColumnFeed):
    feed_path = "feeds:column_atom"
