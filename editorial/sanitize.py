"""The one HTML sanitiser.

Every body that reaches a page goes through :func:`sanitize` before it is stored;
its output is the only HTML templates print unescaped. Allowlists are module
constants so a reviewer can see at a glance what survives.
"""

import html as html_lib
import re
from html.parser import HTMLParser

import bleach
from django.utils.html import escape

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "blockquote",
        "ul", "ol", "li", "a", "img", "figure", "figcaption",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "img": ["src", "alt", "width", "height"],
}
LINK_PROTOCOLS = frozenset({"http", "https", "mailto"})
IMAGE_PROTOCOLS = frozenset({"http", "https"})

# Bounds on what bleach is asked to parse: its cost grows quickly with depth.
MAX_BODY_CHARS = 1_000_000
MAX_NESTING = 64

# Elements whose *content* is never article text; bleach would keep it as text.
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|template|noscript|iframe|object|embed|svg|math|textarea|select|title)\b"
    r"[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "source", "wbr", "col", "area", "base"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]+")


class BodyTooLarge(ValueError):
    """The body is larger than we agree to sanitise."""


# Opening one of these closes the listed open elements, as HTML5 parsing does, so
# legacy markup with unclosed <p> or <li> is not mistaken for deep nesting.
_BLOCKS = frozenset({"div", "ul", "ol", "h2", "h3", "h4", "blockquote", "table", "figure"})
_IMPLIED_CLOSE = {
    "p": frozenset({"p"}),
    "li": frozenset({"li", "p"}),
    "td": frozenset({"td", "th", "p"}),
    "th": frozenset({"td", "th", "p"}),
    "tr": frozenset({"tr", "td", "th", "p"}),
    "dt": frozenset({"dt", "dd", "p"}),
    "dd": frozenset({"dt", "dd", "p"}),
    **{block: frozenset({"p"}) for block in _BLOCKS},
}
_PARAGRAPH_BREAKS = frozenset({"p", "div", "br", "li", "h2", "h3", "h4", "blockquote", "tr"})
# How far back an end tag may look for its start tag; beyond that it is a stray.
_END_TAG_LOOKBACK = 8


class _DepthProbe(HTMLParser):
    """Measures nesting depth and collects text in one linear pass."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.max_depth = 0
        self.paragraphs = [[]]

    def handle_starttag(self, tag, attrs):
        if tag in _PARAGRAPH_BREAKS:
            self.paragraphs.append([])
        if tag in _VOID:
            return
        closes = _IMPLIED_CLOSE.get(tag, ())
        while self.stack and self.stack[-1] in closes:
            self.stack.pop()
        self.stack.append(tag)
        self.max_depth = max(self.max_depth, len(self.stack))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for back in range(1, min(len(self.stack), _END_TAG_LOOKBACK) + 1):
            if self.stack[-back] == tag:
                del self.stack[-back:]
                return

    def handle_data(self, data):
        self.paragraphs[-1].append(data)


def _flatten(probe):
    """Too deeply nested to be an article: keep its text as plain paragraphs."""
    texts = ("".join(parts).strip() for parts in probe.paragraphs)
    return "".join(f"<p>{escape(text)}</p>" for text in texts if text)


def _allowed_attribute(tag, name, value):
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return False
    if name in {"href", "src"}:
        # Decode every HTML5 entity first (bleach leaves some, e.g. &colon;, which a
        # browser would still turn into "javascript:"), then drop control characters.
        compact = _CONTROL_AND_SPACE.sub("", html_lib.unescape(value))
        match = _SCHEME.match(compact)
        if match is None:
            # Relative URL; a bare "//host" is protocol-relative, still http(s).
            return True
        allowed = IMAGE_PROTOCOLS if name == "src" else LINK_PROTOCOLS
        return match.group(1).lower() in allowed
    if name in {"width", "height"}:
        return value.isdigit() and len(value) <= 5
    return True


_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=LINK_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def sanitize(html):
    """Return HTML safe to print unescaped. Idempotent: sanitize(sanitize(x)) == sanitize(x).

    Raises BodyTooLarge for bodies above MAX_BODY_CHARS; bodies nested deeper than
    MAX_NESTING are flattened to plain paragraphs before bleach sees them.
    """
    if not html:
        return ""
    if len(html) > MAX_BODY_CHARS:
        raise BodyTooLarge(f"正文超过 {MAX_BODY_CHARS} 个字符，无法保存。")
    html = _DROP_WITH_CONTENT.sub("", html)
    probe = _DepthProbe()
    probe.feed(html)
    probe.close()
    if probe.max_depth > MAX_NESTING:
        html = _flatten(probe)
    cleaned = _cleaner.clean(html).strip()
    # A second pass makes the result a fixed point (bleach may rebalance once).
    return _cleaner.clean(cleaned).strip()


def plain_text(html):
    """The text of sanitised HTML, for summaries, search and reading time."""
    probe = _DepthProbe()
    probe.feed(html or "")
    probe.close()
    texts = ("".join(parts).strip() for parts in probe.paragraphs)
    return "\n".join(text for text in texts if text)
