"""One interface, two full-text engines: SQLite FTS5 and PostgreSQL tsvector/GIN.

Both receive tokens already segmented by search.text and parsed query terms. A
document's fields are weighted fields of the index itself (FTS5 columns title,
summary, body; tsvector weights A, B, C), so the index alone says whether every term
is in the headline (tier 0), in the headline or summary (tier 1) or anywhere (tier 2).
``rows`` gives the entries of one tier newest first, answered from the index in that
order so a page stops reading after its rows whatever the number of matches
(search.query scores those rows only).
"""

import contextlib
import json

from django.db import connection
from django.db.models.expressions import RawSQL

from search.models import SearchEntry

# Weights of the fields in the tsvector: title, summary, body.
POSTGRES_WEIGHTS = ("A", "B", "C")
# Which index fields each tier's terms must all stand in (tier 2: anywhere).
SQLITE_TIER_COLUMNS = ("{title}", "{title summary}", "")
# Which FTS5 table answers each tier: the headline tiers their own small table, whose
# matches are headline matches only (in search_fts a word every body holds would have
# the archive's matches walked to find the few in a title).
SQLITE_TIER_TABLES = ("search_head_fts", "search_head_fts", "search_fts")
POSTGRES_TIER_WEIGHTS = ("A", "AB", "")
TIERS = range(len(SQLITE_TIER_COLUMNS))
# PostgreSQL limits: positions per lexeme and the largest position.
PG_MAX_POSITIONS = 255
PG_MAX_POSITION = 16383
# Lexeme a vector carries when it lost positions to those limits (a very long text, or a
# token repeated more than 255 times); no query token can be it (tokens are letters,
# digits and Han characters only).
PG_LOSSY = "_lossy"
# PostgreSQL: a query the planner estimates past the cap, and PROBE_HITS of the newest
# PROBE candidates match, is past the cap (surely_past).
PROBE = 50
PROBE_HITS = 3
# PostgreSQL: how many of the newest candidates a headline tier of a common word is
# first looked for in (rows()).
HEAD_WINDOW = 400
# The order key: publication second, then the entry id's low bits (unique while ids stay
# below 2**24, about 16 million entries; a unique constraint makes a clash loud).
ORDER_KEY_ID_BITS = 24


def order_key(entry):
    """An integer that sorts entries as (publish_at, id): the FTS5 rowid on SQLite."""
    second = int(entry.publish_at.timestamp())
    return (second << ORDER_KEY_ID_BITS) | (entry.pk & ((1 << ORDER_KEY_ID_BITS) - 1))


def _quote_fts(text):
    return '"' + text.replace('"', '""') + '"'


def _quote_tsquery(token):
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


