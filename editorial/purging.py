"""What a change purges, and purging it: the page cache at once and on commit, the edge after commit.

Every save, delete and many-to-many change of a model of ours (signals below) purges

* the object's own key (every page that printed it: its page, the cards and links
  naming it, the bylines printing a person's name) and its list key (``list-person``:
  a rename may move it in a list), plus, for the objects it points at, a piece's key or
  another object's member list (a byline row purges its article and ``list-person-9``,
  the person's page listing it, not every page printing the person's name);
* for a piece (``EditorialContent``) whose listing state changed — created, deleted,
  status, publish_at, expire_at, column, speaker… (a workflow step, a schedule, a move),
  or its tags, people or events — every list it appears on, before and after
  (``surrogate_listing_keys()``: its type's lists, home, search, the member lists of its
  tags, people, events and column, and an article's neighbours). A plain edit of a live
  piece leaves the lists alone: the lists that show it carry its own key;
* ``site``, carried by pages that declare no list (feeds, the sitemap).

Workflow transitions write state with a queryset update (no signal) but always add an
AuditEntry in the same transaction: that entry purges the piece's lists. ``bulk_create``
and ``update()`` send no signal: bulk paths call ``purge()`` (or ``purge_all()``) with
what they changed; the importer wraps each document in ``coalesced()``, which purges the
pieces it saved once their tags and people are written.
"""

import contextlib
import contextvars
import functools

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from editorial import edge
from editorial import surrogate as keys_
from editorial.cache import page_cache
from editorial.purge_clock import clock_for

# Audit events that go with a save of the piece itself, which purges on its own.
SAVE_EVENTS = frozenset({"saved", "created", "overwritten", "refused"})


def clock():
    return clock_for(page_cache())


def purge(keys, using=None):
    """Purge ``keys`` (and ``site``) from the page cache now and on commit, and from the edge after commit."""
    keys = {key for key in keys if key} | {keys_.SITE}
    if settings.PAGE_CACHE_PURGE_EVERYTHING:  # the old site-wide generation, for comparison
        keys.add(keys_.ALL)
    batch = _batch.get()
    if batch is not None:
        batch.keys |= keys
        batch.using = using
        return
    _purge_now(keys)
    # Again once the transaction commits: a page rendered by another process between now
    # and the commit read the old rows and must not be served.
    transaction.on_commit(functools.partial(_purge_committed, frozenset(keys)), using=using)


def purge_all(using=None):
    """Every cached page, here and at the edge (bulk loads, restores)."""
    purge({keys_.ALL}, using=using)


def _purge_now(keys):
    clock().advance(keys)


def _purge_committed(keys):
    clock().advance(keys)
    edge.purge(keys)


class _Batch:
    def __init__(self):
        self.keys, self.pieces, self.using = set(), set(), None


_batch = contextvars.ContextVar("gongjiang_purge_batch", default=None)


@contextlib.contextmanager
def coalesced():
    """Purge once for a block of writes, when it ends (and again on commit), not on each save.

    Pieces saved inside are purged with the lists they are on *when the block ends*: the
    importer writes a piece, then its tags and people with ``bulk_create`` (no signal).
    """
    if _batch.get() is not None:  # nested: the outer block purges
        yield
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
        # Also when the block ends in an error: rows committed inside it (autocommit) changed.
        keys = set(batch.keys)
        for model, pk in batch.pieces:
            piece = model._base_manager.filter(pk=pk).first()
            keys |= piece.surrogate_listing_keys() if piece is not None else {keys_.key_for(model, pk)}
        if keys:
            purge(keys, using=batch.using)


def is_piece(model):
    from editorial.models import EditorialContent

    return issubclass(model, EditorialContent)


def _watched(model):
    return model._meta.app_label in keys_.watched_apps()


# --- pieces -------------------------------------------------------------------------


def listing_state_fields(model):
    """The stored fields that decide where a piece is listed: visibility and what it belongs to."""
    fields = ["status", "publish_at", "expire_at"]
    for field in model._meta.concrete_fields:
        related = field.related_model if field.many_to_one else None
        if related is not None and keys_.prefix_of(related) and related._meta.app_label != "images":
            fields.append(field.attname)
    return fields


def _state_keys(model, state):
    """The member lists a stored listing state put the piece on (its column and the column's
    ancestors, its speaker…): a piece moved away must leave them."""
    found = set()
    for field in model._meta.concrete_fields:
        if field.many_to_one and state.get(field.attname) is not None:
            related = field.related_model
            if keys_.prefix_of(related) is not None and related._meta.app_label != "images":
                found |= keys_.member_lists(related, [state[field.attname]])
    return found


def _piece_before_save(sender, instance, raw=False, **kwargs):
    if raw or not is_piece(sender) or instance._state.adding or instance.pk is None:
        return
    fields = listing_state_fields(sender)
    instance._surrogate_before = sender._base_manager.filter(pk=instance.pk).values(*fields).first()


