"""The one HTML sanitiser.

Every body that reaches a page goes through :func:`sanitize` before it is stored;
its output is the only HTML templates print unescaped. Allowlists are module
constants so a reviewer can see at a glance what survives.
"""

import html as html_lib
import re
from functools import lru_cache

import bleach
from django.utils.html import escape
from django.utils.translation import gettext as _

from editorial.text import strip_controls

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
    # Merged cells of the editor's tables (digits only, see _allowed_attribute).
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan"],
}
LINK_PROTOCOLS = frozenset({"http", "https", "mailto"})
IMAGE_PROTOCOLS = frozenset({"http", "https"})

# Bounds on what bleach is asked to parse: its cost grows quickly with depth, and
# even flat hostile markup costs html5lib 20–40 µs a character, twice (two passes).
# The longest sample document is 12k characters; 150k characters is a short book.
MAX_BODY_CHARS = 150_000
MAX_NESTING = 64

# Elements whose *content* is never article text; bleach would keep it as text.
_DROPPED_ELEMENTS = (
    "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math",
    "textarea", "select", "title",
)  # fmt: skip
_DROPPED_OPEN = re.compile(r"<(" + "|".join(_DROPPED_ELEMENTS) + r")\b", re.IGNORECASE)
_DROPPED_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _DROPPED_ELEMENTS}
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "source", "wbr", "col", "area", "base"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]+")


class BodyTooLarge(ValueError):
    """The body is larger than we agree to sanitise."""


def _drop_elements_with_content(html):
    """Remove <script>…</script> and the like, content included, in linear time.

    A single regex with a lazy ``.*?`` rescans the rest of the text for every
    unclosed opener (quadratic: 20,000 "<script>" took 25 s). Here each element
    name's closing tag is searched for at most once past the last failure. An
    opener without a closing tag is left for bleach, which strips it.
    """
    parts, position, unclosed = [], 0, set()
    while (opening := _DROPPED_OPEN.search(html, position)) is not None:
        name = opening.group(1).lower()
        tag_end = html.find(">", opening.end())
        if tag_end == -1:
            break
        closing = None if name in unclosed else _DROPPED_CLOSE[name].search(html, tag_end + 1)
        if closing is None:
            unclosed.add(name)
            parts.append(html[position : tag_end + 1])
            position = tag_end + 1
            continue
        parts.append(html[position : opening.start()])
        position = closing.end()
    parts.append(html[position:])
    return "".join(parts)


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


# One tag or markup declaration. "[^<>]*" stops at the next "<", so scanning is linear
# even for hostile input such as "<b a" repeated (Python 3.11's html.parser rescans
# every unterminated tag to the end of the text: 5,000 of them took 10 s).
_TOKEN = re.compile(r"<(?:(/?)([a-zA-Z][a-zA-Z0-9:-]*)|[!?])[^<>]*>?")


class _DepthProbe:
    """Nesting depth of some HTML, in one linear regex pass.

    An estimate, used to decide whether bleach may see the markup: it errs towards
    counting too deep (``<b/>`` opens an element, as in HTML5; unterminated tags count).
    """

    def __init__(self, html):
        self.stack = []
        self.max_depth = 0
        for token in _TOKEN.finditer(html):
            closing, name = token.group(1), token.group(2)
            if name is None:
                continue  # comment, doctype, processing instruction
            name = name.lower()
            if closing:
                self._end(name)
            else:
                self._start(name)

    def _start(self, tag):
        if tag in _VOID:
            return
        closes = _IMPLIED_CLOSE.get(tag, ())
        while self.stack and self.stack[-1] in closes:
            self.stack.pop()
        self.stack.append(tag)
        self.max_depth = max(self.max_depth, len(self.stack))

    def _end(self, tag):
        for back in range(1, min(len(self.stack), _END_TAG_LOOKBACK) + 1):
            if self.stack[-back] == tag:
                del self.stack[-back:]
                return


