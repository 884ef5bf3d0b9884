"""Plain text: title first, then paragraphs (newlines or runs of ideographic spaces).

A series label in full-width parentheses right after the title becomes the kicker;
short paragraphs without final punctuation become headings; a closing 「（作者为…）」
becomes the author note.
"""

import re

from ingest.record import DocumentError, Record
from ingest.textutil import author_note, paragraphs_html, split_paragraphs

MAX_TITLE_CHARS = 120
_SERIES = re.compile(r"^(?P<title>.+?)\s*[（(](?P<label>[^（）()]{2,60})[）)]$")
_BYLINE = re.compile(r"^(?:作者|文)\s*[:：|｜/]\s*(?P<names>[\u4e00-\u9fff·\s、，,]{2,40})$")
_EDITOR = re.compile(r"^(?:责任编辑|责编|编辑)\s*[:：]\s*(?P<name>[\u4e00-\u9fff·]{2,10})$")


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
    while paragraphs and (byline := _BYLINE.match(paragraphs[0])):
        record.authors += [(name, "") for name in re.split(r"[\s、，,]+", byline.group("names")) if name]
        paragraphs.pop(0)
    while paragraphs:
        last = paragraphs[-1]
        if note := author_note(last):
            record.author_note = note
        elif editor := _EDITOR.match(last):
            record.responsible_editor = editor.group("name")
        else:
            break
        paragraphs.pop()
    if not paragraphs:
        raise DocumentError("只有标题，没有正文")
    record.body = paragraphs_html(paragraphs)
    return record
