"""Readable pinyin slugs for Chinese titles: the one slug function, and the URLs built on them.

Pieces, people, events, columns and tags all take their slugs from here.
"""

import contextlib
import contextvars
import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin

from editorial import words as jieba_words

MAX_SYLLABLES = 8
MAX_LENGTH = 80
_TOKEN = re.compile(r"[a-z0-9]+")
_HAN = re.compile(r"[\u3400-\u9fff]")
_URL_SAFE_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "gongjiang-slug-placeholder"


def pinyin_slug(text, max_syllables=MAX_SYLLABLES):
    """「重庆劳模 C919 首飞」 → 'chongqing-laomo-c919-shoufei'.

    Words come from jieba (editorial.words) and each word's syllables are joined, so a slug reads like
    written pinyin; pypinyin reads polyphones by phrase (重庆 → chongqing, 银行 →
    yinhang). Latin letters and digits are kept. At most ``max_syllables`` syllables,
    cut between words, never inside one (新能源车间里的青年工匠 → xinnengyuan-chejian,
    not …-li-de-qing); a particle the cut leaves at the end (的, 里…) goes too.
    """
    words, count = [], 0
    for word in jieba_words.cut(text or ""):
        if _HAN.search(word):
            syllables = [s for s in lazy_pinyin(word, style=Style.NORMAL) if _TOKEN.fullmatch(s)]
            if not syllables:
                continue
            if count + len(syllables) > max_syllables:
                if words:
                    break
                syllables = syllables[:max_syllables]  # one word longer than a slug: its start
            words.append(("".join(syllables), word))
            count += len(syllables)
        else:
            for token in _TOKEN.findall(slugify(word)):
                if count >= max_syllables:
                    break
                words.append((token, word))
                count += 1
        if count >= max_syllables:
            break
    while len(words) > 1 and words[-1][1] in TRAILING_PARTICLES:
        words.pop()
    slug = "-".join(token for token, _word in words)
    if len(slug) > MAX_LENGTH:  # only Latin runs get this long: cut at a hyphen
        slug = slug[: slug.rfind("-", 0, MAX_LENGTH + 1)] if "-" in slug[:MAX_LENGTH] else slug[:MAX_LENGTH]
    return slug.strip("-")


# Words a slug does not end on: a cut at the syllable limit would leave them dangling.
TRAILING_PARTICLES = frozenset("的了和与及之在等里中对向从把被是")

# Surnames of two characters (a person's slug puts a hyphen after the whole surname), and
# surnames read otherwise than the character's first reading (单 shan, not dan).
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 令狐 公孙 慕容 尉迟 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 "
    "南宫 西门 呼延 万俟 申屠 澹台 公冶 宗政 濮阳 太叔 仲孙 钟离 闻人 赫连 拓跋".split()
)
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "盖": "ge",
    "乐": "yue",
    "缪": "miao",
    "覃": "qin",
    "翟": "zhai",
    "秘": "bi",
    "员": "yun",
    "长孙": "zhangsun",
    "尉迟": "yuchi",
    "万俟": "moqi",
}


def _name_parts(name):
    """(surname pinyin, given-name pinyin) of a Chinese personal name, or None for other names."""
    name = (name or "").strip()
    if not (2 <= len(name) <= 5) or not all(_HAN.match(char) for char in name):
        return None
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]
    given = name[len(surname) :]
    family = SURNAME_READINGS.get(surname) or "".join(lazy_pinyin(surname, style=Style.NORMAL))
    return family, "".join(lazy_pinyin(given, style=Style.NORMAL))


def person_slug(name):
    """One style for people: surname, hyphen, given name (高凤林 → gao-fenglin, 迟语洋 →
    chi-yuyang, 欧阳自远 → ouyang-ziyuan, 单霁翔 → shan-jixiang). Other names (with ·,
    Latin letters) take pinyin_slug."""
    parts = _name_parts(name)
    if parts is None:
        return pinyin_slug(name)
    return "-".join(part for part in parts if part)


def name_sort_key(name):
    """The pinyin a list of people is sorted by: surname then given name (高凤林 → 'gao fenglin').

    A name with no Chinese in it sorts by itself, lower-cased, among the pinyin.
    """
    parts = _name_parts(name)
    if parts is not None:
        return " ".join(parts)
    syllables = lazy_pinyin((name or "").strip(), style=Style.NORMAL, errors="default")
    tokens = (token for syllable in syllables for token in _TOKEN.findall(syllable.lower()))
    return " ".join(tokens)[:200]


def unique_slug(text, queryset, fallback="item", make=pinyin_slug):
    """``make(text)`` (pinyin_slug), with -2, -3… appended until no row of queryset has it."""
    base = make(text) or fallback
    # The free slug first, by equality (the unique index): the prefix query below scans every
    # row (SQLite's LIKE with ESCAPE uses no index), so each save cost more as the archive grew.
    if not queryset.filter(slug=base).exists():
        return base
    taken = set(queryset.filter(slug__startswith=base).order_by().values_list("slug", flat=True))
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def slug_url(viewname, slug):
    """``reverse(viewname, kwargs={"slug": slug})``, the URL pattern resolved once per process.

    Lists print dozens of addresses and reverse() walks the URL resolver for each
    (~30 µs); a slug of letters, digits and hyphens needs no quoting, so its address is
    the resolved pattern around it. Anything else takes the plain reverse().
    """
    if not _URL_SAFE_SLUG.fullmatch(slug or ""):
        return reverse(viewname, kwargs={"slug": slug})
    before, after = _url_around_slug(viewname, *url_settings())
    return f"{before}{slug}{after}"


# The script prefix and URLconf of the request being served, once read (urls_read_once).
_request_url_settings = contextvars.ContextVar("gongjiang.url_settings", default=None)


@contextlib.contextmanager
def urls_read_once():
    """Within the block (a request: editorial.middleware), url_settings() reads Django's once.

    Django keeps the script prefix and the URLconf in asgiref ``Local`` objects, some 15,000
    instructions a reading; a tag page built 45 addresses, two readings each (7 % of
    its instructions). They are set before the view runs and stay for the request.
    """
    token = _request_url_settings.set([])
    try:
        yield
    finally:
        _request_url_settings.reset(token)


def url_settings():
    """(script prefix, URLconf) as ``reverse()`` reads them: once a request inside urls_read_once().

    The URLconf is named even outside a request (``get_urlconf()`` is then None), so a value
    kept under it follows a changed ROOT_URLCONF (a test's ``override_settings``).
    """
    reading = _request_url_settings.get()
    if reading:
        return reading[0]
    current = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    if reading is not None:
        reading.append(current)
    return current


@functools.lru_cache(maxsize=64)
def _url_around_slug(viewname, script_prefix, urlconf):
    before, after = reverse(viewname, urlconf=urlconf, kwargs={"slug": _PLACEHOLDER}).split(_PLACEHOLDER)
    return before, after
