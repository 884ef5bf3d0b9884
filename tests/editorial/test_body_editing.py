"""Body editing: what the editor makes survives the sanitiser unchanged, what the sanitiser
removes is named to the editor, and readers of a piece they may not edit see it formatted."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from editorial.models import Status
from editorial.sanitize import removal_message, removals, sanitize
from speeches.models import SpeechSection
from tests.editorial.roles import draft_article, draft_speech, users  # noqa: F401 - fixture

CLIPBOARD = Path(__file__).parent / "clipboard"

# What the body editor outputs for each toolbar construct, as recorded from it in Chromium
# (tests/browser/test_body_editor.py checks the live editor the same way).
EDITOR_OUTPUT = {
    "h2": "<h2>标题</h2>",
    "h3": "<h3>标题</h3>",
    "h4": "<h4>标题</h4>",
    "bold": "<p><strong>粗体</strong></p>",
    "italic": "<p><em>斜体</em></p>",
    "underline": "<p><u>下划线</u></p>",
    "blockquote": "<blockquote><p>引文</p></blockquote>",
    "bullet list": "<ul><li><p>一项</p></li><li><p>二项</p></li></ul>",
    "ordered list": "<ol><li><p>一项</p></li></ol>",
    "nested list": "<ul><li><p>一项</p><ol><li><p>甲</p></li></ol></li></ul>",
    "link": '<p><a href="https://a.cn/?x=1&amp;y=2" title="说明">链接</a></p>',
    "mail link": '<p><a href="mailto:tougao@example.cn">投稿</a></p>',
    "hard break": "<p>一行<br>二行</p>",
    "table": (
        "<table><tbody><tr><th><p>项目</p></th><th><p>人数</p></th></tr>"
        "<tr><td><p>焊工</p></td><td><p>200</p></td></tr></tbody></table>"
    ),
    "merged cells": (
        '<table><tbody><tr><td colspan="2"><p></p></td><td><p></p></td></tr>'
        '<tr><td rowspan="2"><p></p></td><td><p></p></td><td><p></p></td></tr></tbody></table>'
    ),
    "figure": (
        '<figure><img src="/media/images/2026/12/0123456789abcdef0123456789abcdef-detail.jpg" '
        'alt="选手在焊接" width="1200" height="750"><figcaption>比赛现场　摄影：张三</figcaption></figure>'
    ),
    "figure without caption": (
        '<figure><img src="/media/images/2026/12/0123456789abcdef0123456789abcdef-detail.jpg" '
        'alt="图" width="480" height="300"><figcaption></figcaption></figure>'
    ),
    "escaped text": "<p>&lt;b&gt;不是标签&lt;/b&gt; &amp; “引号” 5 &gt; 3</p>",
    "empty paragraph": "<p></p>",
}


@pytest.mark.parametrize("html", EDITOR_OUTPUT.values(), ids=EDITOR_OUTPUT.keys())
def test_every_editor_construct_is_kept_exactly_by_the_sanitiser(html):
    assert sanitize(html) == html
    assert removal_message(html, sanitize(html)) == ""


def test_a_whole_body_of_editor_constructs_is_kept_exactly():
    body = "".join(EDITOR_OUTPUT.values())
    assert sanitize(body) == body


@pytest.mark.parametrize(
    ("html", "tags", "attributes"),
    [
        ("<p>劳模</p><script>alert(1)</script>", ["script"], []),
        ('<p style="color:red" class="MsoNormal">劳模</p>', [], ["class", "style"]),
        ('<img src="x.png" onerror="alert(1)">', [], ["onerror"]),
        ('<a href="javascript:alert(1)">劳模</a>', [], ["href"]),
        (
            "<p><span lang=EN-US>30</span><o:p></o:p></p>",
            ["o:p", "span"],
            [],
        ),  # a dropped tag's attributes go with it
        ('<iframe src="https://evil.example/"></iframe><font face="宋体">字</font>', ["font", "iframe"], []),
        ('<ol start="3" type="a"><li>项</li></ol>', [], ["start", "type"]),
        ('<td colspan="2;x">格</td>', [], ["colspan"]),
    ],
)
def test_removals_name_what_the_sanitiser_takes_out(html, tags, attributes):
    assert removals(html) == (tags, attributes)
    message = removal_message(html, sanitize(html))
    for name in tags:
        assert f"<{name}>" in message
    for name in attributes:
        assert name in message


def test_word_clipboard_through_the_html_source_keeps_text_and_loses_office_markup():
    """Pasted into the HTML source view, Word's markup meets the sanitiser alone."""
    word = (CLIPBOARD / "word.html").read_text(encoding="utf-8")
    clean = sanitize(word)
    for text in ("劳模精神代代传", "他在车间里坚守了", "<b>从不缺勤</b>", "中工网", "<i>完</i>"):
        assert text in clean
    for gone in ("mso", "MsoNormal", "style=", "<span", "<o:p", "file:", "font-family", "<style"):
        assert gone not in clean
    message = removal_message(word, clean)
    assert "<span>" in message and "<o:p>" in message and "style" in message and "class" in message


def _article_form(piece, body, **extra):
    return {
        "title": piece.title,
        "body": body,
        "tags": "",
        "loaded_version": piece.version,
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        **extra,
    }


