"""The small mixin every public content view shares.

Readers see only what ``.live()`` returns (STYLE.md item 4): list views start from
``.for_listing()`` (live, newest first, bodies deferred), detail views from
``.live()``, so drafts, scheduled, expired and unknown slugs are all plain 404s.
Each view names its joins once, which keeps the query count flat as lists grow
(tests/test_query_budgets.py).
"""

import functools
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import timezone

from editorial import surrogate
from editorial.cache import FreshCountPaginator
from editorial.models import Revision, Tag, TaggedItem, any_link_condition
from editorial.prepared import PreparedQuery
from editorial.tagcounts import is_announced, is_dense, live_tag_counts

PAGE_SIZE = 20
RELATED_LIMIT = 5


TAG = PreparedQuery(lambda p: Tag.objects.only("name", "slug").filter(slug=p.slug), slug=models.CharField())


def announced_tag_or_404(slug, model=None):
    """The tag with this slug if something live (of ``model``) carries it (tagcounts.is_announced)."""
    tag = TAG.first(slug=slug)
    if not is_announced(tag, model):
        raise Http404("no live content with this tag")
    return tag


class PublicPaginator(FreshCountPaginator):
    """The paginator of every public list: a cached count, and deep pages read from the index.

    ``?page=200`` skips 3,980 rows. Selected with their joins (column, speaker…) each
    skipped row would be read from the table; selecting the page's ids first lets the
    database skip them inside the list's covering index (a "deferred join"), so page 200
    costs about what page 1 does. Ordering and prefetches stay those of the list.
    """

    def page(self, number):
        page = super().page(number)
        rows = page.object_list
        if isinstance(rows, QuerySet) and rows.query.low_mark:
            page.object_list = deferred_join(self.object_list, rows)
        return page


def deferred_join(queryset, rows):
    """``rows`` (a slice of ``queryset``) read as their ids first, then the rows (PublicPaginator)."""
    return queryset.filter(pk__in=rows.values("pk"))


class TaggedPieces:
    """The live pieces of ``model`` carrying ``tag``, newest first, as a list a Paginator pages.

    What ``model.objects.for_cards().tagged(tag)`` returns, without building a queryset
    per request: its length is the tag's live count (``live_tag_counts``, kept per
    content change), and each slice is a prepared query (editorial/prepared.py), so a
    type no live piece of which carries the tag costs no query at all.
    """

    def __init__(self, model, tag, carriers=None):
        self.model = model
        self.tag = tag
        # A page listing several types has their counts already (tagcounts.tag_carriers).
        self.carriers = live_tag_counts(model).get(tag.pk, 0) if carriers is None else carriers

    def count(self):
        return self.carriers

    def __len__(self):
        return self.carriers

    def __getitem__(self, window):
        if not isinstance(window, slice) or window.step is not None:
            raise TypeError("TaggedPieces takes slices without a step")
        low, high, _step = window.indices(self.carriers)
        if low >= high:
            return []
        query = tagged_page_query(self.model, is_dense(self.carriers, self.model), low, high)
        return query(tag=self.tag.pk, now=timezone.now())


@functools.lru_cache(maxsize=256)
def tagged_page_query(model, dense, low, high):
    """One window of TaggedPieces as a PreparedQuery, per window: most readers ask for the first."""

    def build(p):
        pieces = model.objects.for_cards(p.now).tagged(p.tag, dense=dense)
        rows = pieces[low:high]
        return deferred_join(pieces, rows) if low else rows

    return PreparedQuery(build, tag=models.BigIntegerField(), now=models.DateTimeField())