def _paragraphs(html):
    """The text of each paragraph of some HTML (a new one at each of _PARAGRAPH_BREAKS'
    opening tags), stripped, empty ones left out: one split of the text at its tags. A
    parser's call per tag and per run of text was most of a change list's 检查 column."""
    # split() gives the text before each tag, the tag's two groups (closing "/", name),
    # and at the end the text after the last tag.
    parts = _TOKEN.split(html)
    paragraphs = [[]]
    for index in range(0, len(parts), 3):
        text = parts[index]
        if text:
            paragraphs[-1].append(html_lib.unescape(text) if "&" in text else text)
        name = parts[index + 2] if index + 2 < len(parts) else None
        if name and not parts[index + 1] and name.lower() in _PARAGRAPH_BREAKS:
            paragraphs.append([])
    return [text for paragraph in paragraphs if (text := "".join(paragraph).strip())]


def _flatten(html):
    """Too deeply nested to be an article: keep its text as plain paragraphs."""
    return "".join(f"<p>{escape(text)}</p>" for text in _paragraphs(html))


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
    if name in {"colspan", "rowspan"}:
        return value.isdigit() and len(value) <= 3
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
        raise BodyTooLarge(_("正文超过 %(limit)s 个字符，无法保存。") % {"limit": MAX_BODY_CHARS})
    # Control characters are dropped here, not turned into "?" by the HTML parser.
    html = _drop_elements_with_content(strip_controls(html))
    probe = _DepthProbe(html)
    if probe.max_depth > MAX_NESTING:
        html = _flatten(html)
    cleaned = _cleaner.clean(html).strip()
    if len(cleaned) > MAX_BODY_CHARS:
        # Escaping can make text longer ("<" becomes "&lt;"): refuse now rather than
        # store a body that the next save would refuse.
        raise BodyTooLarge(_("清理后的正文超过 %(limit)s 个字符，无法保存。") % {"limit": MAX_BODY_CHARS})
    if cleaned == html:
        # Already clean (a re-saved body, the importer's output): clean(x) == x, so the
        # second pass could change nothing, and bleach is the costly step of a save.
        return cleaned
    # A second pass makes the result a fixed point (bleach may rebalance once).
    return _cleaner.clean(cleaned).strip()


# An attribute inside one tag token: name, then an optional quoted or bare value.
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def removals(html):
    """What :func:`sanitize` takes out of ``html``, for telling the editor: (tags, attributes).

    Tags are element names (``script``, ``span``), attributes ``name`` as written
    (``style``, ``onerror``, ``href`` when its address is refused). One linear pass over
    the tags with the sanitiser's own rules, so it agrees with what bleach keeps; only
    asked when sanitising changed something.
    """
    tags, attributes = set(), set()
    for token in _TOKEN.finditer(html or ""):
        closing, name = token.group(1), token.group(2)
        if name is None or closing:
            continue
        name = name.lower()
        if name not in ALLOWED_TAGS:
            tags.add(name)
            continue
        inside = token.group(0)[len(name) + 1 :].rstrip(">").rstrip("/")
        for match in _ATTRIBUTE.finditer(inside):
            attribute = match.group(1).lower()
            value = next((v for v in match.group(2, 3, 4) if v is not None), "")
            if not _allowed_attribute(name, attribute, html_lib.unescape(value)):
                attributes.add(attribute)
    return sorted(tags), sorted(attributes)


def removal_message(original, cleaned):
    """A sentence naming what sanitising ``original`` into ``cleaned`` removed, or ""."""
    if (original or "").strip() == cleaned:
        return ""
    tags, attributes = removals(original)
    parts = []
    if tags:
        parts.append(_("标签 %(tags)s") % {"tags": "、".join(f"<{tag}>" for tag in tags)})
    if attributes:
        parts.append(_("属性 %(attributes)s") % {"attributes": "、".join(attributes)})
    if not parts:
        return ""
    return _("保存时按白名单清理了不允许的内容：%(removed)s。") % {"removed": "；".join(parts)}


# The same body is asked for twice in a row (the content checks: "is there text?", then
# "any placeholder in it?"); parsing it was a tenth of a change list's rows.
@lru_cache(maxsize=8)
def plain_text(html):
    """The text of sanitised HTML, for summaries, search and reading time."""
    return "\n".join(_paragraphs(html or ""))
