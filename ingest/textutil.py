"""Helpers shared by the parsers: dates, quotes, proxy URLs, paragraphs and headings."""

import datetime
import email.utils
import re
import zoneinfo

from django.utils.dateparse import parse_datetime as parse_iso_datetime
from django.utils.html import escape

from ingest.record import DocumentError

# Documents without a zone are newsroom (Beijing) time.
LOCAL_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")

FINAL_PUNCTUATION = "。！？；：…!?;:”’」』）)"
# A section heading: a short paragraph with no final punctuation.
MAX_HEADING_CHARS = 60

_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CHINESE_DATETIME = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?)?"
)

# "https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/x.jpg" → the URL after "?".
_PROXY = re.compile(r"^https?://[^/?#]+/?\?(?:url=)?(https?://.+)$", re.IGNORECASE)

# ZAKER writes `" 五一 "` for “五一”: straight quotes padded with spaces, in pairs.
_SPACED_QUOTES = re.compile(r'"\s*([^"<>\n]{1,40}?)\s*"')
_HAN = r"\u3400-\u9fff"
# Padding ZAKER leaves around Chinese quotes and ellipses: 「在 “五一” 国际」, 「展翅 …… 这些」.
_SPACE_AROUND_PUNCT = re.compile(rf"(?<=[{_HAN}，。、”])[ \u00a0]+(?=[“…])|(?<=[”…])[ \u00a0]+(?=[{_HAN}“])")
# …and digits and the "+" of programme names: 「4 月 27 日」, 「《联播 +》」, 「联播 +4 月」.
_DIGIT_HAN_SPACE = re.compile(rf"(?<=[{_HAN}])[ \u00a0]+(?=[\d+])|(?<=[\d+])[ \u00a0]+(?=[{_HAN}》])")


def unproxy(url):
    """The original URL behind a CORS/image proxy; any other URL unchanged."""
    url = (url or "").strip()
    for _ in range(3):  # proxies are sometimes chained
        match = _PROXY.match(url)
        if not match:
            break
        url = match.group(1)
    return url


def is_http_url(url):
    return bool(re.match(r"^https?://[^\s/]+", url or "", re.IGNORECASE))


def curly_quotes(text):
    """`" 五一 "` → “五一” (only where the quotes pair up around Chinese text)."""

    def replace(match):
        inner = match.group(1).strip()
        if not re.search(rf"[{_HAN}]", inner):
            return match.group(0)
        return f"“{inner}”"

    text = _SPACED_QUOTES.sub(replace, text)
    return _SPACE_AROUND_PUNCT.sub("", text)


def tidy_aggregator_spacing(text):
    """「4 月 27 日」 → 「4月27日」, 「联播 +」 → 「联播+」: aggregators pad digits inside Chinese text."""
    return _DIGIT_HAN_SPACE.sub("", text)


