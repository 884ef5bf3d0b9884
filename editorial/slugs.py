"""Readable pinyin slugs for Chinese titles: the one slug function, and the URLs built on them.

Pieces, people, events, columns and tags all take their slugs from here.
"""

import functools
import logging
import re

import jieba
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin

jieba.setLogLevel(logging.WARNING)

MAX_SYLLABLES = 8
MAX_LENGTH = 80
_TOKEN = re.compile(r"[a-z0-9]+")
_HAN = re.compile(r"[\u3400-\u9fff]")
_URL_SAFE_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "gongjiang-slug-placeholder"


def pinyin_slug(text, max_syllables=MAX_SYLLABLES):
    """「重庆劳模 C919 首飞」 → 'chongqing-laomo-c919-shoufei'.

    Words come from jieba and each word's syllables are joined, so a slug reads like
    written pinyin; pypinyin reads polyphones by phrase (重庆 → chongqing, 银行 →
    yinhang). Latin letters and digits are kept. At most ``max_syllables`` syllables.
    """
    words, count = [], 0
    for word in jieba.cut(text or ""):
        if _HAN.search(word):
            syllables = [s for s in lazy_pinyin(word, style=Style.NORMAL) if _TOKEN.fullmatch(s)]
            room = max_syllables - count
            if syllables and room > 0:
                words.append("".join(syllables[:room]))
                count += min(len(syllables), room)
        else:
            for token in _TOKEN.findall(slugify(word)):
                if count < max_syllables:
                    words.append(token)
                    count += 1
        if count >= max_syllables:
            break
    return "-".join(words)[:MAX_LENGTH].strip("-")


def unique_slug(text, queryset, fallback="item"):
    """pinyin_slug(text), with -2, -3… appended until no row of queryset has it."""
    base = pinyin_slug(text) or fallback
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
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
    before, after = _url_around_slug(viewname, get_script_prefix(), get_urlconf())
    return f"{before}{slug}{after}"


@functools.lru_cache(maxsize=64)
def _url_around_slug(viewname, script_prefix, urlconf):
    before, after = reverse(viewname, urlconf=urlconf, kwargs={"slug": _PLACEHOLDER}).split(_PLACEHOLDER)
    return before, after
