"""Public article pages: the list, one article, one column (栏目)."""

from django.db import models
from django.db.models import Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from articles.models import Article, Column
from editorial import surrogate
from editorial.prepared import PreparedQuery
from editorial.registry import column_types
from editorial.views import (
    OldSlugRedirectMixin,
    PreparedDetailMixin,
    PublicContentMixin,
    PublicListMixin,
    related_pieces,
)

# Two parents joined up front cover the column nesting newsrooms use (中工理论 › 工运前沿);
# a deeper column costs one extra query per level, never one per article.
COLUMN_PATH = "column__parent__parent"
# How many pieces of each other type a column's first page shows beside its articles.
COLUMN_BLOCK = 5


class ArticleListView(PublicListMixin, ListView):
    model = Article
    template_name = "articles/article_list.html"


class ArticleDetailView(OldSlugRedirectMixin, PreparedDetailMixin, PublicContentMixin, DetailView):
    model = Article
    select_related = (COLUMN_PATH, "source", "responsible_editor", "head_image")
    template_name = "articles/article_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["previous_article"], context["next_article"] = neighbours(article)
        surrogate.declare(surrogate.links_key(Article, article.pk))  # a piece filed beside it
        context["related_articles"] = related_pieces(
            article, Article, extra_person_ids=[byline.person_id for byline in article.bylines.all()]
        )
        context["breadcrumbs"] = article.column.path if article.column_id else []
        return context


def neighbour_queries(p):
    """Older and newer live article in the same column, as one query of two scalar subqueries."""
    # Each side is bounded by this article's publish_at, stated before .live()'s own
    # publish_at bound: SQLite starts an index range at the first bound it is given, so
    # it starts at this article in the column's index instead of walking to it from one
    # end (a walk as long as the column: 1-3 ms at 100,000 articles, growing with it).
    column = Article.objects.filter(column_id=p.column).exclude(pk=p.pk)
    older = (
        column.filter(publish_at__lte=p.at)
        .live(p.now)
        .filter(Q(publish_at__lt=p.at) | Q(publish_at=p.at, pk__lt=p.pk))
        .order_by("-publish_at", "-pk")
    )
    newer = (
        column.filter(publish_at__gte=p.at)
        .live(p.now)
        .filter(Q(publish_at__gt=p.at) | Q(publish_at=p.at, pk__gt=p.pk))
        .order_by("publish_at", "pk")
    )
    return Article.objects.filter(
        Q(pk=Subquery(older.values("pk")[:1])) | Q(pk=Subquery(newer.values("pk")[:1]))
    ).only(*Article.LINK_FIELDS)


NEIGHBOURS = PreparedQuery(
    neighbour_queries,
    column=models.BigIntegerField(),
    pk=models.BigIntegerField(),
    at=models.DateTimeField(),
    now=models.DateTimeField(),
)


def neighbours(article):
    """(older, newer) live article in the same column, in one query."""
    if not article.column_id:
        return None, None
    found = NEIGHBOURS(column=article.column_id, pk=article.pk, at=article.publish_at, now=timezone.now())
    previous = following = None
    for item in found:
        if (item.publish_at, item.pk) < (article.publish_at, article.pk):
            previous = item
        else:
            following = item
    return previous, following


class ColumnView(PublicListMixin, ListView):
    """A column's live articles, including those filed under its sub-columns."""

    model = Article
    template_name = "articles/column_detail.html"

    def get(self, request, *args, **kwargs):
        self.column = get_object_or_404(Column.objects.select_related("parent__parent"), slug=kwargs["slug"])
        self.descendants = list(self.column.descendants())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        column_ids = [self.column.pk, *(column.pk for column in self.descendants)]
        return super().get_queryset().filter(column_id__in=column_ids)

    def declare_surrogate_keys(self, context):
        # Its sub-columns' articles purge it too (Column.surrogate_lists_including).
        surrogate.declare(surrogate.members_key_of(self.column))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["column"] = context["object"] = self.column  # "object" feeds the sharing metadata
        context["children"] = [column for column in self.descendants if column.parent_id == self.column.pk]
        context["breadcrumbs"] = self.column.path
        # Other types filed under the column (图集…): the newest few beside the articles.
        column_ids = [self.column.pk, *(column.pk for column in self.descendants)]
        first_page = context["page_obj"].number == 1
        context["blocks"] = [
            (model._meta.verbose_name_plural, pieces)
            for model in column_types()
            if model is not Article and first_page
            for pieces in [list(model.objects.for_cards().filter(column_id__in=column_ids)[:COLUMN_BLOCK])]
            if pieces
        ]
        return context
