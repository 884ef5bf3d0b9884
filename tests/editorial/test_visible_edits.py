"""A piece readers can see keeps passing the content checks: edits, restores and re-imports.

An approved or published piece shows every change at once, with no review in between,
so each path that changes one (the admin form and its section inlines, the shell's
save_piece, restoring a revision, import_documents updating it) refuses a change that
brings back placeholders or empties it, and leaves the visible version as it was.
"""

import pytest
from django.forms import inlineformset_factory
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from editorial.models import Revision, Status
from speeches.admin import SpeechSectionFormSet
from speeches.models import Speech, SpeechSection
from tests.editorial.admin_forms import change_form_data
from tests.editorial.roles import users  # noqa: F401
from tests.factories import make_article, make_speech

pytestmark = pytest.mark.django_db

CLEAN = "<p>铁人精神代代相传。</p>"
WITH_PLACEHOLDERS = "<p>XX同志在××厂工作了○○年。</p>"


def test_the_shell_save_of_a_published_piece_with_placeholders_is_refused(users):  # noqa: F811
    article = make_article(body=CLEAN)
    version = article.version
    article.body = WITH_PLACEHOLDERS
    with pytest.raises(workflow.WorkflowError, match="占位符"):
        workflow.save_piece(article, users["zongbian"])
    stored = Article.objects.get(pk=article.pk)
    assert (stored.body, stored.version, stored.status) == (CLEAN, version, Status.PUBLISHED)
    # The same change on a draft is an ordinary save: the checks wait for final review.
    draft = make_article(body=CLEAN, status=Status.DRAFT, publish_at=None)
    draft.body = WITH_PLACEHOLDERS
    workflow.save_piece(draft, users["zongbian"])
    assert Article.objects.get(pk=draft.pk).body == WITH_PLACEHOLDERS


def test_the_admin_form_keeps_the_input_and_says_why(client, users):  # noqa: F811
    article = make_article(body=CLEAN, created_by=users["zuozhe"])
    client.force_login(users["zongbian"])
    data = change_form_data(client, article, body=WITH_PLACEHOLDERS)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200  # the form again, not a redirect
    html = response.content.decode()
    assert "有 3 处占位符" in html
    assert "XX同志在××厂工作了○○年" in html  # the editor's input is still there
    assert Article.objects.get(pk=article.pk).body == CLEAN
    # Fixing it saves.
    data = change_form_data(client, article, body="<p>王进喜同志在大庆油田工作了十年。</p>")
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert "十年" in Article.objects.get(pk=article.pk).body


def _sections_formset(speech, rows):
    formset_class = inlineformset_factory(
        Speech, SpeechSection, formset=SpeechSectionFormSet, fields=("order", "number", "heading", "body")
    )
    data = {"sections-TOTAL_FORMS": str(len(rows)), "sections-INITIAL_FORMS": "0"}
    for index, (heading, body) in enumerate(rows):
        data.update({f"sections-{index}-order": str(index), f"sections-{index}-number": "一、"})
        data.update({f"sections-{index}-heading": heading, f"sections-{index}-body": body})
    return formset_class(data, instance=speech, prefix="sections")


def test_speech_sections_of_a_published_speech_may_not_bring_placeholders(users):  # noqa: F811
    speech = make_speech(body=CLEAN)
    formset = _sections_formset(speech, [("坚持改革创新", CLEAN), ("弘扬劳模精神", WITH_PLACEHOLDERS)])
    assert not formset.is_valid()
    errors = " ".join(formset.non_form_errors())
    assert "有 3 处占位符" in errors and "第 一 节第" in errors  # names the section, as content_problems does
    draft = make_speech(body=CLEAN, status=Status.DRAFT, publish_at=None)
    assert _sections_formset(draft, [("弘扬劳模精神", WITH_PLACEHOLDERS)]).is_valid()
    assert _sections_formset(speech, [("弘扬劳模精神", CLEAN)]).is_valid()


def test_restoring_a_revision_with_placeholders_onto_a_live_piece_is_refused(users):  # noqa: F811
    article = make_article(body=WITH_PLACEHOLDERS, status=Status.DRAFT, publish_at=None)
    workflow.save_piece(article, users["zongbian"])  # revision 1 holds the placeholders
    old = Revision.for_piece(article).order_by("version").first()
    article.body = CLEAN
    workflow.save_piece(article, users["zongbian"])
    Article.objects.filter(pk=article.pk).update(status=Status.PUBLISHED)
    article.refresh_from_db()
    with pytest.raises(workflow.WorkflowError, match="占位符"):
        workflow.restore_revision(article, old, users["zongbian"])
    assert Article.objects.get(pk=article.pk).body == CLEAN


def test_a_reimport_over_a_published_piece_keeps_the_live_version(tmp_path):
    import io

    from django.core.management import call_command

    doc = "---\ntitle: 劳模风采\nurl: https://news.example.cn/a/7\n---\n<p>第一版正文。</p>"
    path = tmp_path / "a.md"
    path.write_text(doc, encoding="utf-8")
    call_command("import_documents", str(path), status="published", stdout=io.StringIO())
    article = Article.objects.get()
    assert article.status == Status.PUBLISHED
    path.write_text(doc.replace("第一版正文。", "XX同志在××厂工作了○○年。"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_documents", str(path), stdout=out, stderr=err)
    except Exception:  # noqa: BLE001,S110 - the command exits non-zero when a document fails
        pass
    report = out.getvalue() + err.getvalue()
    assert "a.md" in report and "占位符" in report and "未保存" in report
    stored = Article.objects.get()
    assert (stored.body, stored.status, stored.version) == (
        "<p>第一版正文。</p>",
        Status.PUBLISHED,
        article.version,
    )


def test_a_refusal_the_forms_cannot_foresee_is_a_message_not_a_server_error(client, users, monkeypatch):  # noqa: F811
    article = make_article(body=CLEAN, created_by=users["zuozhe"])
    client.force_login(users["zongbian"])
    data = change_form_data(client, article, title="铁人精神永放光芒")

    def refuse(piece):
        raise workflow.WorkflowError("未保存：正文为空。")

    # As if a check only the save can make failed (the form saw nothing wrong).
    monkeypatch.setattr(workflow.actions, "require_clean_while_visible", refuse)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data, follow=True)
    assert response.status_code == 200
    assert "未保存：正文为空。" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title != "铁人精神永放光芒"
