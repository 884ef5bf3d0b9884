"""YAML front matter + an HTML body (news aggregators such as ZAKER), or bare HTML.

The front matter is read with YAML's safe loader only (libyaml's when installed), after a
bounded event scan rejects alias bombs and deep nesting before any object is built.
"""

import html
import re

import yaml

from ingest.html_body import convert
from ingest.record import DocumentError, Record
from ingest.textutil import byline_names, curly_quotes, is_http_url, parse_datetime, take_closing, unproxy
from ingest.titles import derived_title, strip_site

MAX_FRONT_MATTER_CHARS = 32_000
MAX_YAML_ALIASES = 20
MAX_YAML_DEPTH = 10

# Aggregators re-publish others' work: they are never an author or a 来源.
AGGREGATORS = frozenset(
    {"ZAKER", "扎克", "今日头条", "头条号", "一点资讯", "网易号", "搜狐号", "百家号", "UC头条", "腾讯新闻"}
)

# libyaml's parser when PyYAML was built with it: the pure-Python one was an eighth of
# reading a document (2.5 ms of a front-matter file's 7). Same safe constructor either way.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_CLOSING_CREDIT = re.compile(r"[（(]\s*([^（）()<>]{2,40}?)\s*[）)]\s*$")
_HTML_BLOCK = re.compile(
    r"<(?:p|div|br|img|h[1-6]|section|article|span|table|ul|ol|figure|html|body)\b", re.IGNORECASE
)
_TAGS = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"<(?P<tag>p|h2|h3|figure)>(?P<inner>.*?)</(?P=tag)>")


def split_front_matter(text):
    """``(yaml_text or None, body)``; blank lines before the first ``---`` are allowed."""
    stripped = text.lstrip("\ufeff \t\n")
    if not stripped.startswith("---"):
        return None, text
    first = _FENCE.match(stripped)
    if not first:
        return None, text
    closing = _FENCE.search(stripped, first.end())
    if not closing:
        raise DocumentError("front matter 没有结束的 ---")
    front = stripped[first.end() : closing.start()]
    if len(front) > MAX_FRONT_MATTER_CHARS:
        raise DocumentError(f"front matter 超过 {MAX_FRONT_MATTER_CHARS} 个字符")
    return front, stripped[closing.end() :]


