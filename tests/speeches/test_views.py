"""Public speech pages: list and detail with sections, only live speeches."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from editorial.models import Tag
from tests.factories import (
    HOSTILE_TITLES,
    NON_LIVE_STATES,
    make_article,
    make_event,
    make_person,
    make_speech,
    non_live_states,
)

pytestmark = pytest.mark.django_db

SECTIONS = (
    ("一、", "充分认识劳模精神的时代价值", "<p>劳模精神是<strong>民族精神</strong>的生动体现。</p>"),
    ("二、", "大力弘扬工匠精神", "<p>执着专注、精益求精。</p>"),
    ("三、", "为产业工人成长成才创造条件", "<p>完善技能人才评价。</p>"),
)


def page_text(response):
    return response.content.decode()


def test_speech_list_shows_live_speeches_with_speaker_and_occasion(client):
    speaker, event = make_person(name="王东明"), make_event(name="全国劳动模范表彰大会")
    make_speech(title="在全国劳模表彰大会上的讲话", speaker=speaker, occasion=event)
    html = page_text(client.get(reverse("speeches:list")))
    assert "在全国劳模表彰大会上的讲话" in html and "王东明" in html and "全国劳动模范表彰大会" in html


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_speech_list_hides_speeches_that_are_not_live(client, state):
    make_speech(title="公开的讲话")
    make_speech(title="隐藏的讲话", **non_live_states()[state])
    html = page_text(client.get(reverse("speeches:list")))
    assert "公开的讲话" in html and "隐藏的讲话" not in html


def test_speech_list_has_an_explicit_empty_state(client):
    make_speech(title="还在审的讲话", **non_live_states()["in_review"])
    html = page_text(client.get(reverse("speeches:list")))
    assert "还没有发布讲话" in html and "还在审的讲话" not in html


def test_speech_list_pages_by_twenty(client):
    base = timezone.now() - timedelta(days=1)
    for n in range(21):
        make_speech(title=f"讲话分页第{n:02d}篇", publish_at=base + timedelta(minutes=n))
    first = page_text(client.get(reverse("speeches:list")))
    second = page_text(client.get(reverse("speeches:list"), {"page": 2}))
    assert "讲话分页第20篇" in first and "讲话分页第00篇" not in first
    assert "讲话分页第00篇" in second and "讲话分页第20篇" not in second
    assert client.get(reverse("speeches:list"), {"page": 9}).status_code == 404


def test_speech_detail_shows_speaker_occasion_salutation_sections_and_closing(client):
    speaker, event = make_person(name="王东明"), make_event(name="全国劳动模范表彰大会")
    speech = make_speech(
        title="在全国劳模表彰大会上的讲话",
        speaker=speaker,
        occasion=event,
        delivered_on=date(2020, 11, 24),
        venue="人民大会堂",
        salutation="同志们、朋友们：",
        closing="谢谢大家！",
        body="<p>今天，我们隆重召开大会。</p>",
        sections=SECTIONS,
        tags=["劳模精神"],
    )
    html = page_text(client.get(speech.get_absolute_url()))
    for expected in (
        "在全国劳模表彰大会上的讲话",
        speaker.get_absolute_url(),
        "王东明",
        event.get_absolute_url(),
        "全国劳动模范表彰大会",
        "2020年11月24日",
        "人民大会堂",
        "同志们、朋友们：",
        "今天，我们隆重召开大会。",
        "谢谢大家！",
        "劳模精神",
        "<strong>民族精神</strong>",
    ):
        assert expected in html, expected
    main = html[html.index("<main") :]
    assert main.index("同志们、朋友们：") < main.index("今天，我们隆重召开大会。") < main.index("谢谢大家！")


def test_speech_reading_time_counts_its_sections_too(client):
    # 200 characters before the sections, 1,000 in them: about 3 minutes, not 1.
    speech = make_speech(
        body="<p>" + "讲" * 200 + "</p>",
        sections=[
            ("一、", "第一部分", "<p>" + "话" * 500 + "</p>"),
            ("二、", "第二部分", "<p>" + "话" * 500 + "</p>"),
        ],
    )
    assert speech.reading_minutes == 3
    assert "阅读时间：约 3 分钟" in client.get(speech.get_absolute_url()).content.decode()


def test_speech_contents_link_to_section_anchors_in_order(client):
    speech = make_speech(title="有目录的讲话", sections=SECTIONS)
    html = page_text(client.get(speech.get_absolute_url()))
    toc = html[html.index('class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    anchors = [section.anchor for section in speech.sections.all()]
    assert anchors == ["section-1", "section-2", "section-3"]
    for anchor, (number, heading, _body) in zip(anchors, SECTIONS, strict=True):
        assert f'href="#{anchor}">{number}{heading}</a>' in toc
        assert f'<h2 id="{anchor}">{number}{heading}</h2>' in html
    assert toc.index("一、") < toc.index("二、") < toc.index("三、")


def test_speech_without_sections_has_no_contents(client):
    speech = make_speech(title="没有分节的讲话")
    assert 'class="toc"' not in page_text(client.get(speech.get_absolute_url()))


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_speech_detail_is_404_unless_live(client, state):
    speech = make_speech(title="看不见的讲话", **non_live_states()[state])
    assert client.get(speech.get_absolute_url()).status_code == 404


def test_unknown_speech_slug_is_404(client):
    assert client.get(reverse("speeches:detail", kwargs={"slug": "mei-you-zhe-pian"})).status_code == 404


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_speech_titles_and_headings_are_escaped(client, title):
    speech = make_speech(
        title=title, short_title="危险讲话", salutation=title, sections=[("一、", title, "")]
    )
    for url in (reverse("speeches:list"), speech.get_absolute_url()):
        assert title not in page_text(client.get(url))
    assert escape(title) in page_text(client.get(speech.get_absolute_url()))


def test_related_content_of_a_speech_is_live_and_shares_speaker_occasion_or_tag(client):
    speaker, event = make_person(name="王东明"), make_event(name="表彰大会")
    speech = make_speech(title="主讲话", speaker=speaker, occasion=event, tags=["工匠精神"])
    same_tag = make_speech(title="同标签讲话", tags=["工匠精神"])
    about_event = make_article(title="大会报道")
    about_event.events.add(event)
    about_speaker = make_article(title="讲话人报道")
    about_speaker.people.add(speaker)
    make_article(title="无关报道")
    hidden = make_article(title="大会报道草稿", **non_live_states()["draft"])
    hidden.events.add(event)
    html = page_text(client.get(speech.get_absolute_url()))
    related = html[html.index('id="related-heading"') :]
    assert same_tag.title in related and "大会报道" in related and "讲话人报道" in related
    assert "无关报道" not in related and "大会报道草稿" not in related


def test_an_old_address_of_a_live_speech_redirects_and_articles_do_not_borrow_it(client):
    from django.contrib.contenttypes.models import ContentType

    from editorial.models import Revision

    speech = make_speech(title="改过网址的讲话", slug="xin-jiang-hua")
    Revision.objects.create(
        content_type=ContentType.objects.get_for_model(speech),
        object_id=speech.pk,
        version=1,
        snapshot={"slug": "jiu-jiang-hua"},
    )
    response = client.get(reverse("speeches:detail", kwargs={"slug": "jiu-jiang-hua"}))
    assert response.status_code == 301 and response["Location"] == speech.get_absolute_url()
    # The same old slug under /articles/ belongs to no article.
    assert client.get(reverse("articles:detail", kwargs={"slug": "jiu-jiang-hua"})).status_code == 404


def test_speech_list_by_tag_lists_only_live_speeches_with_it_and_pages_keep_the_tag(client):
    base = timezone.now() - timedelta(days=1)
    for n in range(21):
        make_speech(title=f"工匠讲话{n:02d}", tags=["工匠精神"], publish_at=base + timedelta(minutes=n))
    make_speech(title="别的讲话", tags=["劳模"])
    make_speech(title="草稿讲话", tags=["工匠精神"], **non_live_states()["draft"])
    slug = Tag.objects.get(name="工匠精神").slug
    first = page_text(client.get(reverse("speeches:list"), {"tag": slug}))
    assert "工匠讲话20" in first and "别的讲话" not in first and "草稿讲话" not in first
    assert f'href="?tag={slug}&amp;page=2"' in first
    second = page_text(client.get(reverse("speeches:list"), {"tag": slug, "page": 2}))
    assert "工匠讲话00" in second and "工匠讲话20" not in second


@pytest.mark.parametrize("slug", ["no-such-tag", "mimi"])
def test_speech_list_by_an_unknown_or_unannounced_tag_is_404(client, slug):
    make_speech(title="秘密讲话", tags=["秘密"], **non_live_states()["draft"])
    assert Tag.objects.get(name="秘密").slug == "mimi"
    assert client.get(reverse("speeches:list"), {"tag": slug}).status_code == 404
