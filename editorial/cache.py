"""The public cache's validity rules: the next schedule boundary, and a content generation for memos.

Cached *pages* are kept per surrogate key and purged by the changes that concern them
(editorial/surrogate.py, editorial/purging.py, editorial/middleware.py). What this
module adds:

* the *schedule boundary*, the nearest future ``publish_at`` or ``expire_at`` among pieces
  that may be visible (approved or published), or the next local midnight if sooner. No
  page (in the page cache or at the edge) is kept past it, so a scheduled piece appears
  and an expired one disappears at its moment with no job running; and
* the *content generation*, a token replaced on every save or delete of content, tags,
  people, events, columns… (signals below), under which small computed values shared
  by many pages are kept (``fresh_memo``: list counts, tag counts, the front page's
  slots). A memo also remembers the surrogate keys of what it was computed from, so a
  page that uses it carries them.

The generation must be shared by every process that serves pages. With a shared cache
(Redis, CACHE_URL) it lives in that cache. With the default local-memory cache each
gunicorn worker has its own memos, and a save in one worker must still reach the others:
the generation then lives in a small file (PAGE_CACHE_GENERATION_FILE) read on each
request, which is as shared as the local-memory cache needs (one machine).

Saves made with ``QuerySet.update()`` or ``bulk_create()`` send no signals: call
``bump_generation()`` (and ``editorial.purging.purge()``) after them. Workflow
transitions update the status with a queryset update but always write an AuditEntry
(an editorial model) in the same transaction, and that save is what renews the
generation.
"""

import contextlib
import contextvars
import hashlib
import os
import tempfile
import uuid
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from time import time_ns

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.paginator import Paginator
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property

from editorial import surrogate

GENERATION_KEY = "gongjiang:page-cache:generation"
BOUNDARY_KEY = "gongjiang:page-cache:boundary:%s"


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _process_local(cache):
    return isinstance(cache, LocMemCache)


def generation_file():
    configured = getattr(settings, "PAGE_CACHE_GENERATION_FILE", None)
    if configured:
        return Path(configured)
    # One file per project database, so two checkouts on one machine do not share it.
    database = str(settings.DATABASES["default"].get("NAME", ""))
    digest = hashlib.sha256(f"{settings.BASE_DIR}|{database}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"gongjiang-page-cache-{digest}"


def current_generation():
    """The token of the current content generation.

    A missing token (never set, a flushed or restarted Redis, an evicted key, a cleaned
    temp directory) starts a new generation rather than falling back to a constant:
    pages cached under an old token may still be in the cache and must not come back.
    """
    cache = page_cache()
    if _process_local(cache):
        try:
            return generation_file().read_text() or _new_generation()
        except FileNotFoundError:
            return _new_generation()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        return _new_generation()
    return str(generation)


def _new_generation():
    bump_generation()
    cache = page_cache()
    if _process_local(cache):
        return generation_file().read_text()
    return str(cache.get(GENERATION_KEY))


def bump_generation():
    """Make every cached public page unreachable (a new generation)."""
    reading = _request_reading.get()
    if reading:  # this request's own write: its later memos read the new generation
        reading.clear()
    cache = page_cache()
    if _process_local(cache):
        path = generation_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: readers in other processes see the old token or the new one, never half.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".gen-")
        with os.fdopen(handle, "w") as out:
            out.write(uuid.uuid4().hex)
        os.replace(temporary, path)
        return
    # Start from the clock, not from 1: a key that was lost must never repeat a token
    # that pages were cached under before.
    if not cache.add(GENERATION_KEY, time_ns(), timeout=None):
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # evicted between add and incr
            cache.set(GENERATION_KEY, time_ns(), timeout=None)


# Set inside coalesced_bumps(): saves only mark the block as having changed something.
_coalescing = contextvars.ContextVar("gongjiang_page_cache_coalescing", default=None)


