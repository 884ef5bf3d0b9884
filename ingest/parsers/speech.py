"""Speech transcripts: title (one or two lines), ``——在…上的讲话``, salutation ending
in ``：``, numbered sections ``一、二、三、``, a closing such as ``谢谢大家！``."""

import re

from ingest.record import DocumentError, Record, Section
from ingest.textutil import chinese_date, paragraphs_html
from ingest.titles import derived_title

SUBTITLE = re.compile(r"^\s*(?:——|──|--|—)\s*(?P<text>.+)$")
SPEECH_WORDS = r"(?:讲话|致辞|致词|发言|报告|讲稿|主旨演讲|演讲|主持词|答谢词|开幕词|闭幕词)"
OCCASION = re.compile(rf"在(?P<occasion>.+?)(?:上|中|时|期间)?的(?:工作|主旨|书面|总结)?{SPEECH_WORDS}")
# A title line that names the speech itself: 「在全市工会工作会议上的讲话」「王建国同志在…上的致辞」.
TITLE_NAMES_SPEECH = re.compile(rf"在.+的(?:工作|主旨|书面|总结)?{SPEECH_WORDS}$")
SPEAKER_IN_SUBTITLE = re.compile(r"^(?P<speaker>[\u4e00-\u9fff·]{2,4})在")
# Sections: 「一、」「（一）」「第一、」「第一，」, and 「一是…二是…」 paragraphs (when both are there).
SECTION = re.compile(
    r"^(?P<number>[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}[、，,])"
    r"\s*(?P<heading>.+)$"
)
POINT = re.compile(
    r"^(?P<number>[一二三四五六七八九十]{1,3}是)(?P<heading>[^。；！？]{2,60}[。；！？]?)(?P<rest>.*)$"
)
SALUTATION_MAX = 40
# A salutation addresses people: 「同志们：」「工友们、朋友们、同志们：」「尊敬的各位来宾：」.
SALUTATION = re.compile(
    r"(?:同志|朋友|来宾|嘉宾|代表|女士|先生|工友|委员|领导|劳模|选手|大家|各位|老师|同学|职工)[们]?"
)
CLOSING = re.compile(r"^(?:谢谢(?:大家|各位)?|谢谢！|感谢大家|再次感谢)[^。]{0,10}[！!。]?$")
DATE_LINE = re.compile(r"^[（(]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[）)]?$")
SPEAKER_LINE = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")


def subtitle_index(lines, limit=4):
    for index, line in enumerate(lines[:limit]):
        if SUBTITLE.match(line) and OCCASION.search(line):
            return index
    return None


def is_salutation(line):
    return len(line) <= SALUTATION_MAX and line.endswith(("：", ":")) and bool(SALUTATION.search(line))


def salutation_index(lines, limit=6):
    return next((index for index, line in enumerate(lines[:limit]) if is_salutation(line)), None)


def section_count(lines):
    numbered = sum(1 for line in lines if SECTION.match(line))
    points = [line for line in lines if POINT.match(line)]
    return numbered or (len(points) if len(points) >= 2 else 0)


def speech_cue(lines):
    """Why these lines read as a speech (the cue, for the report), or ''."""
    if (index := subtitle_index(lines)) is not None:
        return f"副题「{lines[index][:24]}」"
    salutation = salutation_index(lines)
    if salutation is None:
        return ""
    named = next((line for line in lines[: min(salutation, 3)] if TITLE_NAMES_SPEECH.search(line)), "")
    if named:
        return f"标题「{named[:24]}」和称呼「{lines[salutation]}」"
    if section_count(lines) >= 2:
        return f"称呼「{lines[salutation]}」和分节"
    return ""


def parse(text):
    lines = [line.strip(" \t\u3000\u00a0") for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise DocumentError("空文件（没有任何文字）")
    index = subtitle_index(lines)
    record = Record(kind="speech", format="speech", title="")
    if index is None and is_salutation(lines[0]):
        title_lines, rest, occasion_text = [], lines, ""  # no title at all: derived below
    elif index is None:
        # A speech without subtitle: the title alone (「在全省劳动模范表彰大会上的讲话」) names the occasion.
        title_lines, rest = lines[:1], lines[1:]
        occasion_text = lines[0]
    else:
        title_lines = lines[:index]
        record.subtitle = lines[index]
        rest = lines[index + 1 :]
        occasion_text = SUBTITLE.match(lines[index]).group("text")
    if occasion := OCCASION.search(occasion_text):
        record.occasion = occasion.group("occasion").strip()
    if speaker := SPEAKER_IN_SUBTITLE.match(occasion_text):
        record.speaker = speaker.group("speaker")
    record.title = " ".join(title_lines).strip()

    # Speaker name and date lines between subtitle and salutation.
    while rest and (DATE_LINE.match(rest[0]) or (SPEAKER_LINE.match(rest[0]) and not rest[0].endswith("："))):
        if DATE_LINE.match(rest[0]):
            record.delivered_on = chinese_date(rest[0])
        else:
            record.speaker = rest[0]
        rest.pop(0)
    if rest and (
        is_salutation(rest[0]) or (len(rest[0]) <= SALUTATION_MAX and rest[0].endswith(("：", ":")))
    ):
        record.salutation = rest.pop(0)
    if rest and CLOSING.match(rest[-1]):
        record.closing = rest.pop()

    intro, current = [], None
    points = not any(SECTION.match(line) for line in rest) and section_count(rest) >= 2
    for line in rest:
        if section := SECTION.match(line):
            current = Section(number=section.group("number"), heading=section.group("heading").strip())
            current.lines = []
            record.sections.append(current)
        elif points and (point := POINT.match(line)):
            heading = point.group("heading").rstrip("。；！？")
            current = Section(number=point.group("number"), heading=heading)
            current.lines = [point.group("rest")] if point.group("rest").strip() else []
            record.sections.append(current)
        elif current is None:
            intro.append(line)
        else:
            current.lines.append(line)
    for section in record.sections:
        section.body = paragraphs_html(section.lines, headings=False)
        del section.lines
    record.body = paragraphs_html(intro, headings=False)
    if not record.body and not record.sections:
        raise DocumentError("讲话没有正文")
    if not record.title:
        first = intro[0] if intro else record.sections[0].heading
        record.title, record.title_derived = derived_title(first), True
    if record.delivered_on:
        record.published_at = None  # the delivery date is not a publication time
    return record