class PublicContentMixin:
    """Base for DetailView (and ListView, through PublicListMixin) over content models."""

    model = None
    paginate_by = PAGE_SIZE
    paginator_class = PublicPaginator
    select_related = ()
    prefetch_related = ()

    def live_queryset(self, now=None):
        # The verbatim imported document can be megabytes; no public page prints it.
        return self.model.objects.live(now).defer("original_document")

    def get_paginator(self, queryset, per_page, **kwargs):
        # A public list is fixed by its view, its URL arguments and its query string (less
        # the page): naming it so lets the paginator find its count without building SQL.
        query = sorted((key, values) for key, values in self.request.GET.lists() if key != "page")
        name = f"{type(self).__module__}.{type(self).__qualname__}|{sorted(self.kwargs.items())}|{query}"
        key = hashlib.sha256(name.encode()).hexdigest()
        return super().get_paginator(queryset, per_page, count_key=key, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.declare_surrogate_keys(context)
        return context

    def declare_surrogate_keys(self, context):
        """Name what this page lists (editorial/surrogate.py): a detail page, its piece; a list, its type."""
        piece = context.get("object")
        if isinstance(piece, self.model):
            surrogate.declare(surrogate.key_of(piece))
        else:
            surrogate.declare(surrogate.list_key(self.model))

    def get_queryset(self, now=None):
        queryset = self.live_queryset(now)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset


# Per detail view class, compiled by its first request: the piece, and each of its relations.
PREPARED_PAGES = {}


class PreparedDetailMixin:
    """A detail view's piece and its relations through prepared queries (editorial/prepared.py).

    The piece is the view's own ``get_queryset().get(slug=…)``; its relations are the
    model's ``page_relations()``, kept on the piece as ``prefetch_related`` keeps them
    (``piece.tags.all()`` needs no query). The same queries, with their SQL written once
    per process instead of on every request.
    """

    def prepared_queries(self):
        view = type(self)
        if view not in PREPARED_PAGES:
            piece = PreparedQuery(
                lambda p: view().get_queryset(now=p.now).filter(slug=p.slug),
                now=models.DateTimeField(),
                slug=models.CharField(),
            )
            relations = {
                name: PreparedQuery(lambda p, build=build: build(p.pk), pk=models.BigIntegerField())
                for name, build in self.model.page_relations().items()
            }
            PREPARED_PAGES[view] = piece, relations
        return PREPARED_PAGES[view]

    def get_object(self, queryset=None):
        piece_query, relations = self.prepared_queries()
        piece = piece_query.first(now=timezone.now(), slug=self.kwargs["slug"])
        if piece is None:
            raise Http404("no live piece at this address")
        for name, query in relations.items():
            keep_as_prefetched(piece, name, query(pk=piece.pk))
        return piece


def keep_as_prefetched(instance, name, rows):
    """``instance.<name>.all()`` answers ``rows`` without a query, as after prefetch_related().

    Django keeps prefetched rows the same way (QuerySet.prefetch_related_objects): a
    queryset whose results are already there, in the instance's prefetch cache.
    """
    # The field names the model (building a related manager only to ask it costs more).
    queryset = instance._meta.get_field(name).related_model._default_manager.all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


class OldSlugRedirectMixin:
    """Detail views: an address a live piece used to have answers 301 to its address now.

    Slugs are frozen once a piece has been public, but one may change before that
    (say, while scheduled and already linked from a newsletter). Every saved version
    of a piece is kept as a revision snapshot with its slug, so old addresses are
    found there, with no redirect table to keep in step. Only the 404 path pays
    for the lookup, and only a live piece is ever redirected to.
    """

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            piece = self.renamed_piece(kwargs.get("slug", ""))
            if piece is None:
                raise
            return HttpResponsePermanentRedirect(piece.get_absolute_url())

    def renamed_piece(self, slug):
        if not slug:
            return None
        pieces_once_so_named = Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), snapshot__slug=slug
        ).values("object_id")
        return (
            self.model.objects.live()
            .filter(pk__in=pieces_once_so_named)
            .exclude(slug=slug)
            .order_by("-publish_at", "-pk")
            .only("slug")
            .first()
        )


class PublicListMixin(PublicContentMixin):
    """Lists of cards: live, newest first, loading only what the cards print."""

    def live_queryset(self, now=None):
        return self.model.objects.for_cards(now)


