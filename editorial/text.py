"""Small Chinese text helpers shared by models and the importer, and the one text normaliser.

:func:`clean_text` is applied on save to every text field of every model of our apps
(and taggit's tags) by :func:`normalise_on_save`, a ``pre_save`` receiver connected in
``editorial.apps``: whatever writes a row — admin, importer, shell — stores clean text.
Word pastes vertical tabs and form feeds; a single one made every feed answer 500, since
XML cannot carry it.
"""

import re
import unicodedata
from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.db import models
from django.utils.text import Truncator

_SEPARATORS = re.compile(r"[\n,，、;；]+")

# C0 and C1 controls except tab and newline, DEL, lone surrogates, the two noncharacters
# XML 1.0 forbids, and the byte-order mark wherever it is (a pasted file's first character).
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\ufeff]")
# Zero-width characters are invisible but make "劳模" and "劳模\u200b" two tags: gone at the
# ends (inside a word a zero-width joiner can be meaningful, in an emoji say).
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\u180e")

# Our apps are those under BASE_DIR; of the installed libraries, these store text readers see.
THIRD_PARTY_APPS = frozenset({"taggit"})
# Derived rows with formats of their own (the search index pads its token lists with spaces),
# built from text already cleaned.
DERIVED_APPS = frozenset({"search"})


def truncated(text, limit):
    """``Truncator(text).chars(limit)``, which walks every character even of a text that fits."""
    return text if len(text) <= limit else Truncator(text).chars(limit)


def split_list(value):
    """「铁人、高炉卫士」 or one per line → ['铁人', '高炉卫士'] (order kept, no blanks)."""
    items = (item.strip() for item in _SEPARATORS.split(value or ""))
    return list(dict.fromkeys(item for item in items if item))


def strip_controls(value):
    """Drop the control characters XML and feeds cannot carry; CR and CRLF become newlines."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _UNWANTED.sub("", value)


def clean_text(value):
    """Control characters out, Unicode NFC, no whitespace or zero-width characters at the ends."""
    if not value or not isinstance(value, str):
        return value
    return _strip_edges(unicodedata.normalize("NFC", strip_controls(value)))


def _is_edge(char):
    return char.isspace() or char in _ZERO_WIDTH  # str.isspace: what \s matches in a str pattern


def _strip_edges(value):
    """Whitespace and zero-width characters off both ends. Character by character from each
    end: a regex for the trailing run tried a match at every position, 0.5 ms for a 6,000-
    character body, a tenth of an import's writer per document."""
    start, end = 0, len(value)
    while start < end and _is_edge(value[start]):
        start += 1
    while end > start and _is_edge(value[end - 1]):
        end -= 1
    return value[start:end]


def _is_ours(app_config):
    if app_config.label in DERIVED_APPS:
        return False
    if app_config.label in THIRD_PARTY_APPS:
        return True
    path = Path(app_config.path).resolve()
    return "site-packages" not in path.parts and path.is_relative_to(Path(settings.BASE_DIR).resolve())


_text_fields = {}


def text_fields(model):
    """Attribute names of the model's text columns that clean_text applies to (cached per model)."""
    try:
        return _text_fields[model]
    except KeyError:
        pass
    names = ()
    # A migration's historical models live in their own registry: migrations clean explicitly.
    if model._meta.apps is global_apps and _is_ours(model._meta.app_config):
        names = tuple(
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        )
    _text_fields[model] = names
    return names


def normalise_on_save(sender, instance, raw=False, **kwargs):
    """pre_save: clean every text field before it is written (fixtures, ``raw``, included)."""
    for name in text_fields(sender):
        value = getattr(instance, name)
        if value:
            cleaned = clean_text(value)
            if cleaned != value:
                setattr(instance, name, cleaned)
