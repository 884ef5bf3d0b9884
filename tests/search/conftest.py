"""A demo-like corpus built from the five real samples (/work/shared/seeds)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.html import escape

from editorial.models import Status
from tests.factories import make_article, make_event, make_person, make_speech

SEEDS = next(
    (
        path
        for path in (Path(__file__).resolve().parents[2] / "fixtures" / "seeds", Path("/work/shared/seeds"))
        if path.is_dir() and list(path.glob("*.txt"))
    ),
    None,
)


def _read(path):
    """Title and HTML body of a sample, whatever its format (front matter or plain text)."""
    text = path.read_text(encoding="utf-8-sig").strip()
    if text.startswith("---"):
        _, front, body = text.split("---", 2)
        title = next(
            line.split(":", 1)[1].strip().strip("'\"")
            for line in front.splitlines()
            if line.startswith("title:")
        )
        return title, body
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) == 1:
        # One long line (a copied page): its title runs up to the first bracket.
        title = lines[0].split("（", 1)[0][:60]
        return title, "".join(f"<p>{escape(part)}</p>" for part in lines[0].split("\u3000\u3000"))
    return lines[0][:200], "".join(f"<p>{escape(line)}</p>" for line in lines[1:])


@pytest.fixture
def corpus(db):
    """Samples 0-3 as articles, sample 4 (a speech) as a speech, a person and an event.

    Returns {key: (object, raw text)} where the raw text is what a reader could find.
    """
    if SEEDS is None:
        pytest.skip("sample documents not found")
    files = sorted(SEEDS.glob("*.txt"))[:5]
    now = timezone.now()
    pieces = {}
    for number, path in enumerate(files):
        title, body = _read(path)
        maker = make_speech if number == 4 else make_article
        # Older samples first, so "newest first" among equals is observable.
        obj = maker(title=title, body=body, publish_at=now - timedelta(days=10 - number))
        pieces[f"sample{number}"] = obj
    pieces["person"] = make_person(
        name="王进喜", aliases="铁人", honours="全国劳动模范", bio="大庆油田钻井队长。"
    )
    pieces["event"] = make_event(
        name="全国劳动模范和先进工作者表彰大会", place="北京", description="表彰先进。"
    )
    # Never visible: a draft and a scheduled piece carrying every query word.
    every_word = "劳模 工匠精神 大国工匠 王进喜 铁人 表彰大会"
    make_article(title=f"草稿{every_word}", body=f"<p>{every_word}</p>", status=Status.DRAFT)
    make_article(
        title=f"定时{every_word}",
        body=f"<p>{every_word}</p>",
        status=Status.APPROVED,
        publish_at=now + timedelta(days=1),
    )
    return pieces
