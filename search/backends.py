"""One interface, two full-text engines: SQLite FTS5 and PostgreSQL tsvector/GIN.

Both receive tokens already segmented by search.text and a parsed query; both
return the same queryset shape (SearchEntry rows annotated with ``score``), so the
query layer, the views and the tests do not care which database runs.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

# Field weights: a hit in the title counts most, then the summary, then the body.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
POSTGRES_WEIGHTS = ("A", "B", "C")
# PostgreSQL limits: positions per lexeme and the largest position.
PG_MAX_POSITIONS = 255
PG_MAX_POSITION = 16383


def _quote_fts(token):
    return '"' + token.replace('"', '""') + '"'


def _quote_tsquery(token):
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


class SQLiteBackend:
    def write(self, entry):
        self.write_many([entry])

    def write_many(self, entries):
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [[entry.pk] for entry in entries])
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [
                    [entry.pk, entry.title_tokens, entry.summary_tokens, entry.body_tokens]
                    for entry in entries
                ],
            )

    def delete(self, ids):
        with connection.cursor() as cursor:
            for pk in ids:
                cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [pk])

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def expression(self, terms):
        parts = []
        for term in terms:
            if term.prefix:
                parts.append(_quote_fts(term.text) + "*")
                continue
            groups = ["(" + " AND ".join(_quote_fts(token) for token in group) + ")" for group in term.groups]
            parts.append("(" + " OR ".join(groups) + ")")
        return " AND ".join(parts)

    def match(self, queryset, terms):
        """``queryset`` narrowed to entries the index matches, without a score."""
        matching = RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [self.expression(terms)])
        return queryset.filter(pk__in=matching)

    def filter(self, queryset, terms):
        """``queryset`` narrowed to matches and annotated with ``score`` (higher is better)."""
        weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
        return queryset.extra(  # noqa: S610 (fixed SQL; user text only ever travels as a parameter)
            select={"score": f"-bm25(search_fts, {weights})"},
            tables=["search_fts"],
            where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
            params=[self.expression(terms)],
        )


class PostgresBackend:
    def vector(self, entry):
        """A tsvector literal with positions and weights, built without PG's parser.

        Building it here (instead of to_tsvector) keeps Han tokens intact whatever
        the server's locale thinks a "word" is.
        """
        positions = {}
        position = 0
        fields = (entry.title_tokens, entry.summary_tokens, entry.body_tokens)
        for weight, tokens in zip(POSTGRES_WEIGHTS, fields, strict=True):
            for token in tokens.split():
                position = min(position + 1, PG_MAX_POSITION)
                slots = positions.setdefault(token, {})
                if len(slots) < PG_MAX_POSITIONS and position not in slots:
                    slots[position] = weight
        return " ".join(
            _quote_tsquery(token) + ":" + ",".join(f"{pos}{weight}" for pos, weight in slots.items())
            for token, slots in positions.items()
        )

    def write(self, entry):
        self.write_many([entry])

    def write_many(self, entries):
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchentry SET vector = %s::tsvector WHERE id = %s",
                [[self.vector(entry), entry.pk] for entry in entries],
            )

    def delete(self, ids):
        """Rows are deleted with their entry; nothing else to do."""

    def clear(self):
        """The vector lives in the entry row; deleting entries clears it."""

    def expression(self, terms):
        parts = []
        for term in terms:
            if term.prefix:
                parts.append(_quote_tsquery(term.text) + ":*")
                continue
            groups = [
                "(" + " & ".join(_quote_tsquery(token) for token in group) + ")" for group in term.groups
            ]
            parts.append("(" + " | ".join(groups) + ")")
        return " & ".join(parts)

    def match(self, queryset, terms):
        """``queryset`` narrowed to entries the index matches, without a score."""
        return queryset.extra(  # noqa: S610 (fixed SQL; user text only ever travels as a parameter)
            where=["search_searchentry.vector @@ %s::tsquery"], params=[self.expression(terms)]
        )

    def filter(self, queryset, terms):
        """``queryset`` narrowed to matches and annotated with ``score`` (higher is better)."""
        expression = self.expression(terms)
        return queryset.extra(  # noqa: S610 (fixed SQL; user text only ever travels as a parameter)
            select={"score": "ts_rank(search_searchentry.vector, %s::tsquery)"},
            select_params=[expression],
            where=["search_searchentry.vector @@ %s::tsquery"],
            params=[expression],
        )


def get_backend():
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"search has no backend for {connection.vendor}")
