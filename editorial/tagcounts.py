"""How many live pieces carry each tag, and when a link is shared by a large part of the archive.

Counting only live pieces keeps a tag that only drafts carry off the public pages (its
name could give away an unpublished story). The count reads every tagged item (hundreds
of milliseconds at 100,000 articles), so it is kept under the page cache's validity
rules (``editorial.cache.fresh_memo``): recomputed after a save or when a
publish_at/expire_at moment passes, never stale, never per request.
"""

from collections import Counter

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from taggit.managers import TaggableManager

from editorial.cache import fresh_memo


def tagged_models():
    """Every model tagged through editorial.TaggedItem: articles, speeches, events…"""
    from editorial.models import TaggedItem

    return [
        model
        for model in apps.get_models()
        if any(
            isinstance(field, TaggableManager) and field.through is TaggedItem
            for field in model._meta.many_to_many
        )
    ]


def visible_pieces(model):
    """What readers may see of ``model``: ``.live()``, or everything for models without it (events)."""
    return model.objects.live() if hasattr(model.objects, "live") else model.objects.all()


def live_tag_counts(model=None):
    """{tag id: number of live pieces carrying it}, of ``model`` or of every tagged model.

    Models without ``.live()`` (events) have no unpublished state: all of theirs count.
    """
    per_model = fresh_memo("tags:live-counts", _count_live_tags)
    if model is not None:
        return per_model.get(model._meta.label, {})
    total = Counter()
    for counts in per_model.values():
        total.update(counts)
    return dict(total)


def _count_live_tags():
    from editorial.models import TaggedItem

    per_model = {}
    for model in tagged_models():
        items = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=visible_pieces(model).values("pk"),
        )
        rows = items.order_by().values_list("tag_id").annotate(n=Count("pk"))
        per_model[model._meta.label] = dict(rows)
    return per_model


def tag_carriers(tag):
    """{model label: how many live pieces of that model carry ``tag``}, models with none left out."""
    per_model = fresh_memo("tags:live-counts", _count_live_tags)
    return {label: counts[tag.pk] for label, counts in per_model.items() if tag.pk in counts}


def is_announced(tag, model=None):
    """Whether something live (of ``model``) carries ``tag``: only then may readers see its name.

    A tag only unpublished pieces carry may name a story before it is out: until then
    it has no page, no feed, no sitemap entry and is not printed by search.
    """
    if tag is None:
        return False
    carriers = tag_carriers(tag)
    return bool(carriers.get(model._meta.label) if model is not None else carriers)


def live_total(model):
    """How many live pieces of ``model`` there are, once per content change."""
    return fresh_memo(f"live-total:{model._meta.label}", lambda: model.objects.live().count())


def is_dense(carriers, model):
    """Whether ``carriers`` pieces are enough of ``model``'s archive to find a page by walking it.

    Listing the newest pieces behind a link (a tag, a person) costs either a read and
    a sort of every piece behind it, or a walk down the list until a page is found,
    about ``page × total / carriers`` steps. The two costs cross near
    carriers² ≈ 2 × total (measured on SQLite at 100,000 articles: 72 carriers read
    and sorted in 0.3 ms, walked in 13 ms; 21,000 carriers 118 ms against 0.1 ms).
    """
    return carriers > 0 and carriers * carriers > 2 * live_total(model)
