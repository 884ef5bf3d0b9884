"""Revisions and audit entries of a run of saves, written together (the importer's batches).

Inside ``deferred()`` ``record_revision`` and ``record_audit`` queue their rows instead of
saving each one; when the block ends they are written with one INSERT per table, in the
caller's transaction (the same one as the saves they record), and each row's
``post_save`` is sent as its own save would have sent it (page cache, purges, search
index). ``kept_with()`` wraps one save's savepoint: if it rolls back, what it queued is
dropped with it. Anything that reads revisions back (``latest_revision``,
``text_version``) writes the queue first, so it never misses a queued row.

Outside ``deferred()`` nothing changes: each row is saved at once.
"""

import contextlib
import contextvars

from django.db.models.signals import post_save

_queue = contextvars.ContextVar("gongjiang_deferred_records", default=None)


def queue(row):
    """Queue ``row`` (a Revision or AuditEntry) if a deferred block is open; False if not."""
    rows = _queue.get()
    if rows is None:
        return False
    rows.append(row)
    return True


@contextlib.contextmanager
def deferred():
    """Queue the workflow's records of the block's saves; write them when it ends (not on an error)."""
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
    """Write the queued rows now: one INSERT per model, then their post_save signals, in queue order."""
    rows = _queue.get()
    if not rows:
        return
    pending = list(rows)
    rows.clear()
    by_model = {}
    for row in pending:
        by_model.setdefault(type(row), []).append(row)
    for model, instances in by_model.items():
        model.objects.bulk_create(instances)
    for row in pending:
        post_save.send(
            sender=type(row), instance=row, created=True, update_fields=None, raw=False, using=row._state.db
        )
