"""The workflow through the admin: buttons, crafted POSTs, bulk actions, 待我审, status colours, slip."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from editorial.models import ReviewSignoff, Status
from tests.editorial.roles import draft_article, users  # noqa: F401

pytestmark = pytest.mark.django_db


def _change(piece):
    return reverse("admin:articles_article_change", args=[piece.pk])


def _workflow(piece):
    return reverse("admin:articles_article_workflow", args=[piece.pk])


def _at_stage(users, stage):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="铁人精神永放光芒")
    workflow.transition(piece, "submit", users["zuozhe"])
    for reviewer in ["zebian", "zhuren", "zongbian"][: stage - 1]:
        workflow.transition(piece, "approve", users[reviewer])
    return piece


@pytest.mark.parametrize(
    ("stage", "role", "buttons", "absent"),
    [
        (1, "zebian", ["approve", "send_back"], ["reject", "publish", "submit"]),
        (1, "zhuren", [], ["approve", "send_back", "reject"]),
        (2, "zhuren", ["approve", "send_back", "reject"], ["publish"]),
        (2, "zebian", [], ["approve", "send_back"]),
        (3, "zongbian", ["approve", "send_back", "reject"], ["publish"]),
    ],
)
def test_change_form_shows_exactly_the_users_buttons(client, users, stage, role, buttons, absent):  # noqa: F811
    piece = _at_stage(users, stage)
    client.force_login(users[role])
    html = client.get(_change(piece)).content.decode()
    for action in buttons:
        assert f'value="{action}"' in html
    for action in absent:
        assert f'value="{action}"' not in html
    assert 'name="opinion"' in html if buttons else "没有可执行的操作" in html


def test_approve_button_moves_the_piece_and_shows_stage_history(client, users):  # noqa: F811
    piece = _at_stage(users, 1)
    client.force_login(users["zebian"])
    response = client.post(_workflow(piece), {"action": "approve", "opinion": "事实清楚，同意"}, follow=True)
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_2
    html = response.content.decode()
    assert "事实清楚，同意" in html and "初审" in html
    assert 'value="approve"' not in html  # zebian signed 初审: no button at 复审


@pytest.mark.parametrize(
    ("who", "stage", "reason"),
    [
        ("zuozhe_as_reviewer", 1, "自己"),  # the author, even with the right group
        ("superuser", 2, "两个审次"),  # superuser signed 初审 already
    ],
)
def test_crafted_post_cannot_bypass_separation_of_duties(
    client,
    users,  # noqa: F811
    django_user_model,
    who,
    stage,
    reason,
):
    from django.contrib.auth.models import Group

    author = users["zuozhe"]
    if who == "zuozhe_as_reviewer":
        author.groups.add(Group.objects.get(name="责任编辑"))
        piece = draft_article(author)
        workflow.transition(piece, "submit", author)
        actor = author
    else:
        piece = draft_article(author)
        workflow.transition(piece, "submit", author)
        workflow.transition(piece, "approve", users["superuser"])
        actor = users["superuser"]
    client.force_login(actor)
    response = client.post(_workflow(piece), {"action": "approve"}, follow=True)
    piece.refresh_from_db()
    assert piece.status == (Status.REVIEW_1 if stage == 1 else Status.REVIEW_2)
    assert reason in response.content.decode()


def test_bulk_approve_goes_through_the_same_checks(client, users):  # noqa: F811
    own = draft_article(users["superuser"], title="自己写的稿件")
    workflow.transition(own, "submit", users["superuser"])
    other = _at_stage(users, 1)
    client.force_login(users["superuser"])
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "approve_selected", "_selected_action": [own.pk, other.pk]},
        follow=True,
    )
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.status == Status.REVIEW_1  # refused: self-approval
    assert other.status == Status.REVIEW_2
    html = response.content.decode()
    assert "不能审批自己撰写的稿件" in html and "完成 1 篇" in html


def test_crafted_post_by_a_user_without_rights_changes_nothing(client, users):  # noqa: F811
    piece = _at_stage(users, 3)
    client.force_login(users["zebian"])
    client.post(_workflow(piece), {"action": "approve"})
    client.post(_workflow(piece), {"action": "publish"})
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_3
    assert not ReviewSignoff.for_piece(piece).filter(stage=3).exists()


def test_get_on_the_transition_url_changes_nothing(client, users):  # noqa: F811
    piece = _at_stage(users, 1)
    client.force_login(users["zebian"])
    response = client.get(_workflow(piece), {"action": "approve"})
    assert response.status_code == 403
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_1


def test_anonymous_transition_post_goes_to_login(client, users):  # noqa: F811
    piece = _at_stage(users, 1)
    response = client.post(_workflow(piece), {"action": "approve"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_1


def test_awaiting_my_review_lists_only_what_i_may_sign(client, users):  # noqa: F811
    mine = _at_stage(users, 2)
    mine.title = "待主任复审"
    Article.objects.filter(pk=mine.pk).update(title="待主任复审")
    first = _at_stage(users, 1)
    Article.objects.filter(pk=first.pk).update(title="还在初审")
    client.force_login(users["zhuren"])
    html = client.get(reverse("admin:articles_article_changelist"), {"awaiting": "me"}).content.decode()
    assert "待主任复审" in html
    assert "还在初审" not in html


def test_awaiting_excludes_pieces_where_i_signed_another_stage(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="超级用户签过初审")
    workflow.transition(piece, "submit", users["zuozhe"])
    workflow.transition(piece, "approve", users["superuser"])
    client.force_login(users["superuser"])
    html = client.get(reverse("admin:articles_article_changelist"), {"awaiting": "me"}).content.decode()
    assert "超级用户签过初审" not in html


def test_change_list_colours_status_and_marks_scheduled(staff_client):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_article

    make_article(title="明天见报", status=Status.APPROVED, publish_at=timezone.now() + timedelta(days=1))
    html = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "gj-status-approved" in html and "定时发布" in html
    assert "gj-status-published" not in html


def test_author_edits_only_own_drafts(client, users):  # noqa: F811
    own = draft_article(users["zuozhe"], title="我的草稿")
    others = draft_article(users["zebian"], title="别人的草稿")
    client.force_login(users["zuozhe"])
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "我的草稿" in listing and "别人的草稿" not in listing
    assert client.get(_change(others)).status_code in (302, 403, 404)
    workflow.transition(own, "submit", users["zuozhe"])
    html = client.get(_change(own)).content.decode()
    assert 'name="_save"' not in html  # submitted: read-only for the author


def test_review_slip_lists_each_stage_reviewer_time_and_opinion(client, users):  # noqa: F811
    piece = _at_stage(users, 3)
    workflow.transition(piece, "approve", users["zongbian"], "同意签发")
    client.force_login(users["zongbian"])
    html = client.get(reverse("admin:articles_article_slip", args=[piece.pk])).content.decode()
    assert "审稿单" in html and "铁人精神永放光芒" in html
    for name in ("zebian", "zhuren", "zongbian"):
        assert name in html
    assert "同意签发" in html and "初审" in html and "复审" in html and "终审" in html
    assert "未签" not in html  # every stage signed


def test_review_slip_leaves_a_line_for_each_stage_still_to_sign(client, users):  # noqa: F811
    from tests.factories import make_column, make_source

    piece = _at_stage(users, 2)
    type(piece).objects.filter(pk=piece.pk).update(
        column=make_column(name="工运前沿"), source=make_source(name="工人日报"), body="<p>劳动 创造幸福</p>"
    )
    client.force_login(users["zhuren"])
    html = client.get(reverse("admin:articles_article_slip", args=[piece.pk])).content.decode()
    stages = html.split('id="slip-stages"')[1].split("</table>")[0]
    assert stages.count('class="pending"') == 2  # 复审 and 终审
    assert "复审</td><td></td><td>未签" in stages and "终审</td><td></td><td>未签" in stages
    details = html.split('id="slip-piece"')[1].split("</table>")[0]
    assert "工运前沿" in details and "工人日报" in details
    assert "<th>字数</th><td>6</td>" in details  # spaces are not characters


def test_comment_thread(client, users):  # noqa: F811
    piece = _at_stage(users, 1)
    client.force_login(users["zebian"])
    client.post(reverse("admin:articles_article_comment", args=[piece.pk]), {"body": "<b>第二段</b>请核实"})
    html = client.get(_change(piece)).content.decode()
    assert "&lt;b&gt;第二段&lt;/b&gt;请核实" in html
    assert "<b>第二段</b>" not in html


def test_bulk_approve_refuses_a_second_stage_by_the_same_person(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="超级用户批量签两审")
    workflow.transition(piece, "submit", users["zuozhe"])
    client.force_login(users["superuser"])
    changelist = reverse("admin:articles_article_changelist")
    client.post(changelist, {"action": "approve_selected", "_selected_action": [piece.pk]})
    response = client.post(
        changelist, {"action": "approve_selected", "_selected_action": [piece.pk]}, follow=True
    )
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_2
    assert "两个审次" in response.content.decode()
    assert ReviewSignoff.for_piece(piece).filter(reviewer=users["superuser"]).count() == 1


def test_placeholder_blocks_publish_and_is_listed_on_the_form(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], status=Status.APPROVED, body="<p>今年X月底前完成X位劳模评选</p>")
    client.force_login(users["zongbian"])
    html = client.get(_change(piece)).content.decode()
    assert "X月底" in html and "占位符" in html
    response = client.post(_workflow(piece), {"action": "publish"}, follow=True)
    piece.refresh_from_db()
    assert piece.status == Status.APPROVED
    assert "内容检查未通过" in response.content.decode()


def test_change_list_links_to_awaiting_my_review_with_a_count(client, users):  # noqa: F811
    _at_stage(users, 2)
    client.force_login(users["zhuren"])
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert 'href="?awaiting=me"' in html and "待我审（1）" in html
    client.force_login(users["zebian"])
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "待我审（" not in html  # zebian signed 初审 and cannot sign 复审


def test_speech_change_form_has_the_workflow_panel_and_placeholder_list(client, users):  # noqa: F811
    from tests.editorial.roles import draft_speech

    speech = draft_speech(users["zuozhe"], body="<p>X月底前，我市X位劳模……</p>")
    workflow.transition(speech, "submit", users["zuozhe"])
    for reviewer in ("zebian", "zhuren"):
        workflow.transition(speech, "approve", users[reviewer])
    client.force_login(users["zongbian"])
    html = client.get(reverse("admin:speeches_speech_change", args=[speech.pk])).content.decode()
    assert 'id="workflow-panel"' in html and 'value="approve"' in html
    assert "占位符" in html and "X月底" in html
    client.post(reverse("admin:speeches_speech_workflow", args=[speech.pk]), {"action": "approve"})
    speech.refresh_from_db()
    assert speech.status == Status.REVIEW_3


def test_a_reviewer_never_signs_a_version_changed_after_they_opened_it(client, users):  # noqa: F811
    piece = _at_stage(users, 2)
    client.force_login(users["zhuren"])
    page = client.get(_change(piece)).content.decode()
    seen = piece.version
    assert f'name="version" value="{seen}"' in page
    # The 总编辑 edits the text while the 主任 is reading.
    piece.body = "<p>主任没看到的改动</p>"
    workflow.save_piece(piece, users["zongbian"], expected_version=piece.version)
    response = client.post(_workflow(piece), {"action": "approve", "version": seen}, follow=True)
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_2
    assert "已有改动" in response.content.decode()
    assert not ReviewSignoff.for_piece(piece).filter(stage=2).exists()
    # Having looked again (the page now carries the new version), the signature goes through.
    client.post(_workflow(piece), {"action": "approve", "version": piece.version})
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_3


@pytest.mark.parametrize("version", ["abc", "1.5", "-"])
def test_a_garbled_version_is_refused_with_a_message(client, users, version):  # noqa: F811
    piece = _at_stage(users, 1)
    client.force_login(users["zebian"])
    response = client.post(_workflow(piece), {"action": "approve", "version": version}, follow=True)
    assert "版本号无效" in response.content.decode()
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_1


@pytest.mark.parametrize(
    ("stage", "role", "label"),
    [(1, "zebian", "同意，送复审"), (2, "zhuren", "同意，送终审"), (3, "zongbian", "签发")],
)
def test_approve_button_says_where_the_piece_goes_next(client, users, stage, role, label):  # noqa: F811
    piece = _at_stage(users, stage)
    client.force_login(users[role])
    html = client.get(_change(piece)).content.decode()
    assert f'value="approve" class="button gj-action-approve">{label}</button>' in html
    response = client.post(_workflow(piece), {"action": "approve"}, follow=True)
    assert f"已执行「{label}」" in response.content.decode()


def test_reject_asks_for_confirmation_and_the_author_gets_no_review_opinion_label(client, users):  # noqa: F811
    piece = _at_stage(users, 2)
    client.force_login(users["zhuren"])
    html = client.get(_change(piece)).content.decode()
    assert 'value="reject" class="button gj-action-reject" data-confirm="退稿后稿件关闭' in html
    assert "审稿意见（退回修改、退稿必填）" in html
    draft = draft_article(users["zuozhe"])
    client.force_login(users["zuozhe"])
    html = client.get(_change(draft)).content.decode()
    assert 'value="submit"' in html and "审稿意见" not in html and "说明（可不填" in html


def test_authors_get_no_awaiting_list_and_only_the_bulk_actions_of_their_role(client, users):  # noqa: F811
    changelist = reverse("admin:articles_article_changelist")
    publishing = {"publish_selected", "unpublish_selected", "archive_selected"}
    expected = {
        "zuozhe": ({"submit_selected"}, False),
        "zebian": ({"submit_selected", "approve_selected"}, True),
        "zhuren": ({"approve_selected"}, True),
        "zongbian": ({"approve_selected", *publishing}, True),
    }
    workflow_actions = {"submit_selected", "approve_selected", *publishing}
    for role, (actions, reviews) in expected.items():
        client.force_login(users[role])
        response = client.get(changelist)
        offered = {name for name, _label in response.context["action_form"].fields["action"].choices}
        assert offered & workflow_actions == actions, role
        html = response.content.decode()
        assert ("gj-awaiting" in html) is reviews, role
        assert ("?awaiting=me" in html) is reviews, role


def test_a_bulk_action_not_offered_is_still_refused_when_posted(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], status=Status.APPROVED)
    client.force_login(users["zebian"])
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [piece.pk]},
    )
    piece.refresh_from_db()
    assert piece.status == Status.APPROVED


def test_view_on_site_only_for_live_pieces_and_history_is_the_revisions(client, users):  # noqa: F811
    from tests.factories import make_article

    draft = draft_article(users["zuozhe"])
    live = make_article(created_by=users["zuozhe"])
    client.force_login(users["zongbian"])
    assert "viewsitelink" not in client.get(_change(draft)).content.decode()
    assert "viewsitelink" in client.get(_change(live)).content.decode()
    response = client.get(reverse("admin:articles_article_history", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_revisions", args=[draft.pk])


def test_status_says_when_the_clock_has_moved_a_piece(staff_client):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_article

    now = timezone.now()
    make_article(title="定时已到", status=Status.APPROVED, publish_at=now - timedelta(minutes=5))
    make_article(title="已过下线", publish_at=now - timedelta(days=2), expire_at=now - timedelta(hours=1))
    html = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "已公开（定时发布）" in html
    assert "已到下线时间" in html


def test_change_form_audit_names_fields_in_chinese(client, users):  # noqa: F811
    piece = draft_article(users["zebian"], title="原标题")
    piece.title = "新标题"
    workflow.save_piece(piece, users["zebian"], expected_version=piece.version)
    client.force_login(users["zebian"])
    html = client.get(_change(piece)).content.decode()
    audit = html.split('id="workflow-audit"')[1].split("</ul>")[0]
    assert "（主题）" in audit and "（title）" not in audit and ">保存<" in audit


def test_admin_pages_carry_the_site_name_not_djangos(client, users):  # noqa: F811
    client.force_login(users["zebian"])
    html = client.get(reverse("admin:index")).content.decode()
    assert "工匠 · 编辑部" in html and "<title>我的工作台 | 工匠编辑部</title>" in html
    assert "Django 管理" not in html and "Django 站点管理员" not in html


def test_review_slip_counts_a_speech_as_readers_read_it(client, users):  # noqa: F811
    from speeches.models import Speech
    from tests.editorial.roles import draft_speech

    speech = draft_speech(
        users["zuozhe"],
        salutation="同志们：",  # 4
        body="<p>今天 开会。</p>",  # 5
        closing="谢谢大家！",  # 5
        sections=[("一、", "总结", "<p>成绩显著。</p>")],  # 一、总结 4 + 成绩显著。 5
    )
    client.force_login(users["zongbian"])
    html = client.get(reverse("admin:speeches_speech_slip", args=[speech.pk])).content.decode()
    details = html.split('id="slip-piece"')[1].split("</table>")[0]
    assert "<th>字数</th><td>23</td>" in details
    assert Speech.objects.get(pk=speech.pk).characters == 23  # the count reading time uses
