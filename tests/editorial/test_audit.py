import pytest
from django.urls import reverse

from editorial import workflow
from editorial.models import AuditEntry
from tests.editorial.roles import draft_article, draft_speech, users  # noqa: F401

pytestmark = pytest.mark.django_db


def test_entries_cannot_be_changed_or_deleted(users):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    workflow.transition(piece, "submit", users["zuozhe"])
    entry = AuditEntry.objects.get(code="gongjiang.article.submitted")
    entry.opinion = "篡改"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(opinion="篡改")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).opinion == ""


def test_transition_entry_has_actor_states_and_opinion(users):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    workflow.transition(piece, "submit", users["zuozhe"])
    workflow.transition(piece, "send_back", users["zebian"], "数据需核实")
    entry = AuditEntry.objects.first()
    assert (entry.code, entry.actor, entry.actor_name) == (
        "gongjiang.article.sent_back",
        users["zebian"],
        "zebian",
    )
    assert (entry.from_status, entry.to_status, entry.opinion) == ("review_1", "draft", "数据需核实")


def test_audit_admin_lists_and_filters_but_offers_no_edit(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="审计日志里的稿件")
    workflow.transition(piece, "submit", users["zuozhe"])
    client.force_login(users["zhuren"])
    url = reverse("admin:editorial_auditentry_changelist")
    html = client.get(url, {"code": "gongjiang.article.submitted"}).content.decode()
    assert "审计日志里的稿件" in html and "gongjiang.article.submitted" in html
    entry = AuditEntry.objects.first()
    assert (
        client.post(
            reverse("admin:editorial_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert client.get(reverse("admin:editorial_auditentry_add")).status_code == 403


def test_author_cannot_read_the_audit_log(client, users):  # noqa: F811
    client.force_login(users["zuozhe"])
    assert client.get(reverse("admin:editorial_auditentry_changelist")).status_code == 403


def test_audit_log_and_tag_lists_carry_no_workflow_tools(client, users):  # noqa: F811
    client.force_login(users["superuser"])
    for name in ("editorial_auditentry_changelist", "editorial_tag_changelist"):
        html = client.get(reverse(f"admin:{name}")).content.decode()
        assert "gj-awaiting" not in html and "?awaiting=me" not in html
        assert 'id="desk-count-awaiting"' in html  # the header's desk figures are on every page
    # The content lists still have them.
    assert "gj-awaiting" in client.get(reverse("admin:articles_article_changelist")).content.decode()


def test_audit_list_links_the_piece_and_names_changes_in_chinese(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="审计列表里的稿件")
    piece.title = "审计列表里的稿件（改）"
    workflow.save_piece(piece, users["zuozhe"], expected_version=piece.version)
    workflow.transition(piece, "submit", users["zuozhe"], "请审")
    workflow.transition(draft_speech(users["zuozhe"]), "submit", users["zuozhe"])
    client.force_login(users["zhuren"])
    response = client.get(reverse("admin:editorial_auditentry_changelist"))
    html = response.content.decode()
    change = reverse("admin:articles_article_change", args=[piece.pk])
    assert f'href="{change}"' in html
    assert "草稿 → 初审" in html and "请审" in html
    assert "主题" in html and ">title<" not in html
    # The content-type filter offers the types that have entries, not every model.
    changelist = response.context["cl"]
    spec = next(spec for spec in changelist.filter_specs if getattr(spec, "field_path", "") == "content_type")
    types = {str(choice["display"]) for choice in spec.choices(changelist)}
    assert {"文章 | 文章", "讲话 | 讲话"} <= types
    assert not any("权限" in name or "用户" in name for name in types)


def test_audit_list_names_fields_and_states_in_each_reader_language(client, users):  # noqa: F811
    # The field labels are worked out once per model and language (editorial.admin_views.labels_of):
    # a Chinese page first must not leave its labels on an English one, nor the other way.
    piece = draft_article(users["zuozhe"], title="语言切换的稿件")
    piece.title = "语言切换的稿件（改）"
    workflow.save_piece(piece, users["zuozhe"], expected_version=piece.version)
    workflow.transition(piece, "submit", users["zuozhe"])
    client.force_login(users["zhuren"])
    url = reverse("admin:editorial_auditentry_changelist")
    for _round in range(2):
        chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "草稿 → 初审" in chinese and ">主题<" in chinese and "Headline" not in chinese
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Draft → First review" in english and ">Headline<" in english and "主题<" not in english


def test_a_models_field_labels_name_its_inlines_as_its_pieces_do(users):  # noqa: F811
    # The audit log and the change form's panel label by model (labels_of): a speech's
    # changed sections read 讲话段落 (its inline's name), not "sections".
    from speeches.models import Speech, SpeechSection

    speech = draft_speech(users["zuozhe"])
    assert workflow.field_labels(Speech) == workflow.field_labels(speech)
    assert workflow.field_labels(Speech)["sections"] == str(SpeechSection._meta.verbose_name_plural)
