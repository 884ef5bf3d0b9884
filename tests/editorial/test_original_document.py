"""Editors download the original document of an imported piece, verbatim, from its admin page."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
pytestmark = pytest.mark.django_db


def import_documents(path):
    call_command("import_documents", str(path), stdout=io.StringIO(), stderr=io.StringIO(), verbosity=0)
    return Article.objects.get()


@pytest.fixture
def article():
    return import_documents(SEEDS / "003_cb0b64c34cfde53f.txt")


def url(piece):
    return reverse("admin:articles_article_original", args=[piece.pk])


def test_editor_downloads_the_original_bytes_from_the_change_page(client, django_user_model, article):
    editor = django_user_model.objects.create_user("zebian", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="责任编辑"))
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'href="{url(article)}"' in page and "原始文件" in page
    response = client.get(url(article))
    assert response.status_code == 200
    assert response.content == (SEEDS / "003_cb0b64c34cfde53f.txt").read_bytes()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="003_cb0b64c34cfde53f.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_gbk_original_is_served_with_its_charset(staff_client, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("国标编码的稿件\n正文第一段。".encode("gbk"))
    response = staff_client.get(url(import_documents(path)))
    assert response["Content-Type"] == "text/plain; charset=gb18030"
    assert response.content == "国标编码的稿件\n正文第一段。".encode("gbk")


@pytest.mark.parametrize("who", ["anonymous", "staff_without_permission", "staff_who_may_only_view"])
def test_others_cannot_download(client, django_user_model, article, who):
    if who != "anonymous":
        user = django_user_model.objects.create_user("u", password="x", is_staff=True)
        if who == "staff_who_may_only_view":
            user.user_permissions.add(Permission.objects.get(codename="view_article"))
        client.force_login(user)
    response = client.get(url(article))
    assert response.status_code in (302, 403, 404)
    assert b"\xe5\xa4\xa7\xe5\x8a\x9b" not in response.content  # no bytes of the document


def test_a_piece_that_was_not_imported_has_no_original_and_no_link(staff_client):
    piece = make_article()
    page = staff_client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    assert url(piece) not in page
    assert staff_client.get(url(piece)).status_code == 404
    assert staff_client.get(reverse("admin:articles_article_original", args=[99999])).status_code == 404
