"""Text scraped from a news web page.

Shape: a ``title-column-site`` line, navigation, column crumbs, the title again,
the byline, ``date  来源:…``, the body, ``(作者系…)``, ``编辑:…``, then related links
and the footer. Metadata is kept; navigation, crumbs, related lists and footer are not.
"""

import re

from ingest.record import DocumentError, Record
from ingest.textutil import (
    author_note,
    byline_names,
    editor_line,
    outlets,
    paragraphs_html,
    parse_datetime,
    position_from_note,
    source_line,
)

_DATE = (
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
# The page's metadata line: 「2020-11-26 08:27:11  来源:中工网-工人日报」,
# 「2023年04月28日08:27 | 来源：人民网－人民日报」, 「发布时间：2021-05-01」. A body sentence
# that starts with a date goes on with punctuation, so it is never taken for it.
DATE_LINE = re.compile(
    rf"^\s*(?:(?:发布时间|发布日期|时间|日期)\s*[:：]\s*)?(?P<date>{_DATE})(?P<rest>(?:[\s|｜丨/]+[^，。！？]*)?)$"
)
_REST_SOURCE = re.compile(r"来源\s*[:：]\s*(?P<source>[^\s|｜丨]+(?:\s*[-－—]\s*[^\s|｜丨]+)*)")
_REST_AUTHOR = re.compile(r"作者\s*[:：]\s*(?P<names>[^|｜丨]+?)\s*(?:$|[|｜丨]|来源)")
MAX_DATE_LINE_CHARS = 120
CRUMB_SEPARATORS = re.compile(r"\s*(?:>>|>|›|»|＞|→|/)\s*")
MAX_CRUMB_CHARS = 12
# Where the article ends even without an editor line: related lists, sharing, footer.
CHROME_MARKERS = (
    "相关新闻",
    "相关阅读",
    "相关链接",
    "相关文章",
    "延伸阅读",
    "推荐阅读",
    "热点推荐",
    "分享到",
    "打印本页",
    "关闭窗口",
    "【纠错】",
    "关于我们",
    "版权声明",
    "Copyright",
    "扫码关注",
)
# Footer lines recognised anywhere in the line.
CHROME_ANYWHERE = ("版权所有", "Copyright ©", "未经书面授权")


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


def date_line(line):
    """The metadata line's match, or None."""
    return DATE_LINE.match(line) if len(line) <= MAX_DATE_LINE_CHARS else None


def find_date_line(lines, limit=40):
    for index, line in enumerate(lines[:limit]):
        if date_line(line):
            return index
    return None


def _crumbs(lines, site, title):
    """Column names from the crumb lines: 「中工理论」「工运前沿」, 「人民网>>观点」 → 观点."""
    found = []
    for line in lines:
        for part in CRUMB_SEPARATORS.split(line):
            if (
                part
                and len(part) <= MAX_CRUMB_CHARS
                and part not in (site, title)
                and not part.endswith("首页")
                and re.search(r"[\u4e00-\u9fff]", part)
            ):
                found.append(part)
    return found


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
        # Crumbs are short lines; the glued navigation line is not.
        crumb_lines = [line for line in head[1:repeat] if not _looks_like_navigation(line)]
        record.column_path = _crumbs(crumb_lines, site, title) or columns
        byline_lines = head[repeat + 1 :]
    else:
        record.column_path = columns
        byline_lines = []
    for line in byline_lines:
        record.authors += byline_names(line, exclude={site})

    match = date_line(nonblank[date_index])
    record.published_at = parse_datetime(match.group("date"))
    rest = match.group("rest") or ""
    source_text = source.group("source") if (source := _REST_SOURCE.search(rest)) else ""
    if not record.authors and (author := _REST_AUTHOR.search(rest)):
        record.authors = byline_names(author.group("names"), exclude={site})
    body_start = date_index + 1
    if not source_text and body_start < len(nonblank) and (source := source_line(nonblank[body_start])):
        source_text, body_start = source, body_start + 1
    # 「中工网-工人日报」: the site republished the paper; the paper is the 来源.
    record.source, record.via = outlets(source_text)
    if not record.via and site and site != record.source:
        record.via = site

    body = []
    for line in nonblank[body_start:]:
        if editor := editor_line(line):
            record.responsible_editor = editor
            break
        if note := author_note(line):
            record.author_note = note
            continue
        if any(line.startswith(marker) for marker in CHROME_MARKERS) or any(
            marker in line for marker in CHROME_ANYWHERE
        ):
            break
        body.append(line)
    if not body:
        raise DocumentError("网页中找不到正文")
    if record.author_note and len(record.authors) == 1:
        record.authors = [(record.authors[0][0], position_from_note(record.author_note))]
    record.body = paragraphs_html(body)
    return record


def _looks_like_navigation(line):
    """A glued menu (「首页学习时政看点…」) or a menu with separators (「首页 | 频道 | 观点」)."""
    if "|" in line or "｜" in line:
        return True
    too_long = len(CRUMB_SEPARATORS.sub("", line)) > 2 * MAX_CRUMB_CHARS
    return too_long or not re.search(r"[\u4e00-\u9fff]", line)
