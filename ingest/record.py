"""The one intermediate record every parser produces and the importer consumes."""

import datetime
from dataclasses import asdict, dataclass, field


class DocumentError(ValueError):
    """A document we refuse to import; the message (Chinese) names the reason."""


@dataclass
class Section:
    number: str
    heading: str
    body: str = ""  # HTML paragraphs


@dataclass
class Record:
    kind: str  # "article" or "speech"
    format: str
    title: str
    # No title in the document: the title was derived from its first sentence (待补标题).
    title_derived: bool = False
    # Why the document was read in this format (the cue that decided it), for the report.
    cue: str = ""
    kicker: str = ""
    subtitle: str = ""
    summary: str = ""
    body: str = ""  # HTML: paragraphs, h2/h3 headings, figures
    published_at: datetime.datetime | None = None  # aware, or None when the document has no date
    authors: list[tuple[str, str]] = field(default_factory=list)  # (name, position as printed)
    author_note: str = ""
    source: str = ""  # 来源: the outlet that first published it
    via: str = ""  # aggregator or site it came through (ZAKER, 中工网)
    column_path: list[str] = field(default_factory=list)  # ["中工理论", "工运前沿"]
    responsible_editor: str = ""
    head_image_url: str = ""
    original_url: str = ""
    keywords: list[str] = field(default_factory=list)  # tags named by the document itself
    # Speeches
    speaker: str = ""
    occasion: str = ""
    delivered_on: datetime.date | None = None
    venue: str = ""
    salutation: str = ""
    closing: str = ""
    sections: list[Section] = field(default_factory=list)
    # Filled by linking
    people: list[tuple[str, str]] = field(default_factory=list)  # (name, alias or "")
    events: list[tuple[str, datetime.date | None]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)

    def article_body(self):
        """The whole text as one body, for a speech imported as an article (--kind article)."""
        parts = [self.body]
        for section in self.sections:
            parts.append(f"<h2>{_escape(section.number + section.heading)}</h2>{section.body}")
        return "".join(parts)

    def to_json(self):
        # Field by field rather than dataclasses.asdict, whose deep copy of every value was
        # a twentieth of the writer's time per document; lists are still copies.
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        for name, value in data.items():
            if isinstance(value, list):
                data[name] = [tuple(item) if isinstance(item, tuple) else item for item in value]
        for key in ("published_at", "delivered_on"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        data["sections"] = [asdict(section) for section in self.sections]
        data["events"] = [[name, day.isoformat() if day else None] for name, day in self.events]
        return data


def _escape(text):
    from django.utils.html import escape

    return escape(text)
