"""Plain text: title first, then paragraphs (newlines or runs of ideographic spaces).

A series label in full-width parentheses right after the title becomes the kicker;
a byline paragraph right after it (「作者：…」「本报记者 …」) the authors; short
paragraphs without final punctuation become headings; closing lines (「（作者为…）」,
「（责任编辑：…）」, 「（来源：…）」) become the author note, editor and 来源.
"""

import re

from ingest.record import DocumentError, Record
from ingest.textutil import byline_names, paragraphs_html, split_paragraphs, take_closing

MAX_TITLE_CHARS = 120
_SERIES = re.compile(r"^(?P<title>.+?)\s*[（(](?P<label>[^（）()]{2,60})[）)]$")
# A byline paragraph: 「作者：张三」「文/李四」「本报记者 王五 通讯员 赵六」.
_BYLINE = re.compile(
    r"^(?:(?:作者|撰文|文)\s*[:：|｜/]|[\u4e00-\u9fff]{0,10}?(?:记者|通讯员))\s*[\u4e00-\u9fff·\s、，,]{2,40}$"
)


def parse(text):
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise DocumentError("空文件（没有任何文字）")
    title = paragraphs.pop(0)
    if len(title) > MAX_TITLE_CHARS:
        raise DocumentError(f"无法识别标题（第一段超过 {MAX_TITLE_CHARS} 个字）")
    record = Record(kind="article", format="plain_text", title=title)
    match = _SERIES.match(title)
    if match:
        record.title, record.kicker = match.group("title").strip(), match.group("label").strip()

    # Bylines and editor lines just after the title or at the end.
    while paragraphs and _BYLINE.match(paragraphs[0]) and (names := byline_names(paragraphs[0])):
        record.authors += names
        paragraphs.pop(0)
    take_closing(paragraphs, record)
    if not paragraphs:
        raise DocumentError("只有标题，没有正文")
    record.body = paragraphs_html(paragraphs)
    return record
