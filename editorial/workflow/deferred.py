"""Rows of a run of saves written together at its end (the importer's batches).

Inside ``deferred()`` ``record_revision`` and ``record_audit`` queue their rows instead of
saving each one, and a bulk writer may queue rows of its own with ``insert()`` (the
importer: a new draft's tags, people, bylines, sections); when the block ends they are
written with one INSERT per table, in the caller's transaction (the same one as the
saves they go with), in the order queued. Each revision's and audit entry's
``post_save`` is then sent as its own save would have sent it (page cache, purges,
search index); rows queued with ``insert()`` send none, as ``bulk_create`` sends none.
``kept_with()`` wraps one save's savepoint: if it rolls back, what it queued is dropped
with it. What reads revisions back (``latest_revision``, ``text_version``) writes the
queue first, so it never misses a queued row.

Outside ``deferred()`` nothing changes: each row is saved at once.
"""

import contextlib
import contextvars

from django.db.models.signals import post_save

_queue = contextvars.ContextVar("gongjiang_deferred_rows", default=None)


def queue(row):
    """Queue ``row`` (a Revision or AuditEntry) if a deferred block is open; False if not."""
    rows = _queue.get()
    if rows is None:
        return False
    rows.append((row, True))
    return True


def insert(rows):
    """Queue ``rows`` to be written as ``bulk_create`` writes them (no signal); False if no block is open."""
    queued = _queue.get()
    if queued is None:
        return False
    queued.extend((row, False) for row in rows)
    return True


@contextlib.contextmanager
def deferred():
    """Queue the block's rows; write them when it ends (not on an error: its transaction rolls back)."""
    if _queue.get() is not None:  # nested: the outer block writes
        yield
        return
    token = _queue.set([])
    try:
        yield
        flush()
    finally:
        _queue.reset(token)


@contextlib.contextmanager
def kept_with():
    """Drop what the block queued if it raises (its savepoint rolled back)."""
    rows = _queue.get()
    mark = len(rows) if rows is not None else 0
    try:
        yield
    except BaseException:
        if rows is not None:
            del rows[mark:]
        raise


def flush():
    """Write the queued rows now: one INSERT per model, then the records' post_save, in queue order."""
    queued = _queue.get()
    if not queued:
        return
    pending = list(queued)
    queued.clear()
    by_model = {}
    for row, _signal in pending:
        by_model.setdefault(type(row), []).append(row)
    for model, rows in by_model.items():
        model.objects.bulk_create(rows)
    for row, signal in pending:
        if signal:
            post_save.send(
                sender=type(row),
                instance=row,
                created=True,
                update_fields=None,
                raw=False,
                using=row._state.db,
            )
