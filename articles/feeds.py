"""A column's (栏目) feed, in RSS 2.0 and Atom: the pieces of every type filed under it.

The feed of all articles is the registry's (editorial.syndication.TypeFeed).
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from articles.models import Column
from editorial.registry import column_types
from editorial.syndication import AtomMixin, ContentFeed, every_type


class ColumnFeed(ContentFeed):
    feed_path = "feeds:column"

    def get_object(self, request, slug):
        return get_object_or_404(Column, slug=slug)

    def title(self, obj):
        return _("%(site)s · %(column)s") % {"site": settings.SITE_NAME, "column": obj.name}

    def description(self, obj):
        return obj.description or _("“%(column)s”栏目最新文章") % {"column": obj.name}

    def items(self, obj):
        # The column page's rule: the column and its sub-columns (中工理论 shows 工运前沿 too).
        columns = obj.with_descendants()
        filed = column_types()
        return every_type(
            lambda model, pieces: pieces.filter(column__in=columns) if model in filed else pieces.none()
        )


class ColumnAtomFeed(AtomMixin, ColumnFeed):
    feed_path = "feeds:column_atom"
