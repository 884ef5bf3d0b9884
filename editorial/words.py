"""jieba's words, cut by rjieba: the slugs, the search index and revision diffs.

rjieba (jieba-rs: jieba's dictionary, DAG and HMM in Rust) loads its dictionary in
0.1 s where python jieba took 0.9 s (most of an import's start, and of a web worker's)
and cuts faster. Its words are python jieba's, which made the archive's slugs and
index, except for what it takes as one block: more characters count as Chinese, and
Latin runs are kept whole (``a.jpg``). The two patterns below cut the text as python
jieba does first, so the words are the same (tests/editorial/test_words.py compares
them on every line of the test documents and on random texts).
"""

import re

import rjieba

# What python jieba segments (jieba.re_han_default); it takes anything else one
# character at a time, a line break (\r\n) whole.
_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
_OTHER = re.compile(r"\r\n|.", re.DOTALL)
# How its HMM step splits a run of other characters (jieba.finalseg.re_skip).
_LATIN_HMM = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_JIEBA_HAN = re.compile(r"([\u4E00-\u9FD5]+)")
_HAN = re.compile(r"[\u4E00-\u9FD5]")


def cut(text, hmm=True):
    """``jieba.cut(text, HMM=hmm)``: the words, in order, joining back into ``text``."""
    for block in _BLOCK.split(text or ""):
        if not block:
            continue
        if not _BLOCK.fullmatch(block):
            yield from _OTHER.findall(block)
            continue
        for word in rjieba.cut(block, hmm=hmm):
            if not hmm or len(word) == 1 or _HAN.search(word) or rjieba.cut(word, hmm=False) == [word]:
                yield word  # Chinese, or a word of the dictionary (c++, AT&T)
            else:  # a run rjieba's HMM step kept whole (a.jpg, x++)
                yield from filter(None, _LATIN_HMM.split(word))


def search_words(run):
    """``jieba.cut_for_search(run, HMM=False)`` of a run of Chinese characters (search.text)."""
    words = []
    for part in _JIEBA_HAN.split(run):
        if _JIEBA_HAN.fullmatch(part):
            words += rjieba.cut_for_search(part, hmm=False)
        else:
            words += part  # one character at a time, as python jieba takes them
    return words
