"""Plain text: title first, then paragraphs (newlines or runs of ideographic spaces).

A series label in full-width parentheses right after the title becomes the kicker;
a byline paragraph right after it (「作者：…」「本报记者 …」) the authors; short
paragraphs without final punctuation become headings; closing lines (「（作者为…）」,
「（责任编辑：…）」, 「（来源：…）」) become the author note, editor and 来源.
"""

import re

from ingest.record import DocumentError, Record
from ingest.textutil import byline_names, paragraphs_html, split_paragraphs, take_closing
from ingest.titles import MAX_HEADLINE_CHARS, derived_title, headline_block, is_headline

MAX_TITLE_CHARS = 120
_SERIES = re.compile(r"^(?P<title>.+?)\s*[（(](?P<label>[^（）()]{2,60})[）)]$")
# A byline paragraph: 「作者：张三」「文/李四」「本报记者 王五 通讯员 赵六」.
_BYLINE = re.compile(
    r"^[□■●◎◆▲☆★]?\s*(?:(?:作者|撰文|文)\s*[:：|｜/]|[\u4e00-\u9fff]{0,10}?(?:记者|通讯员))\s*[\u4e00-\u9fff·\s、，,]{2,40}$"
)


def _headline_lines(paragraphs):
    """The short headline lines at the top (up to three), before the byline or the body."""
    found = []
    for index, paragraph in enumerate(paragraphs[:3]):
        # The title may be long (up to MAX_TITLE_CHARS); a kicker or subtitle is short.
        limit = MAX_TITLE_CHARS if index == 0 else MAX_HEADLINE_CHARS
        if len(paragraph) > limit or not is_headline(paragraph, limit) or _BYLINE.match(paragraph):
            break
        if index and not (len(paragraphs) > index + 1):
            break  # the last paragraph is body, not a headline
        found.append(paragraph)
    return found


def parse(text):
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise DocumentError("空文件（没有任何文字）")
    headlines = _headline_lines(paragraphs)
    record = Record(kind="article", format="plain_text", title="")
    if headlines:
        record.kicker, record.title, record.subtitle, used = headline_block(headlines)
        del paragraphs[:used]
        match = _SERIES.match(record.title)
        if match and not record.kicker:
            record.title, record.kicker = match.group("title").strip(), match.group("label").strip()

    # Bylines and editor lines just after the title or at the end.
    while paragraphs and _BYLINE.match(paragraphs[0]) and (names := byline_names(paragraphs[0])):
        record.authors += names
        paragraphs.pop(0)
    take_closing(paragraphs, record)
    if not paragraphs:
        raise DocumentError("只有标题，没有正文")
    if not record.title:
        # No headline: the first paragraph is already the text (a title derived from it, flagged).
        record.title, record.title_derived = derived_title(paragraphs[0]), True
    record.body = paragraphs_html(paragraphs)
    return record