def related_filter(model, tag_ids=(), person_ids=(), event_ids=(), dense=False):
    """Pieces of ``model`` sharing a tag, a person or an event, as one Q of one subquery.

    The subquery reads the link tables alone (tagged items, the many-to-many rows), as
    one UNION ALL (any_link_condition): never the pieces' own table again (joined back
    to it, PostgreSQL hashed every article for a big tag, 160 ms at 100,000 articles).
    ``dense`` (many pieces share these links) asks each piece in list order instead
    (EXISTS), as LiveQuerySet.linked does. The ids may be Parameters (related_query),
    hence ``__id__in``: the same SQL as ``__in``.
    """
    links = []
    if tag_ids:
        items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model))
        links.append((items.filter(tag__id__in=list(tag_ids)), "object_id"))
    for name, ids in (("people", person_ids), ("events", event_ids)):
        if ids:
            field = model._meta.get_field(name)
            rows = field.remote_field.through.objects.filter(
                **{f"{field.m2m_reverse_field_name()}__id__in": list(ids)}
            )
            links.append((rows, field.m2m_field_name()))
    return any_link_condition(links, dense) if links else Q()


def related_pieces(piece, model, limit=RELATED_LIMIT, extra_person_ids=(), extra_event_ids=()):
    """Up to ``limit`` live pieces of ``model`` related to ``piece``, newest first.

    Uses the tags, people and events already prefetched on ``piece``, so this is
    one query whatever the size of the archive.
    """
    tag_ids = [tag.pk for tag in piece.tags.all()]
    person_ids = sorted({person.pk for person in piece.people.all()} | set(extra_person_ids))
    event_ids = sorted({event.pk for event in piece.events.all()} | set(extra_event_ids))
    if not (tag_ids or person_ids or event_ids):
        return []
    # The list follows these tags, people and events: a piece joining one of them purges it.
    for name, ids in (("tags", tag_ids), ("people", person_ids), ("events", event_ids)):
        related = type(piece)._meta.get_field(name).related_model
        surrogate.declare(*(surrogate.members_key(related, pk) for pk in ids))
    counts = live_tag_counts(model)
    carriers = sum(counts.get(pk, 0) for pk in tag_ids)
    exclude = isinstance(piece, model)
    query = related_query(
        model, len(tag_ids), len(person_ids), len(event_ids), is_dense(carriers, model), exclude, limit
    )
    values = {
        "now": timezone.now(),
        **{f"tag{index}": pk for index, pk in enumerate(tag_ids)},
        **{f"person{index}": pk for index, pk in enumerate(person_ids)},
        **{f"event{index}": pk for index, pk in enumerate(event_ids)},
    }
    if exclude:
        values["pk"] = piece.pk
    return query(**values)


@functools.lru_cache(maxsize=256)
def related_query(model, tags, people, events, dense, exclude, limit):
    """related_pieces' query as a PreparedQuery, one per count of tags, people and events.

    A piece has a handful of each, so a few dozen shapes cover an archive.
    """

    def build(p):
        def ids(prefix, count):
            return [getattr(p, f"{prefix}{index}") for index in range(count)]

        condition = related_filter(
            model, ids("tag", tags), ids("person", people), ids("event", events), dense
        )
        found = model.objects.for_listing(p.now).filter(condition)
        if exclude:
            found = found.exclude(pk=p.pk)
        # The page's ids first, then its rows: picking the newest few of a few hundred
        # candidates then reads only the live-by-id index, not a few hundred table rows
        # (SQLite, 100,000 articles, 283 candidates: 4.2 → 0.3 ms).
        return deferred_join(model.objects.for_links(p.now), found[:limit])

    key = models.BigIntegerField
    fields = {
        "now": models.DateTimeField(),
        **{f"tag{index}": key() for index in range(tags)},
        **{f"person{index}": key() for index in range(people)},
        **{f"event{index}": key() for index in range(events)},
    }
    if exclude:
        fields["pk"] = key()
    return PreparedQuery(build, **fields)
