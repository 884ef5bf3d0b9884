"""Pinyin slugs: readable, unique per type, stable once a piece has been public."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from editorial.models import Tag
from editorial.slugs import MAX_SYLLABLES, name_sort_key, person_slug, pinyin_slug, unique_slug
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
    # "shenru-xuexi-guanche-xijinping" = 2 + 2 + 2 + 3 syllables: the last word does not fit
    # and is left out whole, never cut to "xijin".
    assert slug == "shenru-xuexi-guanche"
    assert "xijin" not in slug


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
def test_a_free_slug_is_found_by_the_unique_index_without_scanning_for_prefixes():
    """A prefix (LIKE) query reads every row: each save would cost more as the archive grows."""
    make_article(title="劳模精神传承")
    with CaptureQueriesContext(connection) as free:
        assert unique_slug("劳模精神", Article.objects.all()) == "laomo-jingshen"
    assert len(free) == 1 and "LIKE" not in free[0]["sql"].upper()
    make_article(title="劳模精神")
    with CaptureQueriesContext(connection) as taken:
        assert unique_slug("劳模精神", Article.objects.all()) == "laomo-jingshen-2"
    assert len(taken) == 2  # only a taken slug looks for its numbered siblings


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
    assert Speech.objects.get(pk=piece.pk).slug == "zai-laomo-zuotanhui-shang"


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


# Titles whose words the syllable limit used to cut (…-li-de-qing, …-tese-she): every
# part of a slug is a whole word, and no particle is left dangling at the end.
@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("新能源车间里的青年工匠", "xinnengyuan-chejian"),
        ("新时代中国特色社会主义思想", "xin-shidai-zhongguo-tese"),
        ("坚持和发展中国特色社会主义", "jianchi-he-fazhan-zhongguo"),
        ("中国特色社会主义", "zhongguo-tese-shehuizhuyi"),
        ("大力弘扬劳模精神劳动精神工匠精神", "dali-hongyang-laomo-jingshen"),
        ("培养大国工匠、弘扬工匠精神 习近平这样要求", "peiyang-daguo-gongjiang-hongyang"),
        ("在全省劳动模范表彰大会上的讲话", "zai-quansheng-laodongmofan"),
        ("中华人民共和国全国人民代表大会常务委员会", "zhonghuarenmingongheguo"),
    ],
)
def test_slugs_are_cut_between_words_never_inside_one(title, expected):
    import jieba
    from pypinyin import lazy_pinyin

    slug = pinyin_slug(title)
    assert slug == expected
    words = {"".join(lazy_pinyin(word)) for word in jieba.cut(title)}
    assert all(part in words for part in slug.split("-")), slug


@pytest.mark.parametrize(
    ("name", "slug", "key"),
    [
        ("高凤林", "gao-fenglin", "gao fenglin"),
        ("迟语洋", "chi-yuyang", "chi yuyang"),  # jieba keeps it one word: the style still splits it
        ("孟泰", "meng-tai", "meng tai"),
        ("欧阳自远", "ouyang-ziyuan", "ouyang ziyuan"),  # a two-character surname
        ("单霁翔", "shan-jixiang", "shan jixiang"),  # 单 as a surname reads shan
        ("曾宪梓", "zeng-xianzi", "zeng xianzi"),
        ("John Smith", "john-smith", "john smith"),
        ("阿卜杜拉·艾力", pinyin_slug("阿卜杜拉·艾力"), name_sort_key("阿卜杜拉·艾力")),
    ],
)
def test_person_slugs_have_one_style_surname_hyphen_given_name(name, slug, key):
    assert person_slug(name) == slug
    assert name_sort_key(name) == key
    assert "·" not in name_sort_key(name)


@pytest.mark.django_db
def test_a_new_person_takes_the_surname_given_style_and_a_suffix_when_taken():
    assert make_person(name="高凤林").slug == "gao-fenglin"
    assert make_person(name="高凤林").slug == "gao-fenglin-2"
