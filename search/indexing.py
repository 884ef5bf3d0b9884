"""What goes into the index for each kind of object, and keeping it current.

`index_object` runs inside the caller's transaction (the workflow's atomic block,
an admin save, an import), so a piece is searchable exactly when its publication
commits, and a rolled-back publication leaves no trace in the index.
"""

from contextlib import nullcontext

from django.db import connection, transaction
from django.utils import timezone

from editorial.models import VISIBLE_STATUSES, EditorialContent, Status
from editorial.registry import content_types
from events.models import Event
from people.models import Person
from search.backends import get_backend
from search.models import SearchEntry
from search.text import index_tokens


def indexed_models():
    """Model → its ``kind`` in the index: every content type of the registry, people, events."""
    return {**{model: model.kind() for model in content_types()}, Person: "person", Event: "event"}


def _tag_slugs(obj):
    slugs = [tag.slug for tag in obj.tags.all()]
    return f" {' '.join(slugs)} " if slugs else ""


def _content_document(obj):
    # Only pieces that can be shown are indexed; whether they are shown *now*
    # (publish_at, expire_at) is decided at query time.
    if obj.status not in VISIBLE_STATUSES or obj.publish_at is None:
        return None
    # Everything printed as the piece's text, in reading order (the type's search_text:
    # a speech's sections, an article's author note under it…).
    body = obj.search_text()
    title_extra = "\n".join(part for part in (obj.kicker, obj.subtitle, obj.short_title) if part)
    return {
        "title": obj.title,
        "title_extra": title_extra,
        "summary": obj.summary,
        "body": body.strip(),
        "slug": obj.slug,
        "status": obj.status,
        "publish_at": obj.publish_at,
        "expire_at": obj.expire_at,
        "year": timezone.localtime(obj.publish_at).year,
        "tag_slugs": _tag_slugs(obj),
        "title_tokens": " ".join(index_tokens(f"{obj.title}\n{title_extra}")),
    }


def _person_document(person):
    summary = "；".join([*person.alias_list, *person.honour_list, *person.position_list])
    return {
        "title": person.name,
        # Aliases stand beside the name on the person's page (王进喜「铁人」).
        "title_extra": "\n".join(person.alias_list),
        "summary": summary,
        "body": person.bio,
        "slug": person.slug,
        "status": Status.PUBLISHED,
        "publish_at": person.created_at,
        "expire_at": None,
        "year": None,
        "tag_slugs": "",
        "title_tokens": " ".join(index_tokens(" ".join(person.names))),
    }


def _event_document(event):
    dates = " ".join(f"{day:%Y-%m-%d}" for day in (event.start_date, event.end_date) if day)
    return {
        "title": event.name,
        "summary": " ".join(part for part in (dates, event.place) if part),
        "body": event.description,
        "slug": event.slug,
        "status": Status.PUBLISHED,
        "publish_at": event.created_at,
        "expire_at": None,
        "year": event.start_date.year if event.start_date else None,
        "tag_slugs": _tag_slugs(event),
        "title_tokens": " ".join(index_tokens(event.name)),
    }


def document_for(obj):
    """The index row's fields for ``obj``, or None when readers may never see it."""
    if isinstance(obj, Person):
        document = _person_document(obj)
    elif isinstance(obj, Event):
        document = _event_document(obj)
    else:
        document = _content_document(obj)
    if document is not None:
        document["summary_tokens"] = " ".join(index_tokens(document["summary"]))
        document["body_tokens"] = " ".join(index_tokens(document["body"]))
    return document


def index_object(obj, created=False):
    """Add, refresh or drop ``obj``'s index row, atomically with the caller.

    ``created``: the row was inserted just now, so it has no index entry to drop when
    readers may not see it (a new draft costs no query).
    """
    kind = indexed_models()[type(obj)]
    document = document_for(obj)
    if document is None:
        if not created:
            remove_object(kind, obj.pk)
        return None
    with transaction.atomic():
        entry, _created = SearchEntry.objects.update_or_create(kind=kind, object_id=obj.pk, defaults=document)
        get_backend().write(entry)
        return entry


def remove_object(kind, pk):
    with transaction.atomic():
        rows = list(SearchEntry.objects.filter(kind=kind, object_id=pk).values_list("pk", "sort_key"))
        if rows:
            get_backend().delete([key for _pk, key in rows])
            SearchEntry.objects.filter(pk__in=[pk for pk, _key in rows]).delete()


def rebuild(batch_size=500, in_batches=False):
    """Drop every row and index everything again; counts per kind.

    In one transaction, so readers search the old index until the new one is whole. With
    ``in_batches`` each batch is committed as it is written: readers meanwhile find only
    what is indexed so far, but a large SQLite archive is built in minutes, not hours
    (a transaction that outgrows SQLite's page cache spills into the write-ahead log, and
    every page read then searches that log: 100,000 articles' index, ~5 GB, was still
    unfinished after two hours). For a new archive, or a site that can take the wait.
    """
    counts = {}
    backend = get_backend()
    with nullcontext() if in_batches else transaction.atomic():
        with transaction.atomic():
            backend.clear()
            SearchEntry.objects.all().delete()
        for model, kind in indexed_models().items():
            queryset = model.objects.order_by("pk")
            if issubclass(model, EditorialContent):
                queryset = queryset.filter(status__in=VISIBLE_STATUSES, publish_at__isnull=False)
                queryset = queryset.prefetch_related(*model.INLINES)
            if model is not Person:
                queryset = queryset.prefetch_related("tags")
            counts[kind] = 0
            for chunk in _chunks(queryset, batch_size):
                documents = ((obj, document_for(obj)) for obj in chunk)
                batch = [SearchEntry(kind=kind, object_id=obj.pk, **doc) for obj, doc in documents if doc]
                counts[kind] += _write_batch(backend, batch)
    # Every row is new: without fresh statistics the planner would pick its walks blind.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    backend.settle()
    return counts


def _chunks(queryset, size):
    """The queryset (ordered by pk) in lists of ``size``, each read whole by its own query.

    Not ``iterator()``: its one statement stays open for the whole walk, and on SQLite an
    open read keeps every commit meanwhile in the write-ahead log (no checkpoint may pass
    it), which then grows by gigabytes and slows every page read."""
    chunk = list(queryset[:size])
    while chunk:
        yield chunk
        chunk = list(queryset.filter(pk__gt=chunk[-1].pk)[:size])


def _write_batch(backend, entries):
    if entries:
        with transaction.atomic():
            backend.write_many(SearchEntry.objects.bulk_create(entries))
    return len(entries)