@contextlib.contextmanager
def coalesced_bumps():
    """Renew the generation once for a block of writes, instead of on every save in it.

    For batch writers that render no page inside the block (the importer wraps each
    document's transaction in it): a document saves a dozen rows, and with the default
    local-memory cache every renewal rewrites the generation file. On leaving the block
    the generation is renewed now and again on commit, as after a single save.
    """
    from editorial.purging import coalesced

    if _coalescing.get() is not None:  # nested: the outer block renews
        yield
        return
    changed = []
    token = _coalescing.set(changed)
    try:
        with coalesced():  # and purges the pages it changed once, when it ends
            yield
    finally:
        _coalescing.reset(token)
        # Also when the block ends in an error: writes committed inside it (autocommit)
        # must still renew the generation. A rolled-back block only renews it needlessly.
        if changed:
            bump_generation()
            transaction.on_commit(bump_generation, using=changed[0])


# Models in these apps are what the memos are computed from, with the apps of the content
# types (editorial.registry.content_apps). Not images: a picture's own row changes (its
# renditions) without changing what a memo holds; surrogate keys purge pages showing it.
SHARED_CONTENT_APPS = frozenset({"editorial", "people", "events", "taggit", "search", "portal"})


def makes_pages(model):
    """Whether a change of a ``model`` row renews the memos (list counts, tag counts, slots)."""
    from editorial.registry import content_apps

    label = model._meta.app_label
    return label in SHARED_CONTENT_APPS or label in content_apps()


def _content_changed(sender, **kwargs):
    if not makes_pages(sender):
        return
    if (changed := _coalescing.get()) is not None:
        changed.append(kwargs.get("using"))
        return
    bump_generation()
    # Bump again once the transaction commits: a page rendered by another process between
    # the first bump and the commit saw the old rows and must not stay reachable.
    transaction.on_commit(bump_generation, using=kwargs.get("using"))


