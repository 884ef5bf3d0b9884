"""The key terms' IDF table is jieba's: the words a key term can be, and jieba's median."""

from importlib.util import find_spec
from pathlib import Path

from ingest import linking


def _jieba_table():
    """The table as jieba.analyse's IDFLoader reads it: every word, its float, the median."""
    path = Path(find_spec("jieba").submodule_search_locations[0]) / "analyse" / "idf.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq = line.strip().split(" ")
        table[word] = float(freq)
    return table, sorted(table.values())[len(table) // 2]


def test_the_idf_table_holds_every_word_a_key_term_can_be_with_jiebas_value_and_median():
    table, median = _jieba_table()
    assert linking.MEDIAN_IDF == median
    candidates = {word: idf for word, idf in table.items() if linking._TERM.fullmatch(word)}
    loaded = linking._idf()
    assert len(candidates) > 100_000
    assert {word: float(idf) for word, idf in loaded.items()} == candidates
    assert "劳动防护" in loaded and "劳动" not in loaded  # two characters: never a key term


def test_key_terms_rank_by_jiebas_tf_idf():
    text = "技能人才队伍建设。" * 3 + "高技能人才培养。" * 4 + "产业工人队伍。" * 3
    terms = linking.key_terms_of(text)
    table, median = _jieba_table()
    weights = {term: text.count(term) * table.get(term, median) for term in terms}
    assert terms and terms == sorted(terms, key=lambda term: -weights[term])


def test_a_tag_found_inside_a_longer_tag_is_dropped(db):
    vocabulary = linking.Vocabulary()
    keywords = ["劳动", "劳动精神", "精神", "工匠", "大国工匠", "工匠精神"]
    tags = linking.find_tags("正文。", "", keywords, vocabulary, {}, [])
    assert tags == ["劳动精神", "大国工匠", "工匠精神"]
