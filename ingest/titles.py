"""Headlines as newsrooms receive them: site names after a separator, 引题/主题/副题 blocks,
and a title derived from the text when a document has none.

Shared by every format, so a rule learnt on one layout holds on all of them.
"""

import re

from ingest.textutil import FINAL_PUNCTUATION

_HAN = r"\u4e00-\u9fff"
# A site or outlet name: 中工网, 新浪财经, 人民日报, 央视新闻, IT之家, 开源中国, 澎湃新闻…
SITE_SUFFIXES = (
    "网", "日报", "晚报", "早报", "时报", "商报", "周刊", "周报", "杂志", "报", "新闻", "财经", "之家",
    "在线", "资讯", "频道", "客户端", "电视台", "广播电台", "台", "社", "头条", "号", "数字报", "电子版",
)  # fmt: skip
_SITE_NAME = re.compile(rf"^[{_HAN}A-Za-z0-9·.\-]{{1,14}}$")
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.IGNORECASE)
# Separators between a title and the site: 「title|site」「title_site」「title - site」「title——site」.
_SITE_SEPARATOR = re.compile(r"(\s*(?:\||｜|_|——|—|--|-|－)\s*)")
MAX_HEADLINE_CHARS = 60
MAX_DERIVED_CHARS = 40
# A subtitle line as printed: 「——记全国劳动模范张三」.
SUBTITLE_DASH = re.compile(r"^\s*(?:——|──|--|—)\s*\S")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")


def is_site_name(text):
    """Whether ``text`` reads as a site or outlet (中工网, 新浪财经, IT之家, people.com.cn)."""
    from ingest.linking import known_outlets

    text = text.strip()
    if not text:
        return False
    if text in known_outlets() or _DOMAIN.match(text):
        return True
    if not _SITE_NAME.match(text):
        return False
    if text.endswith("中国") and len(text) >= 4:  # 开源中国, 新华中国; 张中国 is a name
        return True
    return any(text.endswith(suffix) and len(text) > len(suffix) for suffix in SITE_SUFFIXES)


def split_site(line):
    """``title|site`` → (title, [columns], site). The right part goes only if it is a site
    name, so 「联播+|数说新时代工运事业」 keeps its ``|``. ``(line, [], "")`` otherwise.

    「title-column-site」: parts before the site, cut by the same separator, that are short
    are columns (中工理论); the title keeps any other separator it has inside it.
    """
    line = line.strip()
    pieces = _SITE_SEPARATOR.split(line)
    if len(pieces) < 3 or not is_site_name(pieces[-1]):
        return line, [], ""
    site, separator = pieces[-1].strip(), pieces[-2]
    parts = "".join(pieces[:-2]).split(separator)
    columns = []
    while len(parts) > 1 and len(parts[-1].strip()) <= 12 and not is_site_name(parts[-1].strip()):
        columns.insert(0, parts.pop().strip())
    return separator.join(parts).strip(), columns, site


def strip_site(title):
    return split_site(title)[0] if title else title


def is_headline(line, limit=MAX_HEADLINE_CHARS):
    """A short line without final punctuation: a title, kicker or subtitle, not a sentence."""
    text = line.strip()
    return (
        0 < len(text) <= limit
        and text[-1] not in "。！？!?；;：:，,"
        and not re.search(r"[。！？]", text[:-1])
    )


def headline_block(lines):
    """(kicker, title, subtitle, lines used) for the 人民日报 style of up to three headline lines.

    ``lines`` are the short headline lines at the top, in order. A line printed with ——
    is the subtitle and the one before it the title; otherwise three lines are
    引题/主题/副题 and two are 引题/主题.
    """
    lines = list(lines[:3])
    for index, line in enumerate(lines):
        if index and SUBTITLE_DASH.match(line):
            title = lines[index - 1]
            kicker = " ".join(lines[: index - 1])
            return kicker, title, line, index + 1
    if len(lines) == 3:
        return lines[0], lines[1], lines[2], 3
    if len(lines) == 2:
        return lines[0], lines[1], "", 2
    return "", lines[0] if lines else "", "", len(lines)


def derived_title(text):
    """A title from the first sentence of ``text``, for a document that gives none.

    The first sentence without its final stop; a long one is cut at the last clause
    break within MAX_DERIVED_CHARS, with an ellipsis (the piece is flagged 待补标题, so
    an editor replaces it before publication).
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return ""
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    sentence = sentence.rstrip("。！？!?").strip()
    if len(sentence) <= MAX_DERIVED_CHARS:
        return sentence
    head = sentence[:MAX_DERIVED_CHARS]
    cut = max(head.rfind(mark) for mark in "，、；;,")
    head = head[:cut] if cut > 0 else head
    return head.rstrip(FINAL_PUNCTUATION + "，、 ") + "…"
