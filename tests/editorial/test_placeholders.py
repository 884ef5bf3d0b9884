from pathlib import Path

import pytest

from editorial.placeholders import find_placeholders

# The publisher's samples, kept in the repository (a copy of ../shared/seeds/), so the
# test never skips.
SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
SPEECH_SAMPLE = SEEDS / "004_1047f13188a3d2d4.txt"


def test_speech_sample_has_more_than_25_placeholders_with_positions():
    text = SPEECH_SAMPLE.read_text(encoding="utf-8")
    found = find_placeholders(text, field="正文")
    assert len(found) > 25
    for item in found:
        assert text[item.position : item.position + len(item.text)] == item.text
        assert item.text in item.context
    texts = {item.context for item in found}
    assert any("X月底" in context for context in texts)
    assert any("X位劳模" in context for context in texts)


@pytest.mark.parametrize("name", sorted(path.name for path in SEEDS.glob("*.txt") if path != SPEECH_SAMPLE))
def test_the_other_real_samples_have_none(name):
    # Finished pieces full of markup, URLs, figures and dates: no false alarms.
    assert find_placeholders((SEEDS / name).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("X月底按照市里部署", ["X"]),
        ("X位劳模代表", ["X"]),
        ("鼓舞X万X人民", ["X", "X"]),
        ("20XX年工作要点", ["XX"]),
        ("于奉献的XXX，有真心", ["XXX"]),
        ("××同志在会上讲话", ["××"]),
        ("○○单位", ["○○"]),
        ("打造“X工匠”品牌", ["X"]),
        ("业强市“X”行动计划", ["X"]),
        ("全角Ｘ月Ｘ日", ["Ｘ", "Ｘ"]),
    ],
)
def test_placeholders_are_found(text, expected):
    assert [item.text for item in find_placeholders(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "电脑还在用Windows XP系统",
        "做了X光检查",
        "X射线探伤工",
        "衣服买XL号",
        "长宽为3×4米",
        "二〇二四年五月一日",
        "Xbox 游戏机",
        "劳动创造幸福，实干成就伟业。",
        "",
        "〇〇七号文件",
    ],
)
def test_texts_without_placeholders(text):
    assert find_placeholders(text) == []


@pytest.mark.django_db
def test_the_one_pattern_asks_for_the_rows_the_likes_do():
    # PostgreSQL's speech list asks each section once, ~ '[XＸ×○&]', not five LIKEs a field.
    from editorial.placeholders import MAY_HOLD, may_hold_placeholders
    from speeches.models import SpeechSection
    from tests.factories import make_speech

    texts = [*MAY_HOLD, "无", "&times;", "]", "^", "-", "\\"]  # (SQLite's LIKE also takes x)
    sections = [("一、", f"标题{text}", "<p>正文。</p>") for text in texts]
    sections += [("二、", "标题", f"<p>正文{text}。</p>") for text in texts]
    make_speech(sections=sections)
    likes = SpeechSection.objects.filter(may_hold_placeholders("heading", "body"))
    pattern = SpeechSection.objects.filter(may_hold_placeholders("heading", "body", regex=True))
    found = sorted(pattern.values_list("heading", "body"))
    assert found == sorted(likes.values_list("heading", "body"))
    assert len(found) == 2 * (len(MAY_HOLD) + 1)  # each character and the entity, in either field
