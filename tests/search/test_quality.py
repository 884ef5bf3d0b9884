"""Search quality on the demo corpus: exactly the documents containing the word, title first.

The corpus is what `load_demo` publishes: the four article samples through the importer
(the speech sample stays a draft for its placeholders) and the people and events around
them. What each query must return is computed from the content as a reader sees it
(conftest.readable_text), so nothing here is a hand-made list of results that could
drift from the samples.
"""

from datetime import timedelta

import jieba
import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Status
from search.query import Search
from tests.factories import make_article
from tests.search.conftest import headline, readable_text

pytestmark = pytest.mark.django_db

WORDS = ["劳模", "工匠精神", "大国工匠", "王进喜", "铁人", "表彰大会"]
# Two-character words tried per sample body (spread over the whole text).
BODY_WORDS_PER_DOCUMENT = 40


def found(query):
    return [(entry.kind, entry.object_id) for entry in Search(query).results()]


def containing(demo, word):
    return {key for key, obj in demo.items() if word in readable_text(obj)}


@pytest.mark.parametrize("word", WORDS)
def test_each_word_returns_exactly_the_documents_containing_it(demo, word):
    expected = containing(demo, word)
    assert expected, f"no demo document contains {word}: the test would prove nothing"
    results = found(word)
    assert len(results) == len(set(results))
    assert set(results) == expected


@pytest.mark.parametrize("word", WORDS)
def test_title_matches_come_first(demo, word):
    in_headline = [word in headline(demo[key]) for key in found(word)]
    assert in_headline == sorted(in_headline, reverse=True)
    assert any(in_headline), f"no headline holds {word}: ordering untested"


@pytest.mark.parametrize("word", WORDS)
def test_drafts_and_scheduled_pieces_never_appear(demo, word):
    every_word = " ".join(WORDS)
    draft = make_article(title=f"草稿{every_word}", body=f"<p>{every_word}</p>", status=Status.DRAFT)
    scheduled = make_article(
        title=f"定时{every_word}",
        body=f"<p>{every_word}</p>",
        status=Status.APPROVED,
        publish_at=timezone.now() + timedelta(days=1),
    )
    results = found(word)
    assert ("article", draft.pk) not in results and ("article", scheduled.pk) not in results
    assert set(results) == containing(demo, word)


def test_the_demo_draft_waiting_for_review_is_not_searchable(demo):
    assert found("待审稿") == []
    assert found("产业工人队伍建设改革观察") == []


def test_the_speech_sample_held_back_for_its_placeholders_is_not_searchable(demo):
    assert found("奋进者") == [] and found("劳模精神是培育时代新人的重要手段") == []


def _body_words(obj):
    words = sorted({word for word in jieba.cut(readable_text(obj)) if len(word) == 2 and "\u4e00" <= word[0]})
    step = max(1, len(words) // BODY_WORDS_PER_DOCUMENT)
    return words[::step]


def test_every_sample_is_found_by_two_character_words_from_its_body(demo):
    pieces = {key: obj for key, obj in demo.items() if key[0] in ("article", "speech")}
    assert len(pieces) == 4  # the four articles; the speech sample is held back as a draft
    missed = {}
    for key, obj in pieces.items():
        words = _body_words(obj)
        assert len(words) >= BODY_WORDS_PER_DOCUMENT
        missing = [word for word in words if key not in found(word)]
        if missing:
            missed[obj.title] = missing
    assert missed == {}


def test_the_search_page_links_each_sample_from_a_word_of_its_body(client, demo):
    for key, obj in demo.items():
        if key[0] not in ("article", "speech"):
            continue
        # A word from the middle of the body, not the headline: the reader remembers a phrase.
        word = next(word for word in _body_words(obj)[len(_body_words(obj)) // 2 :] if word not in obj.title)
        html = client.get(reverse("search:results"), {"q": word}).content.decode()
        assert f'href="{obj.get_absolute_url()}"' in html, word
        assert f"<mark>{word}</mark>" in html
