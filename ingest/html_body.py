"""Aggregator HTML → plain, predictable HTML (paragraphs, h2/h3, figures, a few inline tags).

A streaming pass (html.parser, no tree): cost is linear and no nesting depth can
recurse. Lazy images get their real source (data-original), proxies are removed,
every attribute but href/src/alt is dropped, scripts and frames go with their
content. The result still goes through editorial.sanitize on save.
"""

import re
from html.parser import HTMLParser

from django.utils.html import escape

from ingest.textutil import curly_quotes, is_http_url, tidy_aggregator_spacing, unproxy

BLOCK = frozenset({
    "p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "td", "th", "dl", "dt", "dd", "figure", "figcaption", "pre", "center",
    "body", "html",
})  # fmt: skip
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
INLINE_KEEP = frozenset({"strong", "b", "em", "i", "u"})
SKIP_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "textarea",
    "select", "title", "head", "video", "audio", "canvas", "form", "button",
})  # fmt: skip
LAZY_SOURCES = ("data-original", "data-src", "data-lazy-src", "data-url", "src")


class _Converter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # (tag, html)
        self.images = []
        self.inline = []
        self.heading = None
        self.skip = []  # stack of tags whose content is dropped
        self.open_inline = []

    # -- helpers
    def flush(self):
        for tag in reversed(self.open_inline):
            self.inline.append(f"</{tag}>")
        html = "".join(self.inline).strip()
        self.inline = [f"<{tag}>" for tag in self.open_inline]
        if _has_text(html):
            self.blocks.append((self.heading or "p", html))

    # -- parser callbacks
    def handle_starttag(self, tag, attrs):
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.append(tag)
            return
        if tag in SKIP_CONTENT:
            self.skip.append(tag)
            return
        attributes = dict(attrs)
        if tag in BLOCK:
            self.flush()
        elif tag in HEADINGS:
            self.flush()
            self.heading = HEADINGS[tag]
        elif tag == "br":
            self.inline.append("<br>")
        elif tag == "img":
            self.image(attributes)
        elif tag in INLINE_KEEP and len(self.open_inline) < 8:
            self.open_inline.append(tag)
            self.inline.append(f"<{tag}>")
        elif tag == "a":
            href = unproxy(attributes.get("href") or "")
            self.inline.append(f'<a href="{escape(href)}">' if is_http_url(href) else "<a>")
            self.open_inline.append("a")

    def handle_startendtag(self, tag, attrs):
        if tag in SKIP_CONTENT:
            return
        self.handle_starttag(tag, attrs)
        if tag in INLINE_KEEP or tag == "a":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag in BLOCK:
            self.flush()
        elif tag in HEADINGS and self.heading:
            self.flush()
            self.heading = None
        elif tag in self.open_inline:
            while self.open_inline:
                last = self.open_inline.pop()
                self.inline.append(f"</{last}>")
                if last == tag:
                    break

    def handle_data(self, data):
        if not self.skip:
            self.inline.append(escape(data))

    def image(self, attributes):
        src = ""
        for name in LAZY_SOURCES:
            candidate = unproxy(attributes.get(name) or "")
            if is_http_url(candidate):
                src = candidate
                break
        if not src:
            return
        self.flush()
        alt = escape(attributes.get("alt") or "")
        self.images.append(src)
        self.blocks.append(("figure", f'<img src="{escape(src)}" alt="{alt}">'))


def _has_text(html):
    return bool(re.sub(r"<[^>]+>|\s|&nbsp;|\u3000", "", html))


def convert(html):
    """Return ``(body_html, image_urls)``."""
    converter = _Converter()
    converter.feed(html)
    converter.close()
    converter.flush()
    out = []
    for tag, inner in converter.blocks:
        if tag != "figure":
            inner = tidy_aggregator_spacing(curly_quotes(inner.replace("&quot;", '"'))).strip()
        out.append(f"<{tag}>{inner}</{tag}>")
    return "".join(out), converter.images
