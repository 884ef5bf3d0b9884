"""Which format a document is in, and which kind (article or speech) it becomes."""

import re

from ingest.parsers import FORMATS
from ingest.parsers.frontmatter_html import split_front_matter
from ingest.parsers.scraped_page import find_date_line
from ingest.parsers.speech import SECTION, subtitle_index
from ingest.record import DocumentError

KINDS = ("article", "speech")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HTML_START = re.compile(r"^\s*<(?:!doctype|html|body|div|p|article|section|h1)\b", re.IGNORECASE)


def detect_format(text):
    """One of ingest.parsers.FORMATS, or DocumentError when nothing fits."""
    if not text.strip():
        raise DocumentError("空文件（没有任何文字）")
    front, _ = split_front_matter(text)
    if front is not None or _HTML_START.match(text):
        return "frontmatter_html"
    lines = [line.strip(" \t\u3000\u00a0") for line in text.split("\n") if line.strip(" \t\u3000\u00a0")]
    if subtitle_index(lines) is not None:
        return "speech"
    salutation = any(line.endswith("：") and len(line) <= 40 for line in lines[:6])
    if salutation and sum(1 for line in lines if SECTION.match(line)) >= 2:
        return "speech"
    if find_date_line(lines) is not None and len(lines) >= 4:
        return "scraped_page"
    if _HAN.search(text):
        return "plain_text"
    raise DocumentError("无法识别的文档格式（不是 front matter/HTML、纯文本、网页文本或讲话稿）")


def kind_for(format_name):
    return "speech" if format_name == "speech" else "article"


def check_format(name):
    if name not in FORMATS:
        raise DocumentError(f"未知格式 {name}（可选：{'、'.join(FORMATS)}）")
    return name
