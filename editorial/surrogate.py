"""Surrogate keys: which content a public page shows, named so a change can find the page.

A key names one object (``a123`` an article, ``s7`` a speech, ``tag-17``, ``col-4``,
``person-9``, ``event-2``, ``image-5``…) or one list (``list-article``, ``home``,
``search``). A page carries

* the key of every object of ours built while it rendered (``Model.from_db`` through
  ``post_init``): the piece itself, every card, the neighbours its previous/next links
  name, the people in its byline, its tags, column and events. Nothing is declared by
  hand, so a new field printed on a page is covered the day it is printed; and
* the list keys its view declares (``declare()``): the lists whose membership it shows,
  a type's (``list-article``) or one object's members (``members_key``: ``list-col-4``
  on the column's page, ``list-tag-17`` on a page whose related list follows the tag).
  An object's own key (``col-4``) says only that the page prints the object (its name):
  a piece filed in the column purges ``list-col-4``, not every page printing the
  column's name; an article page declares ``links-a3`` for its previous/next links,
  which a piece filed beside it purges. A page that declares none carries ``site``,
  which every change purges, so an undeclared page (a feed, the sitemap) is as fresh as
  under the old site-wide generation; and
* ``all``, which bulk paths purge (``editorial.purging.purge_all``).

Models choose their prefix with ``SURROGATE_PREFIX`` (default ``<model_name>-``; ``None``
for records no public page prints). Pieces answer ``surrogate_listing_keys()`` (the lists
they appear on), so a new content type gets correct purging with no change here.
"""

import contextlib
import contextvars
import functools

from django.db.models.signals import post_init

# Apps whose models make up public pages (the same set whose changes purge), besides the
# apps of content types, which join by themselves (watched_apps()).
CONTENT_APPS = frozenset(
    {"editorial", "articles", "speeches", "people", "events", "taggit", "search", "portal", "images"}
)
SITE = "site"  # carried by pages that declare no list; purged by every change
ALL = "all"  # carried by every page; purged by bulk paths
HOME = "home"
SEARCH = "search"


class PageKeys:
    """The keys gathered while one page renders."""

    __slots__ = ("shown", "declared")

    def __init__(self):
        self.shown = set()
        self.declared = set()

    def keys(self):
        keys = self.shown | self.declared | {ALL}
        if not self.declared:
            keys.add(SITE)
        return keys


_page = contextvars.ContextVar("gongjiang_surrogate_page", default=None)


@contextlib.contextmanager
def collecting():
    """Gather the keys of what renders inside the block (nested blocks feed the outer one)."""
    outer = _page.get()
    page = PageKeys()
    token = _page.set(page)
    try:
        yield page
    finally:
        _page.reset(token)
        if outer is not None:
            outer.shown |= page.shown
            outer.declared |= page.declared


def declare(*keys):
    """The page being rendered lists these (``list-article``, ``home``…)."""
    page = _page.get()
    if page is not None:
        page.declared.update(keys)


def shown(*keys):
    """The page being rendered shows these objects (for values kept outside model instances)."""
    page = _page.get()
    if page is not None:
        page.shown.update(keys)


@functools.cache
def watched_apps():
    """CONTENT_APPS and every app that defines a content type (a new type's app joins by itself)."""
    from editorial.models import content_models

    return CONTENT_APPS | {model._meta.app_label for model in content_models()}


def prefix_of(model):
    if model._meta.app_label not in watched_apps():
        return None
    prefix = getattr(model, "SURROGATE_PREFIX", "")
    if prefix is None:
        return None
    return prefix or f"{model._meta.model_name}-"


def key_for(model, pk):
    """The key of ``model`` row ``pk``, or None for a model no public page prints."""
    prefix = prefix_of(model)
    return None if prefix is None or pk is None else f"{prefix}{pk}"


def key_of(instance):
    return key_for(type(instance)._meta.concrete_model, instance.pk)


def list_key(model):
    """The key of every list of ``model`` (``list-article``): purged when its membership changes."""
    return f"list-{model._meta.concrete_model._meta.model_name}"


def members_key(model, pk):
    """The key of the list of ``model`` row ``pk``'s members (``list-col-4``, ``list-tag-17``).

    Purged when a piece joins or leaves it; the object's own key (``col-4``) only when
    the object itself changes (a rename), since the pages that print its name carry that.
    """
    key = key_for(model, pk)
    return None if key is None else f"list-{key}"


def members_key_of(instance):
    return members_key(type(instance)._meta.concrete_model, instance.pk)


def links_key(model, pk):
    """The key of the previous/next links on row ``pk``'s page (``links-a3``).

    A piece filed next to it purges this, not ``a3``: the pages that merely print a3's
    title (its own neighbours' links, cards) stay.
    """
    key = key_for(model, pk)
    return None if key is None else f"links-{key}"


def member_lists(model, pks):
    """``members_key`` of each of ``pks`` and of the lists that include their members too.

    A model whose pages also list the members of others (a column lists its sub-columns'
    pieces) says which with ``surrogate_lists_including(pks)``, returning the pks of
    every list that shows a member of ``pks`` (themselves included).
    """
    model = model._meta.concrete_model
    pks = {pk for pk in pks if pk is not None}
    including = getattr(model, "surrogate_lists_including", None)
    if including is not None and pks:
        pks = set(including(pks))
    return {members_key(model, pk) for pk in pks} - {None}


def _instance_built(sender, instance, **kwargs):
    page = _page.get()
    if page is None or instance.pk is None:
        return
    key = key_of(instance)
    if key is not None:
        page.shown.add(key)


def connect_signals():
    from django.apps import apps

    # Only our public models: building a user, a session or an audit entry costs nothing extra.
    for model in apps.get_models():
        if prefix_of(model) is not None:
            post_init.connect(
                _instance_built, sender=model, dispatch_uid=f"gongjiang-surrogate-{model._meta.label}"
            )


def header_value(keys):
    """Space-separated, sorted: what the ``xkey`` / ``Surrogate-Key`` headers carry."""
    return " ".join(sorted(keys))
