"""The import part of the content-type contract: how a parsed document becomes a piece.

A type that documents can be imported as declares an ``ImportMapping`` in its own app
(``EditorialContent.import_mapping``): which kinds of parsed document it takes, its own
fields, the rows it links to and its inlines. ``import_documents`` (ingest) sets the
fields every piece has, links people, events and tags, and loops over these mappings;
it names no type.

``record`` is the parsers' intermediate record (ingest.record.Record); ``links`` finds
or creates, once per run, the people, events and other rows a record names
(ingest.writing.Links), so a mapping writes no look-up of its own.
"""

import functools

from editorial.registry import content_types


class ImportMapping:
    """A content type's import mapping; every method has the answer of a type without extras."""

    # The kinds of parsed document (ingest.record.Record.kind) this type takes.
    kinds = ()

    def __init__(self, model):
        self.model = model

    def body(self, record):
        """The piece's body HTML (not yet sanitised) from the record."""
        return record.body

    def inline_bodies(self, record):
        """HTML of the record's inline rows: sanitised up front with the body (ingest.writing.prepare)."""
        return []

    def limits(self):
        """(key, label, limit, values) for this type's own fields: ``values(record)`` lists the
        strings that must fit ``limit`` whole (ingest.limits; key: one check per value)."""
        return []

    def fill(self, piece, record):
        """Set this type's own fields that come from the record alone (no database)."""

    def link(self, piece, record, links, events):
        """Set this type's foreign keys (``events``: the record's Event rows, found or created)."""

    def unsaved_inlines(self, record):
        """The record's inline rows, unsaved, for the content checks (placeholders); None: none."""
        return None

    def write_inlines(self, piece, record, bodies, links, created):
        """Write the piece's inline rows (``bodies``: inline_bodies sanitised). Returns
        {inline name: rows as a revision snapshot holds them} (EditorialContent.INLINES)."""
        return {}

    @staticmethod
    def field_limit(key, model, field_name, label=None):
        """The limit of ``model.field_name`` on the record's attribute ``key`` (one value)."""
        field = model._meta.get_field(field_name)
        return (
            key,
            str(label or field.verbose_name),
            field.max_length,
            lambda record: [getattr(record, key)],
        )


@functools.cache
def mappings():
    """The import mapping of every type that takes documents, in registry order."""
    return tuple(mapping for mapping in (model.import_mapping() for model in content_types()) if mapping)


def for_kind(kind):
    """The mapping of the first type taking ``kind`` (``article``…), or None."""
    return next((mapping for mapping in mappings() if kind in mapping.kinds), None)


def kinds():
    """Every kind of document some type takes, in registry order."""
    return list(dict.fromkeys(kind for mapping in mappings() for kind in mapping.kinds))
