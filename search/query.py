"""Running a reader's query: parse, match, rank one page, filter, highlight."""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone
from django.utils.safestring import mark_safe

from editorial.cards import e as escape
from search.backends import TIERS, get_backend
from search.models import SearchEntry
from search.text import MAX_QUERY_CHARS, parse_query

SNIPPET_CHARS = 120
SENTENCE_ENDS = "。！？；!?;"
SENTENCE_CLOSERS = "”’」』）)"
# A query matching at most this many entries reads them all through the full-text index
# and sorts them, rather than walking the archive newest first (PostgreSQL's choice).
FEW = 200
# Pages of this many rows when every result is read (``Results.__iter__``).
ITER_CHUNK = 100
# What the results page prints of an entry and what its score reads.
PRINTED = (
    "id",
    "kind",
    "object_id",
    "title",
    "title_extra",
    "summary",
    "body",
    "slug",
    "publish_at",
    "sort_key",
)
# The score that orders a page's rows within their tier: a term counts most in the
# headline, then in the summary, then in the body (the index's weighted fields), and
# each further mention adds less (as bm25's term frequency, with its k1).
FIELD_WEIGHTS = ((("title", "title_extra"), 10.0), (("summary",), 4.0), (("body",), 1.0))
SATURATION = 1.2


def headline_matches(kind, query, cap, also=()):
    """The ``object_id`` of every indexed ``kind`` (SearchEntry.Kind) whose headline holds
    every term of ``query`` — title, kicker, subtitle, short title; a person's name and
    aliases — whether readers see it now or not: what an editor's search box asks
    (the admin, editorial.admin_search). None when ``query`` has no term to look up or
    when more than ``cap`` entries may match (a common word).

    ``also``, queries (SQL, parameters) of one column of keys, are read in the same
    statement (the admin's pieces the index does not hold); their keys come second.
    """
    terms = parse_query(query)
    if not terms:
        return None, []
    sql, params = get_backend().headline_candidates(kind, terms, cap)
    parts = [f"SELECT 0, found.* FROM ({sql}) found"]  # noqa: S608 (fixed SQL; text travels as parameters)
    for also_sql, also_params in also:
        parts.append(f"SELECT 1, kept.*, TRUE FROM ({also_sql}) kept")  # noqa: S608 (fixed SQL)
        params = [*params, *also_params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    candidates = [(key, in_title) for source, key, in_title in rows if source == 0]
    matched = [key for key, in_title in candidates if in_title] if len(candidates) <= cap else None
    return matched, [key for source, key, _in_title in rows if source == 1]


class QueryError(ValueError):
    """A query we will not run; the message is shown to the reader."""


@dataclass
class Filters:
    kind: str = ""
    tag: str = ""
    year: int | None = None


@dataclass
class Search:
    """A reader's query and filters.

    Order: every term in the headline (title, kicker, subtitle, short title; a person's
    aliases) first, then in the headline or summary, then anywhere (the tiers); which
    rows fill a page is decided within each tier newest first, straight from the index,
    and the page's rows are then ordered within their tier by their score. So a page
    costs the same whether a word matches ten documents or the whole archive.
    """

    query: str
    filters: Filters = field(default_factory=Filters)

    def __post_init__(self):
        self.terms = parse_query(self.query)
        self._candidate_sets = {}

    def _candidates(self, now=None):
        """Live entries passing the filters (the index decides which match).

        One queryset per ``now``: a page's count and rows share it, and with it the WHERE
        Django compiles once (search.backends._where); building it again cost ~300 calls.
        """
        if now not in self._candidate_sets:
            self._candidate_sets[now] = self._filtered(SearchEntry.objects.live(now))
        return self._candidate_sets[now]

    def _filtered(self, queryset):
        if self.filters.kind:
            queryset = queryset.filter(kind=self.filters.kind)
        if self.filters.tag:
            queryset = queryset.filter(tag_slugs__contains=f" {self.filters.tag} ")
        if self.filters.year:
            queryset = queryset.filter(year=self.filters.year)
        return queryset

    def matches(self, now=None):
        """Every matching entry, unordered: what the result count counts."""
        if not self.terms:
            return SearchEntry.objects.none()
        return get_backend().match(self._candidates(now), self.terms)

    def count(self, cap, now=None):
        """How many entries match, counting no further than ``cap``.

        Where the backend reads the matches whole to count them (PostgreSQL, fewer than
        ``cap``), it also gives each one's key and tier in the results' order, and the
        pages of these results are then read by key (``page``).
        """
        if not self.terms:
            return 0
        self.counted, keys = get_backend().count_in_order(self._candidates(now), self.terms, cap)
        self.ordered = (now, keys) if keys is not None else None
        return self.counted

    def results(self, now=None):
        """The ranked results as a sequence the paginator slices (a page per slice)."""
        return Results(self, now or timezone.now())

    def page(self, offset, limit, now=None):
        """Rows ``offset`` to ``offset + limit`` of the ranked results, each with ``tier`` and ``score``.

        One query when ``count`` gave the matches in order; otherwise at most two queries
        per tier (its rows; the count of a tier the page skips whole), whatever the number
        of matches, and a capped count first unless ``count`` ran.
        """
        if not self.terms or limit <= 0:
            return []
        backend = get_backend()
        ordered = getattr(self, "ordered", None)
        if ordered and ordered[0] == now:
            rows = self._by_key(backend, ordered[1][offset : offset + limit])
        else:
            rows = self._walk(backend, self._candidates(now), offset, limit)
        # Which rows fill the page was decided newest first; their order is by score.
        for row in rows:
            row.score = score(row, self.terms)
        position = {row.pk: number for number, row in enumerate(rows)}
        return sorted(rows, key=lambda row: (row.tier, -row.score, position[row.pk]))

    def _by_key(self, backend, keys):
        """The entries of ``keys`` ((key, tier) in the results' order), in that order."""
        if not keys:
            return []
        tiers = {key: tier for key, tier in keys}
        order = {key: number for number, (key, _tier) in enumerate(keys)}
        rows = backend.rows_by_key(list(tiers), PRINTED)
        for row in rows:
            row.tier = tiers[row.pk]
        return sorted(rows, key=lambda row: order[row.pk])

    def _walk(self, backend, candidates, offset, limit):
        """The page's rows read tier by tier, each newest first, from the index."""
        # Known to match few or many entries (the results page counts first; others here).
        counted = getattr(self, "counted", None)
        if counted is None:
            counted = backend.count(candidates, self.terms, FEW + 1)
        rows, skip = [], offset
        with backend.few() if counted <= FEW else backend.many():
            for tier in TIERS:
                found = backend.rows(candidates, self.terms, tier, skip, limit - len(rows), PRINTED)
                for row in found:
                    row.tier = tier
                rows += found
                if len(rows) == limit:
                    break
                # This tier is used up: the next starts where the page's offset falls in it.
                if found or not skip:
                    skip = 0
                else:
                    skip -= backend.count(candidates, self.terms, skip, tier=tier)
        return rows

    def highlighter(self):
        """The terms as one pattern, longest first; its group makes ``split`` keep the matches."""
        words = sorted({term.text for term in self.terms}, key=len, reverse=True)
        if not words:
            return None
        return re.compile("(" + "|".join(re.escape(word) for word in words) + ")", re.IGNORECASE)


def score(entry, terms):
    """How much ``entry`` is about ``terms``, from its own text (a page's rows only).

    Not the engines' bm25 or ts_rank: SQLite's bm25 first counts every document that
    holds each term (its inverse document frequency), a walk over the archive's matches
    on every page (13–39 ms of CPU for a common word at 100,000 documents). Within one
    query that frequency is the same for every row, so it hardly moves the order.
    """
    total = 0.0
    for names, weight in FIELD_WEIGHTS:
        text = "\n".join(getattr(entry, name) for name in names)
        for term in terms:
            found = term.occurrences(text)
            total += weight * found / (found + SATURATION)
    return total


class Results:
    """Search results as a read-only sequence: slicing ranks that slice only."""

    def __init__(self, search, now):
        self.search, self.now = search, now

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("search results are read a page (a slice) at a time")
        start, stop = key.start or 0, key.stop
        if start < 0 or (stop is not None and stop < 0):
            raise ValueError("search results take no negative index")
        if stop is None:
            return list(self)[start:]
        return self.search.page(start, stop - start, self.now)

    def __iter__(self):
        offset = 0
        while True:
            rows = self.search.page(offset, ITER_CHUNK, self.now)
            yield from rows
            if len(rows) < ITER_CHUNK:
                return
            offset += ITER_CHUNK


def validate(query):
    """The stripped query, or QueryError with a message for the reader."""
    query = (query or "").strip()
    if not query:
        raise QueryError("empty")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError("too_long")
    if not parse_query(query):
        raise QueryError("no_terms")
    return query


def snippet(entry, pattern, length=SNIPPET_CHARS):
    """A short escaped extract around the first match, matches wrapped in <mark>.

    Every piece of text is escaped (_marked) before the <mark> tags are added, so
    nothing from the document or the query is trusted.
    """
    # Summaries are often the body's first sentences; do not show them twice.
    summary = "" if entry.summary and entry.summary.rstrip("…") in entry.body else entry.summary
    text = " ".join(part for part in (summary, entry.body) if part).replace("\n", " ")
    match = pattern.search(text) if pattern else None
    start = 0
    if match:
        # Up to a third of the window before the match, from a sentence start when one is near.
        start = max(0, match.start() - length // 3)
        sentence_end = max(text.rfind(mark, start, match.start()) for mark in SENTENCE_ENDS)
        if sentence_end >= start:
            start = sentence_end + 1
            # 。” ends a quoted sentence: the quote mark belongs to the one before.
            while start < match.start() and (text[start] in SENTENCE_CLOSERS or text[start].isspace()):
                start += 1
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + _marked(text[start : start + length], pattern) + suffix)  # noqa: S308 (escaped)


def highlight(text, pattern):
    """``text`` escaped, with matches of ``pattern`` wrapped in <mark>."""
    return mark_safe(_marked(text, pattern))  # noqa: S308 (escaped by _marked)


def _marked(text, pattern):
    """``text`` HTML-escaped, each match of ``pattern`` (Search.highlighter) in <mark>.

    The pieces are escaped one by one, as the cards are (editorial.cards.e): format_html
    spent more on its lazy-string checks than on the escaping (some 250 calls a result).
    """
    parts = [escape(part) for part in (pattern.split(text) if pattern else (text,))]
    # split() with the pattern's group: the matches are every second part.
    parts[1::2] = [f"<mark>{part}</mark>" for part in parts[1::2]]
    return "".join(parts)