def load_front_matter(front):
    """A mapping from the YAML text; custom tags, alias bombs and deep nesting refused."""
    try:
        aliases = depth = 0
        mappings = []  # per open collection: [keys seen, next node is a key] for mappings, None for lists
        # The scan only reads events (no objects are built).
        for event in yaml.parse(front, Loader=SAFE_LOADER):
            if isinstance(event, yaml.NodeEvent) and mappings and mappings[-1] is not None:
                _check_key(mappings[-1], event)
            if isinstance(event, yaml.MappingStartEvent):
                mappings.append([set(), True])
            elif isinstance(event, yaml.SequenceStartEvent):
                mappings.append(None)
            elif isinstance(event, yaml.CollectionEndEvent):
                mappings.pop()
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    raise DocumentError("front matter 引用（alias）过多，拒绝解析")
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise DocumentError("front matter 嵌套过深，拒绝解析")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        data = yaml.load(front, Loader=SAFE_LOADER)  # noqa: S506 - CSafeLoader or SafeLoader
    except DocumentError:
        raise
    except yaml.constructor.ConstructorError as exc:
        raise DocumentError(f"front matter 含有不允许的 YAML 标签：{_first_line(exc)}") from None
    except yaml.YAMLError as exc:
        raise DocumentError(f"front matter 不是合法的 YAML：{_first_line(exc)}") from None
    except (ValueError, OverflowError) as exc:  # safe_load builds dates: 2021-02-30 fails here
        raise DocumentError(f"front matter 中的日期或数值无效：{_first_line(exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DocumentError("front matter 不是键值对")
    return {str(key).strip().lower(): value for key, value in data.items()}


def _check_key(mapping, event):
    """A key given twice (「title」 twice, or 「Date」 after 「date」) is an error naming it:
    YAML would silently keep the last one."""
    keys, is_key = mapping
    mapping[1] = not is_key
    if not is_key:
        return
    if isinstance(event, yaml.ScalarEvent):
        key = event.value.strip().lower()
        if key in keys:
            raise DocumentError(f"front matter 中的键「{key}」重复出现，无法确定取哪一个")
        keys.add(key)


def _first_line(exc):
    return str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__


def _text(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(_text(item) for item in value if _text(item))
    return str(value).strip()


def _list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [_text(item) for item in value if _text(item)]
    return [item.strip() for item in re.split(r"[,，、;；]", str(value)) if item.strip()]


def _first(meta, *keys):
    for key in keys:
        if meta.get(key) not in (None, ""):
            return meta[key]
    return None


def is_markdown(source):
    """A body without HTML block tags is Markdown (paragraphs on lines, # headings, ![](…))."""
    return not _HTML_BLOCK.search(source)


def _markdown_to_html(source):
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(source)


def _tag_text(source, tag):
    match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}\s*>", source, re.IGNORECASE | re.DOTALL)
    return html.unescape(_TAGS.sub("", match.group(1))).strip() if match else ""


def parse(text):
    front, body_source = split_front_matter(text)
    meta = load_front_matter(front) if front is not None else {}
    if is_markdown(body_source):
        body_source = _markdown_to_html(body_source)
    body, images = convert(body_source)

    # The title: front matter, else the page's <h1> (a Markdown 「# 」), else its <title>, else
    # the first heading; a site name after a separator is not part of it (「…_新浪财经」).
    title = curly_quotes(_text(_first(meta, "title")))
    leading = re.match(r"<h[23]>(.*?)</h[23]>", body)  # 「## 标题」 as the first line of a Markdown file
    first_heading = html.unescape(_TAGS.sub("", leading.group(1))) if leading else ""
    for candidate in (title, _tag_text(body_source, "h1"), _tag_text(body_source, "title"), first_heading):
        title = strip_site(" ".join(candidate.split()))
        if title:
            break
    record = Record(kind="article", format="frontmatter_html", title=title)
    from django.utils.html import escape

    for tag in ("h2", "h3"):
        repeated = f"<{tag}>{escape(title)}</{tag}>"
        if title and body.startswith(repeated):  # the page's own <h1> is the title, not a section heading
            body = body[len(repeated) :]
    record.kicker = _text(_first(meta, "kicker", "引题"))
    record.subtitle = _text(_first(meta, "subtitle", "副题"))
    record.summary = _text(_first(meta, "summary", "description", "excerpt", "摘要"))
    record.published_at = parse_datetime(_first(meta, "date", "published", "pubdate", "publish_date"))

    categories = _list(meta.get("categories"))
    via = [
        name
        for name in [_text(meta.get("via")), *_list(meta.get("author")), *categories]
        if name in AGGREGATORS
    ]
    record.via = via[0] if via else _text(meta.get("via"))
    from ingest.linking import known_outlets

    not_people = AGGREGATORS | set(known_outlets())
    record.authors = [
        author for name in _list(meta.get("author")) for author in byline_names(name, exclude=not_people)
    ]
    record.source = _text(_first(meta, "source", "来源")).strip("《》〈〉 ")

    for key in ("headimg", "head_image", "image", "cover", "thumbnail", "banner"):
        url = unproxy(_text(meta.get(key)))
        if is_http_url(url):
            record.head_image_url = url
            break
    if not record.head_image_url and images:
        record.head_image_url = images[0]
    url = unproxy(_text(_first(meta, "original_url", "url", "link", "permalink", "source_url")))
    record.original_url = url if is_http_url(url) else ""
    column = _first(meta, "column", "栏目")
    record.column_path = (
        [part.strip() for part in re.split(r"[›>/]", _text(column)) if part.strip()] if column else []
    )
    record.keywords = _list(_first(meta, "tags", "keywords"))
    record.responsible_editor = _text(_first(meta, "editor", "责任编辑", "编辑"))

    # Closing lines (「（作者为…）」, 「（责任编辑：…）」, 「（来源：…）」) become fields.
    blocks = list(_BLOCK.finditer(body))
    closing = [html.unescape(_TAGS.sub("", b["inner"])).strip() if b["tag"] == "p" else "" for b in blocks]
    kept = len(take_closing(closing, record))
    if kept < len(blocks):
        body = body[: blocks[kept].start()]
    # A closing credit 「（中央广播电视总台央视网）」 names the 来源 when it names a known outlet.
    if not record.source and kept and (match := _CLOSING_CREDIT.search(closing[kept - 1])):
        from ingest.linking import outlet_in

        record.source = outlet_in(match.group(1)) or ""
    if not kept:
        raise DocumentError("没有正文")
    if not record.title:  # no title anywhere: one derived from the first sentence, flagged 待补标题
        record.title, record.title_derived = (
            derived_title(closing[0] or _TAGS.sub("", blocks[0]["inner"])),
            True,
        )
    record.body = body
    return record
