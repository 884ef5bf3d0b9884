"""Find placeholders left in a template: X月底, X位劳模, X万X人民, 20XX年, ××同志, ○○单位.

A placeholder is a run of X (or fullwidth Ｘ, one to four of them), or two or more ×
or ○, standing next to a Chinese character or a digit, or alone inside Chinese
quotes (“X”行动). Latin words are not placeholders: an X touching a Latin letter
(Windows XP, XL, X-ray) is skipped, and so are the few Chinese terms that really
begin with X (X光, X射线).
"""

import re
from dataclasses import dataclass

from django.db.models import Q

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
NEAR = rf"[{CJK}0-9０-９]"
QUOTES_OPEN = "“‘「『《〈（"
QUOTES_CLOSE = "”’」』》〉）"

RUN = re.compile(r"[XＸ]{1,4}|×{2,}|○{2,}")
# Any character a run starts with: one character class is scanned ten times faster than
# RUN's alternation (0.25 ms per 1,600-character body), and most texts hold none.
RUN_START = re.compile(r"[XＸ×○]")
# What stored text (HTML or plain) holds whenever its plain text may hold a placeholder: a
# character a run starts with, or "&", which begins an entity that may stand for one
# (&times; is ×).
MAY_HOLD = ("X", "Ｘ", "×", "○", "&")
# Real terms that start with X followed by Chinese (not placeholders).
REAL_TERMS = ("X光", "X射线", "X线", "X染色体", "X型", "X轴")
CONTEXT = 8


@dataclass(frozen=True)
class Placeholder:
    field: str
    position: int  # character offset in the field's plain text
    text: str
    context: str

    def __str__(self):
        return f"{self.field} 第 {self.position + 1} 字「{self.context}」"


def may_hold_placeholders(*fields, regex=False):
    """A condition true for each row whose text ``fields`` may hold a placeholder, so that
    only those rows are read and parsed: the others hold none of ``MAY_HOLD``. A superset
    (on SQLite LIKE also matches a lowercase x, and most "&" begin a &quot;).

    ``regex`` (PostgreSQL) asks each field once for the set of characters, ``~ '[…]'``, the
    same rows as its five ``LIKE``s, which read each text five times (the speech list's
    sections, 230 rows: 6.9 → 1.8 ms). SQLite has no REGEXP but a Python function."""
    if regex:
        return Q.create([(f"{field}__regex", f"[{''.join(MAY_HOLD)}]") for field in fields], connector=Q.OR)
    return Q.create([(f"{field}__contains", char) for field in fields for char in MAY_HOLD], connector=Q.OR)


def _is_near(char):
    return bool(char) and re.fullmatch(NEAR, char) is not None


def _is_latin(char):
    return bool(char) and char.isascii() and char.isalpha()


def find_placeholders(text, field=""):
    """Every placeholder in ``text`` (plain text), with its position and some context."""
    found = []
    text = text or ""
    if not RUN_START.search(text):
        return found
    for match in RUN.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if _is_latin(before) or _is_latin(after):
            continue
        if match.group()[0] in "XＸ" and any(text.startswith(term, start) for term in REAL_TERMS):
            # “X光” etc. only when the run is a single X; XX光 is still a placeholder.
            if len(match.group()) == 1:
                continue
        quoted = before in QUOTES_OPEN and after in QUOTES_CLOSE and before and after
        if not (_is_near(before) or _is_near(after) or quoted):
            continue
        context = text[max(0, start - CONTEXT) : end + CONTEXT].replace("\n", " ")
        found.append(Placeholder(field=field, position=start, text=match.group(), context=context))
    return found
