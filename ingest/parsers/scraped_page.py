"""Text scraped from a news web page.

Shape: page chrome (a ``title-column-site`` line, navigation, breadcrumbs, a site name,
an e-paper's issue date and 上一版/下一版), the title, the byline, the page's own
metadata line (``…  2024-04-30 09:12  来源：工人日报  作者：…``, anywhere in its line),
the body, ``(作者系…)``, ``编辑:…``, then related links and the footer. Metadata is
kept; chrome, related lists and footer are not. The title is the last line of the head
before the byline: whatever comes first on the page, it is chrome or crumbs.
"""

import re

from ingest.record import DocumentError, Record
from ingest.textutil import (
    BYLINE_BULLETS,
    author_note,
    byline_names,
    editor_line,
    is_person_name,
    outlets,
    paragraphs_html,
    parse_datetime,
    position_from_note,
    source_line,
    take_closing,
)
from ingest.titles import derived_title, is_site_name, split_site

_DATE = (
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
DATE = re.compile(_DATE)
# What may stand before the date on the page's metadata line:
# 「发布时间：」「字号：大 中 小」「浏览量：3021」.
META_CUES = re.compile(r"来源|稿源|作者|发布|时间|日期|浏览|阅读|点击|字号|编辑|责编")
# An e-paper's issue line (「工人日报 2024年05月06日 星期一」「第03版」): chrome, not the page's date.
EPAPER = re.compile(r"第\s*\d+\s*版|星期[一二三四五六日天]|数字报|电子版")
EPAPER_CHROME = (
    "上一版",
    "下一版",
    "返回目录",
    "版面导航",
    "PDF下载",
    "上一篇",
    "下一篇",
    "往期回顾",
    "本版新闻",
)
_SENTENCE = re.compile(r"[。！？；，,]")
_REST_SOURCE = re.compile(r"来源\s*[:：]\s*(?P<source>[^\s|｜丨]+(?:\s*[-－—]\s*[^\s|｜丨]+)*)")
_REST_AUTHOR = re.compile(r"作者\s*[:：]\s*(?P<names>[^|｜丨]+?)\s*(?:$|[|｜丨]|来源)")
MAX_DATE_LINE_CHARS = 120
CRUMB_SEPARATORS = re.compile(r"\s*(?:>>|>|›|»|＞|→|/)\s*")
_BYLINE_LABEL = re.compile(r"^(?:作者|撰文|文字|文|图文|摄影|图)\s*[:：/|｜]")
_BYLINE_WORDS = re.compile(r"[\s、，,;；]+")
_BYLINE_ROLE = re.compile(
    r"^[\u4e00-\u9fff]{0,10}?(?:特约记者|见习记者|实习记者|首席记者|记者|特约通讯员|通讯员|实习生)[:：]?"
)
_LOCATION_LABEL = re.compile(r"^(?:当前位置|您的位置|你的位置|所在位置|位置)\s*[:：]\s*")
MAX_CRUMB_CHARS = 12
# A body paragraph: a sentence, or long. The head (chrome, title, byline) has none.
MIN_BODY_CHARS = 60
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


def date_line(line):
    """The date on the page's own metadata line, as a match, or None.

    The date may stand anywhere in its line (「浏览量：3021  2024-04-30 09:12  来源：…」)
    as long as what precedes it is a label or page chrome and the line is no sentence.
    An e-paper's issue line is chrome, never the page's date.
    """
    if len(line) > MAX_DATE_LINE_CHARS or _SENTENCE.search(line) or EPAPER.search(line):
        return None
    match = DATE.search(line)
    if not match:
        return None
    before = line[: match.start()].strip(" \t\u3000|｜丨")
    if before and not META_CUES.search(before):
        return None
    return match


def find_date_line(lines, limit=40):
    """The metadata line's index: it precedes the body (a letter's date under it is not it)."""
    for index, line in enumerate(lines[:limit]):
        if date_line(line):
            return index
        if is_body_line(line):
            return None
    return None


def is_body_line(line):
    """A paragraph of text: it ends a sentence, or is long and has sentence punctuation."""
    if len(line) > 20 and line[-1] in "。！？”":
        return True
    return len(line) >= MIN_BODY_CHARS and bool(re.search(r"[。！？，；]", line))


def is_chrome(line):
    """Navigation, breadcrumbs, a site's name, e-paper controls: never the title."""
    if any(marker in line for marker in EPAPER_CHROME) or EPAPER.search(line):
        return True
    if _LOCATION_LABEL.match(line):
        return True
    if CRUMB_SEPARATORS.search(line) and not DATE.search(line) and not _BYLINE_LABEL.match(line):
        return True  # 「首页 > 新闻中心 > 工会动态」, but not 「文/陆晓」
    if "|" in line or "｜" in line:
        return not split_site(line)[2] and len(re.split(r"\s*[|｜]\s*", line)) > 2
    if line.startswith("首页"):
        return True  # a glued menu: 「首页学习时政看点…」
    return is_site_name(line)


def is_byline(line):
    """「王晓峰」「本报记者 刘亚楠」「作者：范文博」「记者 胡波」: names only, with their role.

    Every word must be a name or a role; a bare name (no label, no role) must start with a
    common surname, so crumbs such as 「工运前沿」 are not taken for one.
    """
    if len(line) > 40 or _SENTENCE.search(line) or re.search(r"[>›»|｜]", line):
        return False
    from ingest.linking import SURNAMES

    line = line.lstrip(BYLINE_BULLETS).strip()
    labelled = bool(_BYLINE_LABEL.match(line))
    words = [word for word in _BYLINE_WORDS.split(_BYLINE_LABEL.sub("", line)) if word]
    names = 0
    for word in words:
        if role := _BYLINE_ROLE.match(word):
            word = word[role.end() :]
            labelled = True
        if not word:
            continue
        if not is_person_name(word) or not (labelled or word[0] in SURNAMES):
            return False
        names += 1
    return names > 0


def _crumbs(lines, title, sites):
    """Column names from breadcrumb lines and the short lines between chrome and title."""
    found = []
    for line in lines:
        if (
            any(marker in line for marker in EPAPER_CHROME)
            or EPAPER.search(line)
            or "|" in line
            or "｜" in line
        ):
            continue
        for part in CRUMB_SEPARATORS.split(_LOCATION_LABEL.sub("", line)):
            part = part.strip()
            if (
                part
                and len(part) <= MAX_CRUMB_CHARS
                and part != title
                and part not in sites
                and not part.endswith("首页")
                and not is_site_name(part)
                and re.search(r"[\u4e00-\u9fff]", part)
            ):
                found.append(part)
    return found


def _epaper_issue(lines):
    """(date, outlet) from an e-paper's issue line 「工人日报 2024年05月06日 星期一」, or (None, '')."""
    for line in lines:
        if EPAPER.search(line) and (match := DATE.search(line)):
            outlet = line[: match.start()].strip()
            return parse_datetime(match.group()), outlet if is_site_name(outlet) else ""
    return None, ""


def parse(text):
    lines = [line.strip(" \t\u3000\u00a0") for line in text.split("\n")]
    nonblank = [line for line in lines if line]
    if not nonblank:
        raise DocumentError("空文件（没有任何文字）")
    date_index = find_date_line(nonblank)
    if date_index is not None:
        head_end = date_index
    else:
        head_end = next((i for i, line in enumerate(nonblank) if is_body_line(line)), None)
        if head_end is None:
            raise DocumentError("不像网页正文：找不到「日期 来源」行或正文")
    head = nonblank[:head_end]

    # Byline lines end the head; the title is the line before them.
    end = len(head)
    while end > 0 and is_byline(head[end - 1]) and not is_chrome(head[end - 1]):
        end -= 1
    byline_lines = head[end:]
    title_index = next((i for i in range(end - 1, -1, -1) if not is_chrome(head[i])), None)
    site_titles = [split_site(line) for line in head[:end] if split_site(line)[2]]
    sites = {site for _, _, site in site_titles} | {line for line in head if is_site_name(line)}
    title = head[title_index] if title_index is not None else ""
    columns = []
    if title_index is not None and (found := split_site(title))[2]:
        title, columns = found[0], found[1]
    elif site_titles:
        columns = site_titles[0][1]
    record = Record(kind="article", format="scraped_page", title=title)
    crumb_lines = [line for line in head[: title_index or 0] if not split_site(line)[2] and line != title]
    record.column_path = _crumbs(crumb_lines, title, sites) or columns

    exclude = sites
    for line in byline_lines:
        record.authors += byline_names(line, exclude=exclude)
    body_start = head_end
    source_text = ""
    if date_index is not None:
        line = nonblank[date_index]
        match = date_line(line)
        record.published_at = parse_datetime(match.group())
        source_text = source.group("source") if (source := _REST_SOURCE.search(line)) else ""
        if not record.authors and (author := _REST_AUTHOR.search(line)):
            record.authors = byline_names(author.group("names"), exclude=exclude)
        body_start = date_index + 1
        # 「来源：…」 and a byline may follow on lines of their own.
        while body_start < len(nonblank):
            following = nonblank[body_start]
            if not source_text and (source := source_line(following)):
                source_text = source
            elif not record.authors and is_byline(following):
                record.authors = byline_names(following, exclude=exclude)
            else:
                break
            body_start += 1
    else:
        record.published_at, source_text = _epaper_issue(head[: title_index or 0])
    # 「中工网-工人日报」: the site republished the paper; the paper is the 来源.
    record.source, record.via = outlets(source_text)
    site = site_titles[0][2] if site_titles else ""
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
    take_closing(body, record)
    if not body:
        raise DocumentError("网页中找不到正文")
    if not record.title or is_site_name(record.title):
        record.title, record.title_derived = derived_title(body[0]), True
    if record.author_note and len(record.authors) == 1:
        record.authors = [(record.authors[0][0], position_from_note(record.author_note))]
    record.body = paragraphs_html(body)
    return record