class SQLiteBackend:
    """FTS5 tables search_fts(title, summary, body) and search_head_fts(title, summary),
    whose rowid is the entry's order key."""

    def write(self, entry):
        self.write_many([entry])

    def write_many(self, entries):
        old = [[entry.sort_key] for entry in entries if entry.sort_key is not None]
        for entry in entries:
            entry.sort_key = order_key(entry)
        self.delete([key for [key] in old])
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchentry SET sort_key = %s WHERE id = %s",
                [[entry.sort_key, entry.pk] for entry in entries],
            )
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [
                    [entry.sort_key, entry.title_tokens, entry.summary_tokens, entry.body_tokens]
                    for entry in entries
                ],
            )
            cursor.executemany(
                "INSERT INTO search_head_fts (rowid, title, summary) VALUES (%s, %s, %s)",
                [[entry.sort_key, entry.title_tokens, entry.summary_tokens] for entry in entries],
            )

    def delete(self, keys):
        with connection.cursor() as cursor:
            for table in ("search_fts", "search_head_fts"):
                cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [[key] for key in keys if key])  # noqa: S608

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
            cursor.execute("DELETE FROM search_head_fts")

    def settle(self):
        """After a bulk write: nothing to do, FTS5 writes straight into its index."""

    def expression(self, terms, tier=2):
        """Every term in the tier's columns (a phrase of its tokens, or a prefix)."""
        parts = [
            _quote_fts(term.text) + "*" if term.prefix else _quote_fts(" ".join(term.phrase))
            for term in terms
        ]
        every = " AND ".join(parts)
        columns = SQLITE_TIER_COLUMNS[tier]
        return f"{columns} : ({every})" if columns else every

    def tier_expression(self, terms, tier):
        """The tier's matches that no better tier holds."""
        if tier == 0:
            return self.expression(terms, 0)
        return f"({self.expression(terms, tier)}) NOT ({self.expression(terms, tier - 1)})"

    def match(self, queryset, terms):
        """``queryset`` narrowed to entries the index matches, unordered (every match)."""
        matching = RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [self.expression(terms)])
        return queryset.filter(sort_key__in=matching)

    def headline_candidates(self, kind, terms, cap):
        """SQL for up to ``cap + 1`` ``kind`` entries whose headline holds every term (any
        visibility), as (object_id, in the title): the admin's search (search.query.
        headline_matches). The title's matches are read from the index and stop there."""
        sql = (
            "SELECT search_searchentry.object_id, TRUE FROM search_head_fts CROSS JOIN search_searchentry "
            "ON search_searchentry.sort_key = search_head_fts.rowid "
            "WHERE search_head_fts MATCH %s AND search_searchentry.kind = %s LIMIT %s"
        )
        return sql, [self.expression(terms, 0), kind, cap + 1]

    def few(self):
        """Reading for a query known to match few entries: the index is always read first."""
        return contextlib.nullcontext()

    def many(self):
        """Reading for a query known to match many entries: the same."""
        return contextlib.nullcontext()

    def rows(self, queryset, terms, tier, offset, limit, fields):
        """Rows ``offset`` to ``offset + limit`` of ``tier``, newest first."""
        table = SQLITE_TIER_TABLES[tier]
        columns = ", ".join(f'"search_searchentry"."{name}"' for name in fields)
        sql, params = self._walk(queryset, self.tier_expression(terms, tier), columns, table)
        return list(SearchEntry.objects.raw(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset]))

    def count_in_order(self, queryset, terms, cap):
        """The capped count, and no keys: each tier's rows are read newest first from its
        own FTS5 table (``rows``), the count walks the whole index."""
        return self.count(queryset, terms, cap), None

    def count(self, queryset, terms, cap, tier=None):
        """How many entries match (those of ``tier`` only, when given), counting no further than ``cap``."""
        if tier is None:
            sql, params = self._walk(queryset, self.expression(terms), "1")
        else:
            expression, table = self.tier_expression(terms, tier), SQLITE_TIER_TABLES[tier]
            sql, params = self._walk(queryset, expression, "1", table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT %s)", [*params, cap])  # noqa: S608 (fixed SQL)
            return cursor.fetchone()[0]

    def _walk(self, queryset, expression, columns, table="search_fts"):
        """SQL reading the index newest first, outward to the entries ``queryset`` keeps.

        CROSS JOIN keeps the index the outer loop: left to itself SQLite sometimes walks
        the live entries instead and runs the full-text query once per entry (seconds).
        Visibility and filters come from ``queryset``'s own WHERE, so they are the ones
        every public page uses, and are read from the covering index search_entry_walk.
        """
        where, params = _where(queryset)
        # Fixed SQL and Django's compiled WHERE; the query text only travels as a parameter.
        sql = (
            f"SELECT {columns} FROM {table} CROSS JOIN search_searchentry "  # noqa: S608
            f"ON search_searchentry.sort_key = {table}.rowid "
            f"WHERE {table} MATCH %s AND {where} ORDER BY {table}.rowid DESC"
        )
        return sql, [expression, *params]


