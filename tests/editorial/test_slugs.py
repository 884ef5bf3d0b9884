"""Pinyin slugs: readable, unique per type, stable once a piece has been public."""

import pytest

from articles.models import Article
from editorial.models import Tag
from editorial.slugs import MAX_SYLLABLES, pinyin_slug, unique_slug
from events.models import Event
from speeches.models import Speech
from tests.factories import make_article, make_event, make_person, make_speech


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("劳模精神", "laomo-jingshen"),
        ("重庆劳模", "chongqing-laomo"),  # 重 read by phrase: chong, not zhong
        ("银行职工", "yinhang-zhigong"),  # 行 read by phrase: hang, not xing
        ("C919 首飞成功", "c919-shoufei-chenggong"),
        ("5G 基站建设", "5g-jizhan-jianshe"),
        ("Windows XP 退役", "windows-xp-tuiyi"),
        ("  ", ""),
        ("！？……", ""),
    ],
)
def test_pinyin_slug_reads_chinese_and_keeps_latin_and_digits(text, expected):
    assert pinyin_slug(text) == expected


def test_pinyin_slug_is_ascii_lowercase_and_hyphenated():
    slug = pinyin_slug("首届大国工匠创新交流大会在京开幕")
    assert slug.isascii()
    assert slug == slug.lower()
    assert " " not in slug and "--" not in slug
    assert not slug.startswith("-") and not slug.endswith("-")


def test_pinyin_slug_is_capped_at_eight_syllables():
    slug = pinyin_slug("深入学习贯彻习近平新时代中国特色社会主义思想大力弘扬劳模精神")
    syllable_count = 8
    assert MAX_SYLLABLES == syllable_count
    # "shenru-xuexi-guanche-xijinping" = 2 + 2 + 2 + 3 syllables: the last word is cut to 2.
    assert slug == "shenru-xuexi-guanche-xijin"
    assert "xinshidai" not in slug


def test_pinyin_slug_caps_latin_tokens_too():
    assert pinyin_slug("a b c d e f g h i j") == "a-b-c-d-e-f-g-h"


@pytest.mark.django_db
def test_unique_slug_appends_numbers_on_collision():
    first = make_article(title="劳模精神")
    second = make_article(title="劳模精神")
    third = make_article(title="劳模精神！")
    assert [first.slug, second.slug, third.slug] == ["laomo-jingshen", "laomo-jingshen-2", "laomo-jingshen-3"]


@pytest.mark.django_db
def test_slugs_are_unique_per_type_not_across_types():
    article = make_article(title="劳模精神")
    speech = make_speech(title="劳模精神")
    event = make_event(name="劳模精神")
    assert article.slug == speech.slug == event.slug == "laomo-jingshen"


@pytest.mark.django_db
def test_unique_slug_ignores_slugs_that_merely_share_a_prefix():
    make_article(title="劳模精神传承")  # laomo-jingshen-chuancheng
    assert unique_slug("劳模精神", Article.objects.all()) == "laomo-jingshen"


@pytest.mark.django_db
def test_untitled_latin_free_text_falls_back():
    person = make_person(name="！！")
    assert person.slug == "person"
    assert make_person(name="？？").slug == "person-2"


@pytest.mark.django_db
def test_draft_slug_follows_a_new_title_when_cleared():
    article = make_article(title="劳模精神", status="draft")
    assert article.slug == "laomo-jingshen"
    article.title = "工匠精神"
    article.slug = ""
    article.save()
    assert article.slug == "gongjiang-jingshen"


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [make_article, make_speech])
def test_slug_of_a_once_public_piece_never_changes(factory):
    piece = factory(title="铁人精神永放光芒")
    original = piece.slug
    model = type(piece)

    piece.title = "完全不同的新标题"
    piece.save()
    piece.slug = "hacked-new-address"
    piece.save()
    piece.slug = ""
    piece.save()

    assert model.objects.get(pk=piece.pk).slug == original == "tieren-jingshen-yong-fangguangmang"


@pytest.mark.django_db
def test_form_validation_explains_why_a_public_slug_cannot_change():
    from django.core.exceptions import ValidationError

    article = make_article(title="劳模精神")
    article.slug = "something-else"
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "网址不能再修改" in str(excinfo.value.message_dict["slug"])


@pytest.mark.django_db
def test_slug_of_an_unpublished_piece_stays_after_it_was_public():
    piece = make_speech(title="在劳模座谈会上的讲话")
    Speech.objects.filter(pk=piece.pk).update(status="unpublished")
    piece.refresh_from_db()
    piece.slug = "new"
    piece.save()
    assert Speech.objects.get(pk=piece.pk).slug == "zai-laomo-zuotanhui-shang-de"


@pytest.mark.django_db
def test_chinese_tag_gets_a_pinyin_slug():
    article = make_article(tags=["大国工匠"])
    tag = article.tags.get()
    assert tag.name == "大国工匠"
    assert tag.slug == "daguo-gongjiang"


@pytest.mark.django_db
def test_tags_whose_pinyin_collide_get_distinct_slugs():
    # 公式 and 攻势 are both "gongshi".
    make_article(tags=["公式"])
    make_article(tags=["攻势"])
    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs["公式"] == "gongshi"
    assert slugs["攻势"].startswith("gongshi-")
    assert len(set(slugs.values())) == 2


@pytest.mark.django_db
def test_tags_are_shared_between_types():
    make_article(tags=["劳模精神"])
    make_event().tags.add("劳模精神")
    assert Tag.objects.count() == 1
    assert Event.objects.filter(tags__slug="laomo-jingshen").count() == 1