def _m2m_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        _content_changed(sender, **kwargs)


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_content_changed, dispatch_uid="gongjiang-page-cache-save")
    post_delete.connect(_content_changed, dispatch_uid="gongjiang-page-cache-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="gongjiang-page-cache-m2m")


# Other apps' moments at which a page changes by itself (a home-page placement's expiry):
# callables ``now -> queryset`` of one datetime column, soonest first, registered in
# their AppConfig.ready().
_boundary_sources = []


def register_boundary(source):
    """Count ``source(now)`` (the next moment something of that app changes) as a schedule boundary."""
    if source not in _boundary_sources:
        _boundary_sources.append(source)


def boundary_moments(now):
    """Querysets, one datetime column each, soonest first: what may change what readers see."""
    from editorial.models import VISIBLE_STATUSES, content_models

    moments = []
    for model in content_models():
        visible = model._base_manager.filter(status__in=VISIBLE_STATUSES)
        for field in ("publish_at", "expire_at"):
            moments.append(visible.filter(**{f"{field}__gt": now}).order_by(field).values(field))
    moments.extend(source(now) for source in _boundary_sources)
    return moments


def compute_boundary(now):
    """The next moment at which what readers may see changes without anyone saving.

    One query: each source's soonest moment is a scalar subquery (an index walk that stops
    at the first row) on a table that always has rows, the content types.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Subquery

    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    moments = [timezone.make_aware(datetime.combine(tomorrow, time.min))]
    subqueries = {f"moment_{n}": Subquery(query[:1]) for n, query in enumerate(boundary_moments(now))}
    row = ContentType.objects.order_by().annotate(**subqueries).values(*subqueries).first()
    if row is None:  # no content types: nothing is installed, nothing can change
        return moments[0]
    moments.extend(moment for moment in row.values() if moment is not None)
    return min(moments)


def current_boundary(generation, now=None):
    """compute_boundary(), cached per generation until the boundary itself passes."""
    now = now or timezone.now()
    cache = page_cache()
    key = BOUNDARY_KEY % generation
    boundary = cache.get(key)
    if boundary is None or boundary <= now:
        boundary = compute_boundary(now)
        timeout = max(1, int((boundary - now).total_seconds()) + 1)
        with contextlib.suppress(Exception):
            cache.set(key, boundary, timeout=min(timeout, 86_400))
    return boundary


# A request's memos (two to six a page) share one reading of the generation and the
# boundary, opened by editorial.middleware: each memo read the generation file and the
# cached boundary again (Python calls: speech page 13,601 -> 13,148, tag 14,043 -> 13,706).
_request_reading = contextvars.ContextVar("gongjiang_page_cache_reading", default=None)


@contextlib.contextmanager
def one_reading():
    """Within the block, fresh_memo() reads the generation and the boundary once."""
    token = _request_reading.set({})
    try:
        yield
    finally:
        _request_reading.reset(token)


def generation_and_boundary(now):
    """current_generation() and its current_boundary(), read once inside one_reading()."""
    reading = _request_reading.get()
    if reading and "boundary" in reading and reading["boundary"] > now:
        return reading["generation"], reading["boundary"]
    generation = _generation()
    boundary = current_boundary(generation, now)
    if reading is not None:
        reading.update(generation=generation, boundary=boundary)
    return generation, boundary


def _generation():
    """current_generation(), read once inside one_reading()."""
    reading = _request_reading.get()
    if reading and "generation" in reading:
        return reading["generation"]
    generation = current_generation()
    if reading is not None:
        reading["generation"] = generation
    return generation


def fresh_memo(name, compute, now=None, timeless=False):
    """compute(), kept exactly as long as a cached page would be.

    The value lives under the current content generation and schedule boundary, so it
    is recomputed after any save and once the next publish_at/expire_at moment passes.
    A ``timeless`` value (the admin's figures: no publish time changes them) lives under
    the generation alone, which spares the boundary's query on a page that reads no other.
    """
    now = now or timezone.now()
    if timeless:
        generation, boundary = _generation(), None
        key = f"gongjiang:memo:{generation}:{name}"
    else:
        generation, boundary = generation_and_boundary(now)
        key = f"gongjiang:memo:{generation}:{boundary.timestamp():.6f}:{name}"
    # A value read once in a request serves it again (the tag counts: twice on a speech or
    # tag page) without unpickling it again; the request's own write empties the reading.
    reading = _request_reading.get()
    entry = reading.get(key) if reading is not None else None
    if entry is None:
        entry = page_cache().get(key)
        if entry is not None and reading is not None:
            reading[key] = entry
    if entry is not None:
        # The page using the value shows what it was made of (editorial/surrogate.py).
        value, shown, declared = entry
        surrogate.shown(*shown)
        surrogate.declare(*declared)
        return value
    with surrogate.collecting() as made_of:
        value = compute()
    cache = page_cache()
    if boundary is None:
        cache.set(key, (value, made_of.shown, made_of.declared), timeout=settings.PAGE_CACHE_SECONDS)
    elif timezone.now() < boundary:
        timeout = min(settings.PAGE_CACHE_SECONDS, max(1, int((boundary - now).total_seconds())))
        cache.set(key, (value, made_of.shown, made_of.declared), timeout=timeout)
    return value


class FreshCountPaginator(Paginator):
    """A Paginator whose COUNT(*) runs once per content generation, not on every page view.

    At 100,000 pieces counting the live rows costs more than the rest of a list page;
    the number only changes when content is saved or a publish_at/expire_at moment
    passes, which is exactly what fresh_memo() tracks. The key is the count's SQL with
    the ``now`` of ``.live()`` (any datetime parameter within a minute of the clock)
    replaced by a marker, so every request in the same window shares it; or
    ``count_key``, a caller's name for the list that spares building that SQL.
    """

    def __init__(self, *args, count_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is not None:
            return fresh_memo(f"count:{self.count_key}", lambda: Paginator.count.func(self))
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        sql, params = query.sql_with_params()
        now = timezone.now()
        marked = ["NOW" if _is_about_now(value, now) else repr(value) for value in params]
        digest = hashlib.sha256(f"{query.model._meta.label}|{sql}|{marked}".encode()).hexdigest()
        return fresh_memo(f"count:{digest}", lambda: Paginator.count.func(self), now=now)


def _is_about_now(value, now):
    """A datetime parameter within a minute of the clock (SQLite gets them as UTC strings)."""
    if isinstance(value, str) and 19 <= len(value) <= 32:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return False
    if not isinstance(value, datetime):
        return False
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return abs((value - now).total_seconds()) < 60