def _piece_saved(sender, instance, created, raw=False, using=None, **kwargs):
    before = instance.__dict__.pop("_surrogate_before", None)
    if raw:
        return
    after = {name: getattr(instance, name) for name in listing_state_fields(sender)}
    if not created and before is not None and before == after:
        purge({keys_.key_of(instance)}, using=using)  # a plain edit: the pages that print it
        return
    if (created or (before is not None and _hidden(before))) and _hidden(after):
        purge({keys_.key_of(instance)}, using=using)  # a draft filed or moved: on no list
        return
    batch = _batch.get()
    old = _state_keys(sender, before) if before else set()
    if batch is not None:
        batch.pieces.add((sender._meta.concrete_model, instance.pk))
        batch.keys |= old
        batch.using = using
        return
    purge(instance.surrogate_listing_keys() | old, using=using)


def _hidden(state):
    """A stored listing state no reader's list shows (a draft, a piece in review)."""
    from editorial.models import VISIBLE_STATUSES

    return state["status"] not in VISIBLE_STATUSES


def _piece_before_delete(sender, instance, **kwargs):
    if is_piece(sender) and instance.pk is not None:
        instance._surrogate_deleted = instance.surrogate_listing_keys()


# --- any model of ours ----------------------------------------------------------------


def change_keys(instance):
    """What a save or delete of a (non-piece) object purges."""
    model = type(instance)._meta.concrete_model
    declared = getattr(model, "SURROGATE_CHANGE_KEYS", None)
    if declared is not None:
        return set(declared)
    link = getattr(model, "SURROGATE_LINK", False)
    if keys_.prefix_of(model) is None and not link:
        return set()
    # A link row no page prints (a tag on a piece): only the two sides it links.
    found = set() if link else {keys_.key_of(instance), keys_.list_key(model)}
    for field in model._meta.concrete_fields:
        value = getattr(instance, field.attname, None) if field.many_to_one else None
        if value is not None:
            # A byline row: its piece's page prints it, its person's page lists the piece.
            found |= _side_keys(field.related_model, value)
    # Records that point at a piece through a generic key (corrections, placements).
    content_type_id, object_id = (
        getattr(instance, "content_type_id", None),
        getattr(instance, "object_id", None),
    )
    if content_type_id and object_id:
        target = ContentType.objects.get_for_id(content_type_id).model_class()
        if target is not None:
            found.add(keys_.key_for(target, object_id))
    return found


def _side_keys(model, pk):
    """A piece's own key; for anything else, its member lists (``list-tag-17``): what a link
    between the two changes. The object's own key (pages printing its name) stays."""
    model = model._meta.concrete_model
    return {keys_.key_for(model, pk)} if is_piece(model) else keys_.member_lists(model, [pk])


def _saved(sender, instance, created=False, raw=False, using=None, **kwargs):
    if raw or not _watched(sender):
        return
    if is_piece(sender):
        _piece_saved(sender, instance, created, using=using)
    elif getattr(sender, "SURROGATE_LINK", False):
        return  # a new link row: m2m_changed purges (or the importer's coalesced block)
    elif sender._meta.label == "editorial.AuditEntry":
        _audited(instance, using)
    elif found := change_keys(instance):
        purge(found, using=using)


def _deleted(sender, instance, using=None, **kwargs):
    if not _watched(sender):
        return
    if is_piece(sender):
        purge(instance.__dict__.pop("_surrogate_deleted", set()) | {keys_.key_of(instance)}, using=using)
    elif found := change_keys(instance):
        purge(found, using=using)


def _audited(entry, using):
    """A workflow step (status or schedule written with update()): purge the piece's lists."""
    if not entry.content_type_id or entry.code.rsplit(".", 1)[-1] in SAVE_EVENTS:
        return
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    if model is None or not is_piece(model):
        return
    batch = _batch.get()
    if batch is not None:
        batch.pieces.add((model._meta.concrete_model, entry.object_id))
        return
    piece = model._base_manager.filter(pk=entry.object_id).first()
    if piece is not None:
        purge(piece.surrogate_listing_keys(), using=using)


def _m2m_changed(sender, instance, action, model, pk_set=None, using=None, **kwargs):
    if not (_watched(type(instance)) or _watched(model)):
        return
    owner = type(instance)._meta.concrete_model
    if action == "pre_clear":
        # Which rows are about to go is only known now.
        instance._surrogate_cleared = instance.surrogate_listing_keys() if is_piece(owner) else set()
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    # A piece's page prints its tags; the tag's page (and related lists) list its pieces.
    found = {keys_.list_key(owner), keys_.list_key(model), keys_.HOME} | _side_keys(owner, instance.pk)
    for pk in pk_set or ():
        found |= _side_keys(model, pk)
    found |= instance.__dict__.pop("_surrogate_cleared", set())
    batch = _batch.get()
    if batch is not None and is_piece(owner):
        batch.pieces.add((owner, instance.pk))
    purge(found, using=using)


def connect_signals():
    pre_save.connect(_piece_before_save, dispatch_uid="gongjiang-purge-pre-save")
    post_save.connect(_saved, dispatch_uid="gongjiang-purge-save")
    pre_delete.connect(_piece_before_delete, dispatch_uid="gongjiang-purge-pre-delete")
    post_delete.connect(_deleted, dispatch_uid="gongjiang-purge-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="gongjiang-purge-m2m")
