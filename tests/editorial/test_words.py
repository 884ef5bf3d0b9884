"""editorial.words: rjieba gives python jieba's words, so slugs, index tokens and diffs stay as they were."""

import random
import re
from pathlib import Path

import jieba
import pytest

from editorial import words

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def texts():
    """Every line with Chinese in the test documents and the seeds, whole stretches of them
    (line breaks included), and random texts mixing Chinese, Latin runs, decimals, marks,
    full-width and rare characters."""
    found = set()
    paths = [
        *(ROOT / "tests" / "ingest" / "documents").rglob("*.*"),
        *(ROOT / "fixtures" / "seeds").glob("*"),
    ]
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        found |= {line for line in text.splitlines() if re.search(r"[\u4e00-\u9fff]", line)}
        found |= {text[i : i + 300] for i in range(0, min(len(text), 3000), 300)}
    pieces = [
        *"重庆劳模首飞新能源车间里的青年工匠银行大会中华人民共和国全国总工会代表讲话精神发展建设技术工人",
        *"abcXYZ019.%-_+#&/ :：，。、“”《》（）\n\t",
        *["\r\n", "C919", "5G", "iPhone 15", "3.5%", "2024年", "Ｃ９１９", "㐀㐁", "\u9fe0", "T恤", "卡拉OK"],
        *["v2.0", "a.jpg", "c#", "c++", "x++", "AT&T", "1.5.2", "𠀀", "かな"],
    ]
    rng = random.Random(14)
    found |= {"".join(rng.choice(pieces) for _ in range(rng.randint(1, 25))) for _ in range(3000)}
    assert len(found) > 3500
    return sorted(found)


@pytest.mark.parametrize("hmm", [True, False])
def test_cut_gives_python_jiebas_words(texts, hmm):
    differ = [text for text in texts if list(words.cut(text, hmm)) != list(jieba.cut(text, HMM=hmm))]
    assert differ == []
    assert all("".join(words.cut(text, hmm)) == text for text in texts)


def test_search_words_are_python_jiebas_for_a_run_of_chinese(texts):
    runs = {run for text in texts for run in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", text)}
    differ = [run for run in runs if words.search_words(run) != list(jieba.cut_for_search(run, HMM=False))]
    assert differ == []