def parse_datetime(value):
    """RFC 2822 or ISO 8601 (with or without zone), or a Chinese date → aware datetime.

    None when there is no value. A value without a zone is Beijing time. A month and
    day without a year is no date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=LOCAL_ZONE)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=LOCAL_ZONE)
    text = str(value).strip()
    match = _ISO.match(text)
    if match:
        year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
        return _checked(year, month, day, hour, minute, second)
    if text[:4].isdigit() and len(text) <= 40:
        try:  # ISO 8601 with a zone: 2023-04-28T10:15:00+08:00, 2023-04-28 10:15:00 +0800, …Z
            parsed = parse_iso_datetime(text.replace(" +", "+").replace(" -", "-"))
        except ValueError:
            raise DocumentError(f"日期不存在：{text[:40]}") from None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_ZONE)
    match = _CHINESE_DATETIME.search(text)
    if match and len(text) <= 40:
        year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
        return _checked(year, month, day, hour, minute, second)
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        raise DocumentError(f"无法识别的日期：{text[:40]}") from None
    if parsed.tzinfo is None:  # RFC 2822 "-0000": zone unknown, treat as UTC per the RFC
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed.astimezone(datetime.UTC)


def _checked(year, month, day, hour, minute, second):
    try:
        return datetime.datetime(year, month, day, hour, minute, second, tzinfo=LOCAL_ZONE)
    except ValueError:
        raise DocumentError(f"日期不存在：{year}-{month}-{day}") from None


def chinese_date(text):
    """First full 「2020年11月24日」 in text as a date, or None."""
    match = _CHINESE_DATE.search(text or "")
    if not match:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def is_heading(paragraph):
    """A short paragraph without final punctuation reads as a section heading."""
    text = paragraph.strip()
    return (
        4 <= len(text) <= MAX_HEADING_CHARS
        and text[-1] not in FINAL_PUNCTUATION
        and re.search(rf"[{_HAN}]", text) is not None
    )


def paragraphs_html(paragraphs, headings=True):
    """Plain paragraphs → <p>…</p>, headings as <h2>. Text is escaped here."""
    out = []
    for paragraph in paragraphs:
        text = paragraph.strip()
        if not text:
            continue
        tag = "h2" if headings and is_heading(text) else "p"
        out.append(f"<{tag}>{escape(text)}</{tag}>")
    return "".join(out)


_PARAGRAPH_BREAK = re.compile(r"\n\s*|[\u3000]{2,}|(?<=[。！？”）])\s{2,}")


def split_paragraphs(text):
    """Paragraphs separated by newlines or by runs of ideographic spaces (one-line files)."""
    return [
        part.strip(" \t\u3000\u00a0")
        for part in _PARAGRAPH_BREAK.split(text)
        if part.strip(" \t\u3000\u00a0")
    ]


_NOTE = re.compile(r"^[（(]\s*(作者(?:系|为|是|：|:)[^（）()]{1,150})\s*[）)]$")
_POSITION_PREFIX = re.compile(r"^作者(?:系|为|是|：|:)\s*")


def author_note(paragraph):
    """「（作者为…）」 → 「作者为…」, else ''."""
    match = _NOTE.match(paragraph.strip())
    return match.group(1).strip() if match else ""


def position_from_note(note):
    """「作者系全总劳动和经济工作部部长」 → 「全总劳动和经济工作部部长」."""
    return _POSITION_PREFIX.sub("", note).strip()


# -- bylines and closing lines, shared by every format ---------------------------------

# Marks printed before a byline: 「□ 本报记者 王磊」.
BYLINE_BULLETS = "□■●◎◆▲☆★"
# A label before the names: 「作者：」「文/」「撰文｜」. Not part of anyone's position.
_BYLINE_LABEL = re.compile(r"^(?:作者|撰文|文字|文|图文)\s*[:：/|｜]\s*")
# A role printed before names, kept as their position: 「新华社记者」「本报记者」「通讯员」.
_BYLINE_ROLE = re.compile(
    rf"^(?P<role>[{_HAN}]{{0,10}}?(?:特约记者|见习记者|实习记者|首席记者|记者|特约通讯员|通讯员|实习生))\s*[:：]?\s*"
)
_PERSON_NAME = re.compile(rf"^[{_HAN}]{{2,4}}$|^[{_HAN}]{{1,8}}(?:·[{_HAN}]{{1,8}})+$")
# Bylines that name an organisation or a role, not a person: 「本报评论员」「人民网」.
_NOT_A_PERSON = re.compile(
    r"(?:记者|评论员|通讯员|编辑部|编辑|本报|本刊|周刊|报|网|社|台|工作室|课题组|小组)$"
)
_NAME_SEPARATORS = re.compile(r"[\s、，,;；/|｜]+")


def is_person_name(text):
    """A Chinese personal name as printed in a byline (王晓峰, 阿卜杜拉·艾尼), not a role or outlet
    (本报评论员, 新浪财经, 开源中国)."""
    from ingest.titles import is_site_name

    return bool(_PERSON_NAME.match(text)) and not _NOT_A_PERSON.search(text) and not is_site_name(text)


def byline_names(text, exclude=()):
    """「新华社记者 张晓明 李华」 → [("张晓明", "新华社记者"), ("李华", "新华社记者")].

    Only tokens that read as personal names count; a role printed before them is kept
    as their position. Anything else (「admin」「本报评论员」, aggregators) is no author.
    """
    authors, role = [], ""
    text = (text or "").strip().lstrip(BYLINE_BULLETS).strip()
    for token in _NAME_SEPARATORS.split(_BYLINE_LABEL.sub("", text)):
        if match := _BYLINE_ROLE.match(token):
            role, token = match.group("role"), token[match.end() :]
        if token and token not in exclude and is_person_name(token):
            authors.append((token, role))
    return authors


_EDITOR_LINE = re.compile(
    rf"^[（(【\[]?\s*(?:责任编辑|责编|本文编辑|值班编辑|编辑)\s*[:：]\s*(?P<names>[{_HAN}·、，,\s]{{2,40}}?)\s*[）)】\]]?$"
)
_SOURCE_LINE = re.compile(
    r"^[（(【\[]?\s*(?:来源|稿源|文章来源|转自)\s*[:：]\s*(?P<source>[^（）()【】\[\]]{2,60}?)\s*[）)】\]]?$"
)
# 「作者：郑宏」 as the last line of a text.
_CLOSING_BYLINE = re.compile(
    rf"^[（(]?\s*(?:作者|撰文|文)\s*[:：/｜|]\s*(?P<names>[{_HAN}·、，,\s]{{2,40}}?)\s*[）)]?$"
)
_OUTLET_SEPARATORS = re.compile(r"\s*[-－—_|｜丨]+\s*")


def editor_line(paragraph):
    """「（责任编辑：李四、王五）」「编辑:迟语洋」 → 「李四」 (the first name), else ''."""
    match = _EDITOR_LINE.match(paragraph.strip())
    if not match:
        return ""
    names = [name for name in _NAME_SEPARATORS.split(match.group("names")) if is_person_name(name)]
    return names[0] if names else ""


def outlets(text):
    """「中工网-工人日报」 → ("工人日报", "中工网"): the last outlet published it, the first relayed it."""
    parts = [
        part.strip("《》〈〉 ") for part in _OUTLET_SEPARATORS.split(text.strip()) if part.strip("《》〈〉 ")
    ]
    if not parts:
        return "", ""
    return parts[-1], (parts[0] if len(parts) > 1 else "")


def source_line(paragraph):
    """「（来源：人民日报）」 → 「人民日报」, else ''."""
    match = _SOURCE_LINE.match(paragraph.strip())
    return match.group("source").strip() if match else ""


def take_closing(paragraphs, record):
    """Pop the closing lines (author note, editor, 来源) off the end of ``paragraphs`` into ``record``."""
    while paragraphs:
        last = paragraphs[-1]
        if note := author_note(last):
            record.author_note = record.author_note or note
        elif editor := editor_line(last):
            record.responsible_editor = record.responsible_editor or editor
        elif source := source_line(last):
            if not record.source:
                record.source, via = outlets(source)
                record.via = record.via or via
        elif (byline := _CLOSING_BYLINE.match(last)) and (names := byline_names(byline.group("names"))):
            record.authors = record.authors or names
        else:
            break
        paragraphs.pop()
    return paragraphs
