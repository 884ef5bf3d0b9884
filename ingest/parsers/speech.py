"""Speech transcripts: title (one or two lines), ``——在…上的讲话``, salutation ending
in ``：``, numbered sections ``一、二、三、``, a closing such as ``谢谢大家！``."""

import re

from ingest.record import DocumentError, Record, Section
from ingest.textutil import chinese_date, paragraphs_html

SUBTITLE = re.compile(r"^\s*(?:——|──|--|—)\s*(?P<text>.+)$")
OCCASION = re.compile(r"在(?P<occasion>.+?)(?:上|中|时|期间)?的(?:讲话|致辞|发言|报告|讲稿|主旨演讲|演讲)")
SPEAKER_IN_SUBTITLE = re.compile(r"^(?P<speaker>[\u4e00-\u9fff·]{2,4})在")
SECTION = re.compile(r"^(?P<number>[一二三四五六七八九十]{1,3}、)(?P<heading>.+)$")
SALUTATION_MAX = 40
CLOSING = re.compile(r"^(?:谢谢(?:大家|各位)?|谢谢！|感谢大家|再次感谢)[^。]{0,10}[！!。]?$")
DATE_LINE = re.compile(r"^[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[）)]$")
SPEAKER_LINE = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")


def subtitle_index(lines, limit=4):
    for index, line in enumerate(lines[:limit]):
        if SUBTITLE.match(line) and OCCASION.search(line):
            return index
    return None


def parse(text):
    lines = [line.strip(" \t\u3000\u00a0") for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise DocumentError("空文件（没有任何文字）")
    index = subtitle_index(lines)
    record = Record(kind="speech", format="speech", title="")
    if index is None:
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
    record.title = " ".join(title_lines).strip()[:200]
    if not record.title:
        raise DocumentError("无法识别讲话标题")

    # Speaker name and date lines between subtitle and salutation.
    while rest and (DATE_LINE.match(rest[0]) or (SPEAKER_LINE.match(rest[0]) and not rest[0].endswith("："))):
        if DATE_LINE.match(rest[0]):
            record.delivered_on = chinese_date(rest[0])
        else:
            record.speaker = rest[0]
        rest.pop(0)
    if rest and len(rest[0]) <= SALUTATION_MAX and rest[0].endswith(("：", ":")):
        record.salutation = rest.pop(0)
    if rest and CLOSING.match(rest[-1]):
        record.closing = rest.pop()

    intro, current = [], None
    for line in rest:
        if section := SECTION.match(line):
            current = Section(number=section.group("number"), heading=section.group("heading").strip())
            current.lines = []
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
    if record.delivered_on:
        record.published_at = None  # the delivery date is not a publication time
    return record
