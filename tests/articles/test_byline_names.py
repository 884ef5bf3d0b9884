"""Article.byline_names, the card's copy of the authors' names, follows the bylines on every path."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from articles.models import Article, ArticleAuthor
from editorial import workflow
from editorial.models import Revision
from portal.templatetags.cards import piece_card
from tests.editorial.admin_forms import change_form_data
from tests.editorial.roles import users  # noqa: F401
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


def stored(article):
    return Article.objects.get(pk=article.pk).byline_names


def test_bylines_saved_deleted_reordered_and_people_renamed():
    article = make_article()
    wang, li = make_person(name="王晓峰"), make_person(name="李明")
    first = ArticleAuthor.objects.create(article=article, person=wang, order=1)
    ArticleAuthor.objects.create(article=article, person=li, order=0)
    assert stored(article) == "李明\n王晓峰"
    card = piece_card(Article.objects.for_cards().get(pk=article.pk))
    assert '<span class="card__authors">李明、王晓峰</span>' in card
    first.order = 0
    first.save()
    li_byline = ArticleAuthor.objects.get(person=li)
    li_byline.order = 1
    li_byline.save()
    assert stored(article) == "王晓峰\n李明"
    wang.name = "王小峰"
    wang.save()
    assert stored(article) == "王小峰\n李明"
    li_byline.delete()
    assert stored(article) == "王小峰"


def test_a_stale_instance_never_writes_old_names_back():
    article = make_article()
    stale = Article.objects.get(pk=article.pk)
    ArticleAuthor.objects.create(article=article, person=make_person(name="王晓峰"))
    stale.title = "改过的标题"
    stale.save()
    assert stored(article) == "王晓峰"


def test_the_admin_byline_inline(client, users):  # noqa: F811
    article = make_article(created_by=users["zuozhe"])
    person = make_person(name="赵占魁")
    client.force_login(users["zongbian"])
    data = change_form_data(client, article)
    data.update({"bylines-TOTAL_FORMS": "1", "bylines-0-person": str(person.pk), "bylines-0-order": "0"})
    data["bylines-0-position"] = "特约撰稿人"
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(article.bylines.values_list("person__name", flat=True)) == ["赵占魁"]
    assert stored(article) == "赵占魁"
    home = client.get(reverse("articles:list")).content.decode()
    assert '<span class="card__authors">赵占魁</span>' in home


def test_restoring_a_revision_brings_back_its_names(users):  # noqa: F811
    article = make_article()
    ArticleAuthor.objects.create(article=article, person=make_person(name="王晓峰"))
    workflow.save_piece(article, users["zongbian"])
    old = Revision.for_piece(article).order_by("-version").first()
    article.bylines.all().delete()
    ArticleAuthor.objects.create(article=article, person=make_person(name="李明"))
    assert stored(article) == "李明"
    article.refresh_from_db()
    workflow.restore_revision(article, old, users["zongbian"])
    assert stored(article) == "王晓峰"


def test_the_importer_writes_them(tmp_path):
    import io

    from django.core.management import call_command

    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 劳模风采\nauthor: 王晓峰\n---\n<p>正文。</p>", encoding="utf-8")
    call_command("import_documents", str(path), stdout=io.StringIO())
    article = Article.objects.get()
    assert list(article.bylines.values_list("person__name", flat=True)) == ["王晓峰"]
    assert article.byline_names == "王晓峰"


def test_the_migration_fills_existing_articles():
    article = make_article()
    ArticleAuthor.objects.create(article=article, person=make_person(name="王晓峰"), order=0)
    ArticleAuthor.objects.create(article=article, person=make_person(name="李明"), order=1)
    Article.objects.update(byline_names="")  # as before the column existed
    importlib.import_module("articles.migrations.0006_byline_names").fill(apps, None)
    assert stored(article) == "王晓峰\n李明"


def test_bylines_and_sections_follow_the_pieces_edit_rights(client, users):  # noqa: F811
    from speeches.models import SpeechSection
    from tests.editorial.roles import draft_article, draft_speech

    # 作者 on their own draft: bylines and sections are part of the piece they may edit.
    draft = draft_article(users["zuozhe"])
    person = make_person(name="赵占魁")
    client.force_login(users["zuozhe"])
    data = change_form_data(client, draft)
    data.update({"bylines-TOTAL_FORMS": "1", "bylines-0-person": str(person.pk), "bylines-0-order": "0"})
    response = client.post(reverse("admin:articles_article_change", args=[draft.pk]), data)
    assert response.status_code == 302
    assert stored(draft) == "赵占魁"
    speech = draft_speech(users["zuozhe"])
    page = client.get(reverse("admin:speeches_speech_change", args=[speech.pk])).content.decode()
    assert 'name="sections-TOTAL_FORMS"' in page and "sections-empty" in page  # rows can be added
    # 责任编辑 on a published piece: read-only, inlines included, and a crafted POST is refused.
    published = make_article(created_by=users["zuozhe"])
    client.force_login(users["zebian"])
    page = client.get(reverse("admin:articles_article_change", args=[published.pk])).content.decode()
    assert "bylines-empty" not in page
    data.update({"bylines-INITIAL_FORMS": "0"})
    response = client.post(reverse("admin:articles_article_change", args=[published.pk]), data)
    assert response.status_code == 403
    assert not published.bylines.exists()
    assert not SpeechSection.objects.filter(speech=speech).exists()