def test_saving_tells_the_editor_what_the_sanitiser_removed(client, users):  # noqa: F811
    article = draft_article(users["zuozhe"])
    client.force_login(users["zuozhe"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    body = '<p style="color:red">劳模</p><script>alert(1)</script><img src="/a.png" onerror="alert(1)">'
    response = client.post(url, _article_form(article, body), follow=True)
    shown = [str(message) for message in response.context["messages"]]
    warning = next(text for text in shown if "白名单" in text)
    assert "<script>" in warning and "style" in warning and "onerror" in warning
    article.refresh_from_db()
    assert article.body == '<p>劳模</p><img src="/a.png">'


def test_saving_clean_editor_output_says_nothing_about_the_sanitiser(client, users):  # noqa: F811
    article = draft_article(users["zuozhe"])
    client.force_login(users["zuozhe"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    body = "".join(EDITOR_OUTPUT.values())
    response = client.post(url, _article_form(article, body), follow=True)
    assert not [m for m in response.context["messages"] if "白名单" in str(m)]
    article.refresh_from_db()
    assert article.body == body


def test_speech_section_removals_are_named_with_the_section(client, users):  # noqa: F811
    speech = draft_speech(users["zuozhe"])
    section = SpeechSection.objects.create(
        speech=speech, order=0, number="一、", heading="坚持创新", body="<p>x</p>"
    )
    client.force_login(users["zuozhe"])
    data = {
        "title": speech.title,
        "body": speech.body,
        "salutation": speech.salutation,
        "closing": speech.closing,
        "tags": "",
        "loaded_version": speech.version,
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "1",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-id": section.pk,
        "sections-0-speech": speech.pk,
        "sections-0-order": "0",
        "sections-0-number": "一、",
        "sections-0-heading": "坚持创新",
        "sections-0-body": '<p><font color="red">创新</font></p>',
    }
    url = reverse("admin:speeches_speech_change", args=[speech.pk])
    response = client.post(url, data, follow=True)
    warning = next(str(m) for m in response.context["messages"] if "白名单" in str(m))
    assert warning.startswith("一、坚持创新") and "<font>" in warning
    section.refresh_from_db()
    assert section.body == "<p>创新</p>"


def test_writers_get_the_body_editor_for_the_body_and_speech_sections(client, users):  # noqa: F811
    speech = draft_speech(users["zuozhe"])
    SpeechSection.objects.create(speech=speech, order=0, number="一、", heading="坚持创新", body="<p>x</p>")
    client.force_login(users["zuozhe"])
    page = client.get(reverse("admin:speeches_speech_change", args=[speech.pk])).content.decode()
    assert page.count("data-body-editor=") == 3  # body, the section, the empty section form
    assert '<script src="/static/js/body_editor.js" type="module"></script>' in page
    # Configured by data-attributes: no inline script (a strict CSP is coming).
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all(" src=" in tag or 'type="application/json"' in tag for tag in scripts)


def test_a_reader_who_may_not_edit_sees_the_body_formatted(client, users):  # noqa: F811
    article = draft_article(users["zuozhe"], body="<h2>小标题</h2><p>他<strong>坚守</strong>三十年。</p>")
    article.status = Status.REVIEW_1  # submitted: the author may no longer edit it
    article.save()
    for reader in ("zuozhe", "zhuren"):
        client.force_login(users[reader])
        page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
        assert (
            '<div class="rendered-body"><h2>小标题</h2><p>他<strong>坚守</strong>三十年。</p></div>' in page
        )
        assert "&lt;h2&gt;" not in page
        assert "data-body-editor" not in page
        assert "/static/css/body_editor.css" in page  # styled, though no editor loads


def test_a_derived_summary_leaves_figure_captions_out(db):
    from tests.factories import make_article

    figure = EDITOR_OUTPUT["figure"]
    article = make_article(summary="", body=f"<p>第一句。</p>{figure}<p>第二句。</p>")
    assert article.summary == "第一句。第二句。"


def test_head_image_field_is_the_chooser_without_the_admin_icons(client, users):  # noqa: F811
    article = draft_article(users["zuozhe"])
    client.force_login(users["zuozhe"])
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    field = page.split('class="form-row field-head_image', 1)[1].split('class="form-row', 1)[0]
    assert "data-image-chooser=" in field and 'type="hidden" name="head_image"' in field
    assert "related-widget-wrapper" not in field


def test_speech_sections_are_shown_formatted_to_a_reader_too(client, users):  # noqa: F811
    speech = draft_speech(users["zuozhe"], status=Status.REVIEW_1)
    SpeechSection.objects.create(
        speech=speech, order=0, number="一、", heading="坚持创新", body="<p><em>创新</em>驱动</p>"
    )
    client.force_login(users["zhuren"])
    page = client.get(reverse("admin:speeches_speech_change", args=[speech.pk])).content.decode()
    assert '<div class="rendered-body"><p><em>创新</em>驱动</p></div>' in page
    assert "&lt;em&gt;" not in page


def test_attribute_values_as_chromium_escapes_them_are_kept_as_they_are():
    """Chromium writes <, >, " and & in attribute values as entities: kept exactly."""
    chromium = (
        '<figure><img src="/media/a.jpg" alt="5 &gt; 3 &lt; 4 &quot;对&quot; &amp;" width="1" height="1">'
        "</figure>"
    )
    assert sanitize(chromium) == chromium
    assert removal_message(chromium, sanitize(chromium)) == ""