class PostgresBackend:
    """Two tsvector columns with GIN indexes: ``vector`` (title A, summary B, body C) and
    ``head_vector`` (title and summary only). A vector is read whole to test a row, and a
    body's is tens of kilobytes kept out of line, so the headline tiers are decided on
    the small head vector; the walk follows the order-key index, or the planner takes
    the GIN index when few rows match."""

    # Inside few() or many(): how the tiers are read, whatever the planner estimates.
    reading = None

    def vectors(self, entry):
        """tsvector literals (whole, head) with positions and weights, built without PG's parser.

        Building them here (instead of to_tsvector) keeps Han tokens intact whatever
        the server's locale thinks a "word" is. Positions follow the token stream, so a
        run's bigrams stand at consecutive positions and match as a phrase.
        """
        positions = {}
        position = 0
        lossy = False
        fields = (entry.title_tokens, entry.summary_tokens, entry.body_tokens)
        for weight, tokens in zip(POSTGRES_WEIGHTS, fields, strict=True):
            for token in tokens.split():
                position += 1
                slots = positions.setdefault(token, {})
                if position > PG_MAX_POSITION or len(slots) >= PG_MAX_POSITIONS:
                    lossy = True
                    continue
                slots[position] = weight
        head = {
            token: head_slots
            for token, slots in positions.items()
            if (head_slots := {pos: weight for pos, weight in slots.items() if weight != "C"})
        }
        if lossy:
            positions[PG_LOSSY] = {}
        return _tsvector(positions), _tsvector(head)

    def write(self, entry):
        self.write_many([entry])

    def write_many(self, entries):
        rows = []
        for entry in entries:
            entry.sort_key = order_key(entry)
            rows.append([*self.vectors(entry), entry.sort_key, entry.pk])
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchentry SET vector = %s::tsvector, head_vector = %s::tsvector, "
                "sort_key = %s WHERE id = %s",
                rows,
            )

    def delete(self, keys):
        """Rows are deleted with their entry; nothing else to do."""

    def clear(self):
        """The vectors live in the entry row; deleting entries clears them."""

    def settle(self):
        """After a bulk write: the body index's queued entries merged into it, or every
        search reads them one by one (migration 0008)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list('search_entry_vector'::regclass)")

    def _term(self, term, weights):
        if term.prefix:
            return _quote_tsquery(term.text) + ":*" + weights
        suffix = ":" + weights if weights else ""
        phrase = " <-> ".join(_quote_tsquery(token) + suffix for token in term.phrase)
        if len(term.phrase) == 1 or weights:
            # Headline and summary positions come first and are never lost.
            return f"({phrase})"
        # In a vector that lost positions the bigrams are only known to be present.
        present = " & ".join(_quote_tsquery(token) for token in term.phrase)
        return f"({phrase} | ({_quote_tsquery(PG_LOSSY)} & {present}))"

    def expression(self, terms, tier=2):
        return " & ".join(self._term(term, POSTGRES_TIER_WEIGHTS[tier]) for term in terms)

    def match(self, queryset, terms):
        """``queryset`` narrowed to entries the index matches, unordered (what is counted)."""
        return queryset.extra(  # noqa: S610 (fixed SQL; user text only ever travels as a parameter)
            where=["search_searchentry.vector @@ %s::tsquery"], params=[self.expression(terms)]
        )

    def headline_candidates(self, kind, terms, cap):
        """SQL for up to ``cap + 1`` ``kind`` entries whose title or summary holds every
        term (any visibility), as (object_id, in the title): the admin's search
        (search.query.headline_matches).

        Only the title's weight needs a vector read whole (TOAST) for each candidate:
        asked of every entry, 12,728 titles of 69,214 headlines holding 工匠 at 100,000
        articles took 3.4 s. Here the weightless match stops at ``cap + 1`` candidates
        (the GIN index answers a rare word, a common one is found within a few hundred
        rows) and the title's weight is read for those only.
        """
        sql = (
            "SELECT object_id, head_vector @@ %s::tsquery FROM search_searchentry "
            "WHERE kind = %s AND head_vector @@ %s::tsquery LIMIT %s"
        )
        return sql, [self.expression(terms, 0), kind, self.expression(terms), cap + 1]

    @contextlib.contextmanager
    def few(self):
        """Reading for a query known to match few entries.

        The planner cannot tell that from a phrase, and walking the order-key index to
        find them would read the archive's vectors one by one; through the GIN index
        they are found at once and sorted (ordered by an expression that index cannot give).
        """
        self.reading = "few"
        try:
            yield
        finally:
            self.reading = None

    @contextlib.contextmanager
    def many(self):
        """Reading for a query known to match many entries: the body tier is walked newest
        first, whatever the planner estimates (a phrase's estimate of 3 rows for 王进喜's
        12,079 had every match read through the GIN index and sorted: 427 ms)."""
        self.reading = "many"
        try:
            yield
        finally:
            self.reading = None

    def rows(self, queryset, terms, tier, offset, limit, fields):
        """Rows ``offset`` to ``offset + limit`` of ``tier``, newest first.

        A headline tier of a query known to match many entries is first looked for among
        the newest HEAD_WINDOW candidates, walked in order: the planner guesses a headline
        phrase as rare (大国工匠: 29 rows for 3,210) and reads and sorts every match
        (40 ms). Only when those do not fill the page does the planner choose.
        """
        columns = ", ".join(f'"search_searchentry"."{name}"' for name in fields)
        if self.reading == "many" and tier < 2:
            where, params = _where(queryset)
            # Fewer candidates than the window: all of them.
            window = (
                f"SELECT sort_key FROM search_searchentry WHERE {where} "  # noqa: S608 (fixed SQL)
                f"ORDER BY sort_key DESC LIMIT 1 OFFSET {HEAD_WINDOW - 1}"
            )
            recent = (f"search_searchentry.sort_key >= COALESCE(({window}), {-(2**63)})", params)
            sql, params = self.walk(queryset, terms, tier, columns, in_order=True, also=recent)
            found = list(SearchEntry.objects.raw(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset]))
            if len(found) == limit:
                return found
        sql, params = self.walk(queryset, terms, tier, columns)
        return list(SearchEntry.objects.raw(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset]))

    def count(self, queryset, terms, cap, tier=None):
        """How many entries match (those of ``tier`` only, when given), counting no further than ``cap``.

        The planner chooses: for a word most rows hold it reads rows until ``cap`` match
        (each one's vector fetched), for a rare one the GIN index. Forcing the GIN index
        made a common word build a bitmap of the whole archive first (47–151 ms against
        10–65 ms at 100,000 documents on a loaded machine). A word far past the cap is
        not counted at all (``surely_past``).
        """
        if tier is not None:
            sql, params = self.walk(queryset, terms, tier)
        else:
            where, params = _where(queryset)
            sql = f"SELECT 1 FROM search_searchentry WHERE {where} AND vector @@ %s::tsquery"  # noqa: S608
            params = [*params, self.expression(terms)]
            if self.surely_past(queryset, terms, (sql, params), cap):
                return cap
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT %s) counted", [*params, cap])  # noqa: S608 (fixed SQL)
            return cursor.fetchone()[0]

    def count_in_order(self, queryset, terms, cap):
        """How many entries match, counting no further than ``cap``; when fewer than ``cap``
        do, also every match's (id, tier) in the results' order (tier, newest first).

        Counting reads each match's vector anyway, so the same statement tells its tier from
        the small head vector, and a page is then read by key (``rows_by_key``): one
        statement whatever the page. Read tier by tier, a rare word's page took three more
        statements, each planned on the vectors' statistics (~1 ms of server time apiece
        at 100,000 documents, the host three times slower than its best). A word past the
        cap (``surely_past``, or counted to it) gets no keys: its pages are walked (``rows``).
        The tier is computed in the select list, where the planner does not estimate it.
        """
        where, params = _where(queryset)
        everywhere = self.expression(terms)
        matches = f"SELECT 1 FROM search_searchentry WHERE {where} AND vector @@ %s::tsquery"  # noqa: S608
        if self.surely_past(queryset, terms, (matches, [*params, everywhere]), cap):
            return cap, None
        sql = (
            "SELECT id, tier FROM (SELECT id, sort_key, CASE WHEN head_vector @@ %s::tsquery THEN 0 "  # noqa: S608
            "WHEN head_vector @@ %s::tsquery THEN 1 ELSE 2 END AS tier "
            f"FROM search_searchentry WHERE {where} AND vector @@ %s::tsquery LIMIT %s) found "
            "ORDER BY tier, sort_key DESC"
        )
        tiers = [self.expression(terms, 0), self.expression(terms, 1)]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*tiers, *params, everywhere, cap])
            keys = cursor.fetchall()
        return (cap, None) if len(keys) >= cap else (len(keys), keys)

    def rows_by_key(self, keys, fields):
        """The entries of ``keys`` (ids), in no order."""
        columns = ", ".join(f'"search_searchentry"."{name}"' for name in fields)
        sql = f"SELECT {columns} FROM search_searchentry WHERE id = ANY(%s)"  # noqa: S608 (fixed SQL)
        return list(SearchEntry.objects.raw(sql, [keys]))

    def surely_past(self, queryset, terms, matches, cap):
        """Whether more than ``cap`` entries match, known without counting them.

        Counting reads a vector (13 KB, out of line) for every match up to the cap: 1,001
        of them for a common word, most of the page's time. The planner's estimate from
        the column's statistics (each token's share of the documents, filters included;
        migration 0008) says whether a query is past the cap. For a phrase it multiplies
        the shares of its bigrams, mostly too low (王进喜: 1,463 for 12,079) but sometimes
        far too high (中国工匠: 80,459 for none), so the newest candidates must show it
        too: PROBE_HITS of the newest PROBE (6 %). A phrase only the newest entries hold
        while its bigrams fill the archive can still be called past the cap.
        ``matches``: the SQL and parameters of every match.
        """
        sql, params = matches
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        if plan[0]["Plan"]["Plan Rows"] < cap:
            return False
        where, params = _where(queryset)
        # Stops at the PROBE_HITS-th match: a common word reads a handful of vectors.
        probe = (
            "SELECT COUNT(*) FROM (SELECT 1 FROM (SELECT search_searchentry.vector @@ %s::tsquery AS hit "  # noqa: S608
            f"FROM search_searchentry WHERE {where} ORDER BY sort_key DESC LIMIT {PROBE}) newest "
            f"WHERE hit LIMIT {PROBE_HITS}) hits"
        )
        with connection.cursor() as cursor:
            cursor.execute(probe, [self.expression(terms), *params])
            return cursor.fetchone()[0] >= PROBE_HITS

    def walk(self, queryset, terms, tier, columns="1", in_order=False, also=None):
        """SQL and parameters of the entries of ``tier`` newest first (``in_order``: read in
        that order, never through GIN); ``also``, a condition and its parameters, narrows them."""
        title, head = self.expression(terms, 0), self.expression(terms, 1)
        # COALESCE hides a match from the GIN index (see many()).
        hidden = "COALESCE({}, FALSE)"
        if tier < 2:
            match = "search_searchentry.head_vector @@ %s::tsquery"
            conditions = [hidden.format(match) if in_order else match]
            params = [title] if tier == 0 else [f"({head}) & !({title})"]
        else:
            match = "search_searchentry.vector @@ %s::tsquery"
            conditions = [
                hidden.format(match) if in_order or self.reading == "many" else match,
                "NOT COALESCE(search_searchentry.head_vector @@ %s::tsquery, FALSE)",
            ]
            params = [self.expression(terms), head]
        where, where_params = _where(queryset)
        if also:
            where, where_params = f"{where} AND {also[0]}", [*where_params, *also[1]]
        # sort_key + 0: an order the order-key index cannot give (see few()).
        order = "sort_key + 0" if self.reading == "few" and not in_order else "sort_key"
        sql = (
            f"SELECT {columns} FROM search_searchentry WHERE {where} AND {' AND '.join(conditions)} "  # noqa: S608
            f"ORDER BY search_searchentry.{order} DESC"
        )
        return sql, [*where_params, *params]


def _where(queryset):
    """``queryset``'s WHERE as SQL and parameters: the visibility and filters every
    public page uses, compiled by Django, for the statements written here.

    Kept on the queryset: a page's statements share one, and compiling it costs about
    as much as the rest of a statement's Python (0.2–0.6 ms). A filtered copy is a new
    queryset, compiled anew.
    """
    if not hasattr(queryset, "_search_where"):
        compiler = queryset.query.get_compiler(connection=connection)
        queryset._search_where = compiler.compile(queryset.query.where)
    where, params = queryset._search_where
    return where, list(params)


def _tsvector(positions):
    """{token: {position: weight}} as a tsvector literal (a token without positions bare)."""
    return " ".join(
        _quote_tsquery(token)
        + (":" + ",".join(f"{pos}{weight}" for pos, weight in slots.items()) if slots else "")
        for token, slots in positions.items()
    )


def get_backend():
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"search has no backend for {connection.vendor}")
