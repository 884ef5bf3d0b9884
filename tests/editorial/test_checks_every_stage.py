"""The content checks from the first save: a warning panel, a badge in the list, a message on
save; they refuse only at final approval and publication."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from editorial.models import Status
from editorial.registry import content_types
from tests.editorial.roles import draft_article, draft_speech, users  # noqa: F401

pytestmark = pytest.mark.django_db

LONG_TITLE = "全国总工会召开会议部署深入学习贯彻劳模精神劳动精神工匠精神的工作要求"


def _form(**overrides):
    data = {
        "title": "劳动最光荣",
        "subtitle": "",
        "short_title": "",
        "summary": "",
        "body": "<p>正文。</p>",
        "tags": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "expire_at_0": "",
        "expire_at_1": "",
        "slug": "",
        "kicker": "",
        "via": "",
        "original_url": "",
        "head_image_url": "",
        "head_image_alt": "",
        "author_note": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_a_draft_with_a_long_title_and_no_short_title_is_saved_with_a_warning(client, users):  # noqa: F811
    client.force_login(users["zuozhe"])
    response = client.post(reverse("admin:articles_article_add"), _form(title=LONG_TITLE), follow=True)
    article = Article.objects.get(title=LONG_TITLE)
    assert article.status == Status.DRAFT and article.short_title == ""
    html = response.content.decode()
    assert "已保存，但内容检查发现问题" in html and "主题超过 30 个字，缺少短标题。" in html


def test_placeholders_show_from_the_first_save_with_their_position(client, users):  # noqa: F811
    client.force_login(users["zuozhe"])
    response = client.post(
        reverse("admin:articles_article_add"),
        _form(title="表彰大会召开", body="<p>全省共有XX人受到表彰。</p>", _continue="1"),
        follow=True,
    )
    html = response.content.decode()
    panel = html.split('id="workflow-problems"')[1].split("</div>")[0]
    assert "可以先保存，终审签发、发布前须解决" in panel
    assert "正文第 5 字「全省共有XX人受到表彰。」" in panel
    article = Article.objects.get(title="表彰大会召开")
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "1 项待改" in changelist and "正文第 5 字" in changelist
    assert article.status == Status.DRAFT


def _panel(client, piece):
    html = client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    return html.split('id="workflow-problems"')[1].split("</div>")[0]


def test_the_panel_lists_each_placeholder_a_line_the_first_five_open(client, users):  # noqa: F811
    body = "".join(f"<p>第{n}车间共有XX人。</p>" for n in range(1, 9))
    piece = draft_article(users["zuozhe"], title="八处占位", summary="各车间人数。", body=body)
    client.force_login(users["zuozhe"])
    panel = _panel(client, piece)
    assert "有 8 处占位符（X、XX、××、○○）未替换：" in panel
    shown, folded = panel.split('<details class="gj-problem-more">')
    assert shown.count("<li>正文第") == 5 and "「第1车间共有XX人。" in shown
    assert "<summary>其余 3 处</summary>" in folded and 'start="6"' in folded
    assert folded.count("<li>正文第") == 3 and "第8车间共有XX人。」" in folded
    assert "……" not in folded  # every place is listed
    # Run together as before wherever a problem is one line (a refusal, the desk).
    problem = workflow.content_problems(piece)[0]
    assert str(problem).count("正文第") == 8


def test_a_document_full_of_placeholders_lists_two_hundred_and_says_there_are_more(client, users):  # noqa: F811
    piece = draft_article(
        users["zuozhe"], title="满篇占位", summary="人数。", body="<p>" + "共XX人，" * 250 + "</p>"
    )
    client.force_login(users["zuozhe"])
    panel = _panel(client, piece)
    assert "有 250 处占位符" in panel and "<summary>其余 245 处</summary>" in panel
    assert panel.count("<li>正文第") == 200 and "<p>……</p>" in panel
    assert str(workflow.content_problems(piece)[0]).count("正文第") == 30


def test_a_problem_without_places_stays_one_line(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title=LONG_TITLE, body="<p>正文。</p>")
    client.force_login(users["zuozhe"])
    panel = _panel(client, piece)
    assert "主题超过 30 个字，缺少短标题。" in panel
    assert "gj-problem-places" not in panel and "<details" not in panel


def test_a_clean_draft_gets_a_passing_badge_and_no_panel(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="干净的稿件", body="<p>没有问题。</p>")
    client.force_login(users["zuozhe"])
    assert (
        'id="workflow-problems"'
        not in client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    )
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert 'class="gj-check gj-check-ok">通过<' in changelist and "项待改" not in changelist


def test_a_piece_with_placeholders_passes_first_and_second_review_and_is_refused_at_the_final(
    users,  # noqa: F811
):
    piece = draft_article(users["zuozhe"], title="占位稿", body="<p>共有XX人参加。</p>")
    workflow.transition(piece, "submit", users["zuozhe"])
    workflow.transition(piece, "approve", users["zebian"])
    workflow.transition(piece, "approve", users["zhuren"])
    assert piece.status == Status.REVIEW_3
    with pytest.raises(workflow.ExplainedRefusal, match="占位符"):
        workflow.transition(piece, "approve", users["zongbian"])
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_3


def test_the_final_stage_panel_says_the_problems_block(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="终审占位稿", body="<p>共有XX人参加。</p>")
    workflow.transition(piece, "submit", users["zuozhe"])
    workflow.transition(piece, "approve", users["zebian"])
    workflow.transition(piece, "approve", users["zhuren"])
    client.force_login(users["zongbian"])
    html = client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    assert "内容检查未通过，须解决后才能签发或发布" in html


@pytest.mark.parametrize("rows", [5, 50])
def test_the_check_badge_costs_no_query_per_row(client, users, django_assert_max_num_queries, rows):  # noqa: F811
    for n in range(rows):
        draft_speech(users["zebian"], title=f"讲话{n}", sections=[("一、", "小标题", "<p>共有XX人。</p>")])
    client.force_login(users["zebian"])
    # The header's 待我审 and 退回修改 figures cost two queries per content type.
    with django_assert_max_num_queries(12 + 2 * len(content_types())):
        html = client.get(reverse("admin:speeches_speech_changelist")).content.decode()
    assert html.count("1 项待改") == rows  # each speech's section placeholders were seen


# The speech list reads only the sections that can change the 检查 badge (SpeechAdmin.list_page):
# every badge must still be the one the speech's change page works out from all its sections.
SECTION_CASES = {
    "clean": ("<p>今天我们在这里召开座谈会。</p>", [("一、", "小标题", "<p>干得好。</p>")]),
    "placeholder in a section": (
        "<p>开场。</p>",
        [("一、", "小标题", "<p>共有XX人。</p>"), ("二、", "", "<p>好。</p>")],
    ),
    "placeholder as entities": ("<p>开场。</p>", [("一、", "小标题", "<p>&times;&times;同志</p>")]),
    "placeholder in a heading": ("<p>开场。</p>", [("一、", "XX工作", "<p>好。</p>")]),
    "body without text, sections with": ("<p> </p>", [("一、", "", "<p>全靠小节。</p>")]),
    "body without text, headings only": ("", [("一、", "小标题", "")]),
    "nothing to read": ("<p><br></p>", [("一、", "", "<p>&nbsp;</p>")]),
    "no sections": ("<p>只有正文。</p>", []),
}


def test_the_speech_lists_badges_are_those_of_all_sections(client, users):  # noqa: F811
    from django.contrib import admin

    from speeches.models import Speech

    for name, (body, sections) in SECTION_CASES.items():
        draft_speech(users["zebian"], title=name, short_title="讲话", body=body, sections=sections)
    client.force_login(users["zebian"])
    response = client.get(reverse("admin:speeches_speech_changelist"))
    listed = {speech.title: speech for speech in response.context["cl"].result_list}
    assert set(listed) == set(SECTION_CASES)
    speech_admin = admin.site.get_model_admin(Speech)
    badges = {}
    for title, speech in listed.items():
        whole = Speech.objects.get(pk=speech.pk)  # every section, as the change page reads them
        badges[title] = speech_admin.checks_display(speech)
        assert badges[title] == speech_admin.checks_display(whole), title
        assert badges[title] in response.content.decode()
    # The cases do what they say: the shortcut had something to get wrong.
    assert "通过" in badges["clean"] and "通过" in badges["body without text, sections with"]
    assert "通过" in badges["body without text, headings only"] and "通过" in badges["no sections"]
    for title in ("placeholder in a section", "placeholder as entities", "placeholder in a heading"):
        assert "占位符" in badges[title], title
    assert "正文为空" in badges["nothing to read"]
    # Only the sections that could change a badge were read for the list.
    assert len(listed["clean"].checked_inlines) == 0
    assert len(listed["nothing to read"].checked_inlines) == 1
