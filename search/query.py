"""Running a reader's query: parse, match, verify, rank, filter, highlight."""

import re
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import format_html, format_html_join

from search.backends import get_backend
from search.models import SearchEntry
from search.text import MAX_QUERY_CHARS, parse_query

SNIPPET_CHARS = 120
SENTENCE_ENDS = "。！？；!?;"
SENTENCE_CLOSERS = "”’」』）)"


class QueryError(ValueError):
    """A query we will not run; the message is shown to the reader."""


@dataclass
class Filters:
    kind: str = ""
    tag: str = ""
    year: int | None = None


@dataclass
class Search:
    query: str
    filters: Filters = field(default_factory=Filters)

    def __post_init__(self):
        self.terms = parse_query(self.query)

    def _candidates(self, now=None):
        """Live entries passing the filters that really contain every long Han term."""
        queryset = SearchEntry.objects.live(now)
        if self.filters.kind:
            queryset = queryset.filter(kind=self.filters.kind)
        if self.filters.tag:
            queryset = queryset.filter(tag_slugs__contains=f" {self.filters.tag} ")
        if self.filters.year:
            queryset = queryset.filter(year=self.filters.year)
        # Bigrams say "probably"; the stored text says "really": a Han term must
        # occur as written, so 大国工匠 never matches a text with 大国 and 工匠 apart.
        for term in self.terms:
            # A two-character term *is* one bigram token, and bigrams never span
            # punctuation, so the index alone is exact for it; longer terms are checked.
            if term.han and len(term.text) > 2:
                queryset = queryset.filter(
                    Q(title__contains=term.text)
                    | Q(title_extra__contains=term.text)
                    | Q(summary__contains=term.text)
                    | Q(body__contains=term.text)
                )
        return queryset

    def matches(self, now=None):
        """Every matching entry, unranked: what the result count counts.

        Ranking needs the full-text score, which on SQLite means joining the FTS
        table; counting through that join lets SQLite walk the live entries and run
        the MATCH once per row (a second for a common word at 10,000 documents), so
        the count asks the index for its matching ids instead.
        """
        if not self.terms:
            return SearchEntry.objects.none()
        return get_backend().match(self._candidates(now), self.terms)

    def queryset(self, now=None):
        """Live entries matching every term, best first (title, summary, body; then newest)."""
        terms = self.terms
        if not terms:
            return SearchEntry.objects.none()
        queryset = self._candidates(now)
        in_title = Q()
        in_head = Q()
        for term in terms:
            title = Q(title__icontains=term.text) | Q(title_extra__icontains=term.text)
            in_title &= title
            in_head &= title | Q(summary__icontains=term.text)
        queryset = queryset.annotate(
            tier=Case(
                When(in_title, then=Value(0)),
                When(in_head, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        queryset = get_backend().filter(queryset, terms)
        return queryset.order_by("tier", "-score", "-publish_at", "-pk").defer(
            "title_extra", "title_tokens", "summary_tokens", "body_tokens"
        )

    def highlighter(self):
        words = sorted({term.text for term in self.terms}, key=len, reverse=True)
        if not words:
            return None
        return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)


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

    Every piece of text goes through format_html (which escapes it) before the
    <mark> tags are added, so nothing from the document or the query is trusted.
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
    window = text[start : start + length]
    pieces, position = [], 0
    for found in pattern.finditer(window) if pattern else ():
        pieces.append((window[position : found.start()], found.group()))
        position = found.end()
    marked = format_html_join("", "{}<mark>{}</mark>", pieces)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return format_html("{}{}{}{}", prefix, marked, window[position:], suffix)


def highlight(text, pattern):
    """``text`` escaped, with matches of ``pattern`` wrapped in <mark>."""
    if not pattern:
        return format_html("{}", text)
    pieces, position = [], 0
    for found in pattern.finditer(text):
        pieces.append((text[position : found.start()], found.group()))
        position = found.end()
    return format_html("{}{}", format_html_join("", "{}<mark>{}</mark>", pieces), text[position:])
