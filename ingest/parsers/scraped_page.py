"""Text scraped from a news web page.

Shape: a ``title-column-site`` line, navigation, column crumbs, the title again,
the byline, ``date  来源:…``, the body, ``(作者系…)``, ``编辑:…``, then related links
and the footer. Metadata is kept; navigation, crumbs, related lists and footer are not.
"""

import re

from ingest.record import DocumentError, Record
from ingest.textutil import author_note, paragraphs_html, parse_datetime, position_from_note

DATE_LINE = re.compile(
    r"^\s*(?P<date>\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|\d{4}年\d{1,2}月\d{1,2}日(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?)"
    r"\s*(?:来源\s*[:：]\s*(?P<source>\S.*?))?\s*$"
)
SOURCE_LINE = re.compile(r"^\s*来源\s*[:：]\s*(?P<source>\S.*?)\s*$")
EDITOR_LINE = re.compile(r"^\s*(?:责任编辑|责编|编辑)\s*[:：]\s*(?P<name>[\u4e00-\u9fff·]{2,10})\s*$")
BYLINE_PREFIX = re.compile(r"^(?:作者|文|本报记者|记者|通讯员)\s*[:：]?\s*")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")
# Where the article ends even without an editor line.
CHROME_MARKERS = (
    "相关新闻",
    "相关阅读",
    "延伸阅读",
    "关于我们",
    "版权声明",
    "Copyright",
    "扫码关注",
    "责任编辑",
)


def _title_line(line):
    """``大力弘扬…-中工理论-中工网`` → (title, [columns], site); ('', [], '') when not that shape."""
    parts = [part.strip() for part in re.split(r"\s*[-_|｜—]\s*", line) if part.strip()]
    if len(parts) < 2:
        return "", [], ""
    return (
        "-".join(parts[:-2] if len(parts) > 2 else parts[:1]),
        parts[1:-1] if len(parts) > 2 else [],
        parts[-1],
    )


def find_date_line(lines, limit=40):
    for index, line in enumerate(lines[:limit]):
        if DATE_LINE.match(line):
            return index
    return None


def parse(text):
    lines = [line.strip(" \t\u3000\u00a0") for line in text.split("\n")]
    nonblank = [line for line in lines if line]
    if not nonblank:
        raise DocumentError("空文件（没有任何文字）")
    date_index = find_date_line(nonblank)
    if date_index is None:
        raise DocumentError("不像网页正文：找不到「日期 来源」行")

    head = nonblank[:date_index]
    title, columns, site = _title_line(nonblank[0])
    # The title is printed again right before the byline; crumbs sit between.
    repeat = None
    for index in range(len(head) - 1, 0, -1):
        if title and head[index] == title:
            repeat = index
            break
    if repeat is None:
        # No title line at the top: the title is the first line before the byline block.
        title = title or nonblank[0]
        repeat = 0 if head and head[0] == title else None
    if not title:
        raise DocumentError("无法识别标题")

    record = Record(kind="article", format="scraped_page", title=title[:200])
    if repeat is not None:
        crumbs = [line for line in head[1:repeat] if len(line) <= 12 and not _looks_like_navigation(line)]
        record.column_path = crumbs or columns
        byline_lines = head[repeat + 1 :]
    else:
        record.column_path = columns
        byline_lines = []
    for line in byline_lines:
        names = re.split(r"[\s、，,]+", BYLINE_PREFIX.sub("", line))
        record.authors += [(name, "") for name in names if _NAME.match(name)]

    match = DATE_LINE.match(nonblank[date_index])
    record.published_at = parse_datetime(match.group("date"))
    source_text = match.group("source") or ""
    body_start = date_index + 1
    if not source_text and body_start < len(nonblank) and (source := SOURCE_LINE.match(nonblank[body_start])):
        source_text, body_start = source.group("source"), body_start + 1
    outlets = [part.strip() for part in re.split(r"\s*[-—|｜]\s*", source_text) if part.strip()]
    if outlets:
        # 「中工网-工人日报」: the site republished the paper; the paper is the 来源.
        record.source = outlets[-1]
        record.via = outlets[0] if len(outlets) > 1 else ""
    if not record.via and site and site != record.source:
        record.via = site

    body = []
    for line in nonblank[body_start:]:
        if editor := EDITOR_LINE.match(line):
            record.responsible_editor = editor.group("name")
            break
        if note := author_note(line):
            record.author_note = note
            continue
        if any(line.startswith(marker) for marker in CHROME_MARKERS):
            break
        body.append(line)
    if not body:
        raise DocumentError("网页中找不到正文")
    if record.author_note and len(record.authors) == 1:
        record.authors = [(record.authors[0][0], position_from_note(record.author_note))]
    record.body = paragraphs_html(body)
    return record


def _looks_like_navigation(line):
    return len(line) > 12 or not re.search(r"[\u4e00-\u9fff]", line)
