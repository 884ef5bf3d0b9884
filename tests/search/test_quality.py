"""Search quality on the real samples: exactly the documents containing the words."""

import pytest

from search.query import Search
from search.text import parse_query

# Which corpus documents contain each word (checked by hand against the samples
# with grep, and for person/event against the fixture text).
EXPECTED = {
    # 劳动模范 (person, event) does not contain 劳模: no fuzzy expansion.
    "劳模": {"sample0", "sample1", "sample3", "sample4"},
    "工匠精神": {"sample0", "sample1", "sample2", "sample3", "sample4"},
    "大国工匠": {"sample0", "sample1", "sample2", "sample3"},
    "王进喜": {"sample1", "person"},
    "铁人": {"sample1", "person"},
    "表彰大会": {"sample1", "sample2", "sample3", "sample4", "event"},
}


def _keys(corpus, entries):
    by_identity = {(type(obj).__name__.lower(), obj.pk): key for key, obj in corpus.items()}
    return [by_identity[(entry.kind, entry.object_id)] for entry in entries]


@pytest.mark.parametrize("word", EXPECTED)
def test_each_word_returns_exactly_the_documents_containing_it(corpus, word):
    keys = _keys(corpus, Search(word).queryset())
    assert sorted(keys) == sorted(EXPECTED[word])
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("word", EXPECTED)
def test_expected_sets_match_the_stored_text(corpus, word):
    """The hand-made table agrees with the text actually stored (guards the oracle)."""
    containing = set()
    for key, obj in corpus.items():
        text = " ".join(
            str(getattr(obj, name, ""))
            for name in ("title", "summary", "text", "name", "aliases", "honours", "bio", "description")
        )
        if hasattr(obj, "sections"):
            text += " ".join(section.heading + section.body for section in obj.sections.all())
        if word in text:
            containing.add(key)
    assert containing == EXPECTED[word]


@pytest.mark.parametrize("word", EXPECTED)
def test_title_matches_come_first(corpus, word):
    entries = list(Search(word).queryset())
    in_title = [word in entry.title for entry in entries]
    assert in_title == sorted(in_title, reverse=True)


def test_title_hit_ranks_above_body_hits_for_gongjiang_jingshen(corpus):
    entries = list(Search("工匠精神").queryset())
    assert "工匠精神" in entries[0].title
    assert "工匠精神" not in entries[-1].title


@pytest.mark.parametrize("word", EXPECTED)
def test_drafts_and_scheduled_pieces_never_appear(corpus, word):
    titles = [entry.title for entry in Search(word).queryset()]
    assert not [title for title in titles if title.startswith(("草稿", "定时"))]


def test_query_words_are_segmented_with_jieba_and_bigrams(corpus):
    (term,) = parse_query("王进喜")
    assert ["王进", "进喜"] in term.groups
