"""Which format a document is in, which kind (article or speech) it becomes, and why.

Each rule returns the cue that decided it, so ``--report`` and ``-v 2`` can say how a
document was read.
"""

import re

from ingest.parsers import FORMATS
from ingest.parsers.frontmatter_html import split_front_matter
from ingest.parsers.scraped_page import EPAPER, date_line, find_date_line, is_body_line, is_chrome
from ingest.parsers.speech import speech_cue
from ingest.record import DocumentError

_HAN = re.compile(r"[\u4e00-\u9fff]")
# What may come before the first tag of an HTML page: a BOM, an XML declaration, comments, a doctype.
_HTML_PROLOGUE = re.compile(
    r"\A(?:\ufeff|\s+|<\?xml[^>]*\?>|<!--.*?-->|<!doctype[^>]*>)+", re.IGNORECASE | re.DOTALL
)
_HTML_START = re.compile(r"<(?:html|head|body|div|p|article|section|h1|meta|title)\b", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S")


def detect(text):
    """``(format, cue)``: one of ingest.parsers.FORMATS and what decided it.

    DocumentError when nothing fits.
    """
    if not text.strip():
        raise DocumentError("空文件（没有任何文字）")
    front, _ = split_front_matter(text)
    if front is not None:
        return "frontmatter_html", "YAML front matter（--- 之间）"
    prologue = _HTML_PROLOGUE.match(text)
    start = prologue.end() if prologue else 0
    declared = bool(prologue and prologue.group().strip("\ufeff \t\n"))  # a comment, doctype or <?xml?>
    if (tag := _HTML_START.match(text, start)) or (declared and text[start : start + 1] == "<"):
        first = tag.group() if tag else text[start : start + 10]
        before = "，前有注释/文档类型声明" if declared else ""
        return "frontmatter_html", f"HTML（以 {first}… 开头{before}）"
    lines = [line.strip(" \t\u3000\u00a0") for line in text.split("\n") if line.strip(" \t\u3000\u00a0")]
    if lines and _MARKDOWN_HEADING.match(lines[0]):
        return "frontmatter_html", f"Markdown 标题「{lines[0][:24]}」"
    if cue := speech_cue(lines):
        return "speech", cue
    if (index := find_date_line(lines)) is not None and len(lines) >= 4:
        return "scraped_page", f"网页日期来源行「{lines[index][:40]}」"
    head = lines[: next((i for i, line in enumerate(lines) if is_body_line(line)), len(lines))]
    chrome = [line for line in head if is_chrome(line)]
    if chrome and len(lines) >= 3:
        what = "电子报版面" if any(EPAPER.search(line) for line in chrome) else "网页导航/面包屑"
        return "scraped_page", f"{what}「{chrome[0][:24]}」在标题前"
    if _HAN.search(text):
        return "plain_text", "纯文本（无 front matter、HTML、日期来源行或讲话特征）"
    raise DocumentError("无法识别的文档格式（不是 front matter/HTML、纯文本、网页文本或讲话稿）")


def detect_format(text):
    """One of ingest.parsers.FORMATS, or DocumentError when nothing fits."""
    return detect(text)[0]


def kind_for(format_name):
    return "speech" if format_name == "speech" else "article"


def check_format(name):
    if name not in FORMATS:
        raise DocumentError(f"未知格式 {name}（可选：{'、'.join(FORMATS)}）")
    return name


__all__ = ["check_format", "date_line", "detect", "detect_format", "kind_for"]
