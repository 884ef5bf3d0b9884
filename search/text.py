"""Chinese-aware tokens for the index and for queries.

Text is cut into runs of Han characters and runs of Latin letters/digits. A Han run
is indexed three ways: jieba's search-mode words (real words rank well), every
character bigram (so any two-character word and new terms match even when jieba
does not know them), and the run's last character on its own (so a one-character
query finds characters at the end of a run too). Latin runs are lowercased words,
which keeps 5G, C919 and 2022 searchable. Tokens only ever contain letters, digits
and Han characters, so they are safe inside FTS5 and tsquery syntax once quoted.
"""

import functools
import re
import unicodedata

from editorial import words as jieba_words

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUN_RE = re.compile(rf"[{HAN}]+|[0-9a-z]+")
HAN_RE = re.compile(rf"^[{HAN}]+$")

# Longest query we accept, in characters: longer is almost always a pasted page.
MAX_QUERY_CHARS = 100
MAX_TERMS = 10
# Han runs whose tokens are remembered (a few megabytes).
RUN_CACHE_SIZE = 50_000


def load_tokenizer():
    """Cut once, so that nothing is left to load on first use (rjieba reads its dictionary,
    0.1 s, when editorial.words is imported, with the models).

    Called where a web worker starts (config/wsgi.py). Readers' queries never need it
    (a query is cut into bigrams only); indexing a saved piece, slugs and revision
    diffs do, and an editor's first save should not pay for it.
    """
    jieba_words.search_words("工匠精神")


def normalise(text):
    """Full-width letters and digits to ASCII, lowercase (NFKC keeps Han intact)."""
    return unicodedata.normalize("NFKC", text or "").lower()


def runs(text):
    return RUN_RE.findall(normalise(text))


def is_han(run):
    return bool(HAN_RE.match(run))


def bigrams(run):
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text):
    """Tokens for one field of a document, in reading order."""
    tokens = []
    for run in runs(text):
        tokens.extend(_run_tokens(run) if is_han(run) else (run,))
    return tokens


@functools.lru_cache(maxsize=RUN_CACHE_SIZE)
def _run_tokens(run):
    """One Han run's tokens: news text repeats its phrases, and jieba is the cost of indexing."""
    # Two-character words are already bigrams: jieba adds the longer words it
    # knows. Its HMM guessing of unknown words is skipped (bigrams find those).
    words = [word for word in jieba_words.search_words(run) if len(word) > 2]
    return (*words, *bigrams(run), run[-1])


class Term:
    """One run of the query and the tokens the index must hold for it.

    ``phrase``: the tokens that must stand one after the other in a field. A Han run of
    two or more characters is its bigrams, and the index holds a run's bigrams at
    consecutive positions, so the phrase matches exactly the texts that contain the
    run as written (大国工匠 never matches 大国 … 工匠 apart); a Latin run is one
    token. ``prefix`` marks a one-character Han term: any token starting with it
    (a bigram, or the last character of a run).
    """

    def __init__(self, run):
        self.text = run
        self.han = is_han(run)
        self.prefix = self.han and len(run) == 1
        self.phrase = bigrams(run) if self.han and not self.prefix else [run]

    def occurrences(self, text):
        """How many times the term stands in ``text`` as the index matches it: a Han run as
        written, a Latin word whole in any case and width. ``text`` is read as stored:
        normalising a body costs more than the rest of its page (0.6 ms for 1,000 characters)."""
        if self.han:
            return text.count(self.text)
        if not hasattr(self, "_latin"):
            # Each character in either case, half or full width (Ｃ is C + 0xFEE0).
            chars = "".join(
                "["
                + re.escape("".join({c, c.upper(), chr(ord(c) + 0xFEE0), chr(ord(c.upper()) + 0xFEE0)}))
                + "]"
                for c in self.text
            )
            edge = "0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
            self._latin = re.compile(rf"(?<![{edge}]){chars}(?![{edge}])")
        return len(self._latin.findall(text))

    def __repr__(self):
        return f"Term({self.text!r})"


def parse_query(query):
    """The query's terms, in order, without duplicates (at most MAX_TERMS)."""
    seen, terms = set(), []
    for run in runs(query):
        if run not in seen:
            seen.add(run)
            terms.append(Term(run))
    return terms[:MAX_TERMS]
