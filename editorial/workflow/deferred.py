"""Rows of a run of saves written together at its end (the importer's batches).

Inside ``deferred()`` ``record_revision`` and ``record_audit`` queue their rows instead of
saving each one, and a bulk writer may queue rows of its own with ``insert()`` (the
importer: a new draft's bylines, sections) or, for tables of ids, ``insert_values()``
(its tags, people and events, as tuples); when the block ends they are
written with one INSERT per table, in the caller's transaction (the same one as the
saves they go with), in the order queued. Each revision's and audit entry's
``post_save`` is then sent as its own save would have sent it (page cache, purges,
search index); rows queued with ``insert()`` or ``insert_values()`` send none, as
``bulk_create`` sends none.
``kept_with()`` wraps one save's savepoint: if it rolls back, what it queued is dropped
with it. What reads revisions back (``latest_revision``, ``text_version``) writes the
queue first, so it never misses a queued row.

Outside ``deferred()`` nothing changes: each row is saved at once.
"""

import contextlib
import contextvars
from typing import NamedTuple

from django.db import connections, router
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


class Values(NamedTuple):
    """A row of a table of ids (a many-to-many table, tagged items) as its column values."""

    model: type
    fields: tuple  # field names
    values: tuple


def insert_values(model, fields, rows):
    """Queue ``rows`` (tuples of ids, in the order of ``fields``) for one INSERT with the
    batch, or write them now if no block is open: no model instance is built, and nothing
    is prepared field by field (bulk_create's cost, for the ids of an import's links)."""
    queued = _queue.get()
    rows = [Values(model, tuple(fields), tuple(row)) for row in rows]
    if queued is None:
        write_values(model, fields, [row.values for row in rows])
    else:
        queued.extend((row, False) for row in rows)


def write_values(model, fields, values):
    """One INSERT of ``values`` (tuples in the order of ``fields``) into ``model``'s table, now."""
    if not values:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Names from the model's metadata, values as parameters.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


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
        key = (row.model, row.fields) if isinstance(row, Values) else type(row)
        by_model.setdefault(key, []).append(row)
    for key, rows in by_model.items():
        if isinstance(key, tuple):
            write_values(*key, [row.values for row in rows])
        else:
            key.objects.bulk_create(rows)
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
