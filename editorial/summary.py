"""The derived 摘要: the first whole sentences of a body, for cards, feeds and og:description.

Only running text counts: paragraphs (and quotations). Headings, list items, figures
and their captions, tables and code are not sentences of the article: glued to the
next paragraph they would read as one (「…工艺改进质量攻关车间一角本文为…」), so they
are left out. A sentence ends in 。！？； (or ! ? after Latin text), with any closing
quote or bracket after it; a paragraph's tail without such an end is not taken.
The importer calls derive_summary too (ingest), so every path gives the same summary.
"""

import html as html_lib
import re

SUMMARY_LIMIT = 120

# Blocks whose text is running prose; everything else (h1-h6, li, figure, figcaption,
# table, pre, caption…) is skipped with its content.
_PROSE = {"p", "blockquote"}
_SKIP = {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "figure", "figcaption", "table", "pre"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<!--.*?-->", re.DOTALL)
_SENTENCE = re.compile(r"[^。！？；!?]*?(?:[。！？；]|(?<=[A-Za-z0-9\s])[!?])+[”’」』）)\"']*")
_SPACE = re.compile(r"\s+")


def prose_paragraphs(body):
    """The text of each paragraph of running prose in ``body`` (sanitised HTML), in order."""
    paragraphs, current, skipping, in_prose = [], [], 0, 0
    position = 0
    for token in _TAG.finditer(body or ""):
        if in_prose and not skipping:
            current.append(body[position : token.start()])
        position = token.end()
        closing, name = token.group(1), (token.group(2) or "").lower()
        if not name:
            continue  # a comment
        if name in _SKIP:
            skipping += -1 if closing else 1
            skipping = max(skipping, 0)
        elif name in _PROSE:
            if closing:
                in_prose = max(in_prose - 1, 0)
                if not in_prose:
                    paragraphs.append("".join(current))
                    current = []
            else:
                if in_prose and current:  # a paragraph inside a quotation: close the one before
                    paragraphs.append("".join(current))
                    current = []
                in_prose += 1
        elif name == "br" and in_prose:
            current.append("\n")
    if in_prose and not skipping:
        current.append(body[position:])
        paragraphs.append("".join(current))
    texts = (_SPACE.sub(" ", html_lib.unescape(text)).strip() for text in paragraphs)
    return [text for text in texts if text]


def sentences(text):
    """The whole sentences of ``text``; a tail without an end mark is dropped."""
    return [match.group(0).strip() for match in _SENTENCE.finditer(text) if match.group(0).strip()]


def derive_summary(body, limit=SUMMARY_LIMIT):
    """Whole sentences from the start of the body's prose, up to about ``limit`` characters.

    The first sentence is always taken whole when it is at most twice the limit; longer,
    it is cut at the limit with 「…」. Prose with no end mark at all gives its first
    paragraph; a body with no prose (a list, a caption only) gives an empty summary
    rather than a made-up one.
    """
    taken, length = [], 0
    paragraphs = prose_paragraphs(body) if "<" in (body or "") else [_SPACE.sub(" ", body or "").strip()]
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            if taken and length + len(sentence) > limit:
                return "".join(taken)
            if not taken and len(sentence) > 2 * limit:
                return sentence[:limit] + "…"
            taken.append(sentence)
            length += len(sentence)
            if length >= limit:
                return "".join(taken)
    if not taken and paragraphs and paragraphs[0]:
        # Prose without an end mark (a Latin-only body, a one-line note): its first paragraph.
        first = paragraphs[0]
        return first if len(first) <= limit else first[:limit] + "…"
    return "".join(taken)
