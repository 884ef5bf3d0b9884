"""Editors download the original document, verbatim; nobody else can."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(run_import, seeds):
    run_import(seeds / "003_cb0b64c34cfde53f.txt", verbosity=0)
    return Article.objects.get()


def url(piece):
    return reverse("ingest:original_document", args=["articles", "article", piece.pk])


def test_editor_with_change_permission_downloads_the_original_bytes(
    client, django_user_model, article, seeds
):
    editor = django_user_model.objects.create_user("zebian", password="x", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(editor)
    response = client.get(url(article))
    assert response.status_code == 200
    assert response.content == (seeds / "003_cb0b64c34cfde53f.txt").read_bytes()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="003_cb0b64c34cfde53f.txt"'


def test_gbk_original_is_served_with_its_charset(client, staff_client, run_import, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("国标编码的稿件\n正文第一段。".encode("gbk"))
    run_import(path, verbosity=0)
    response = staff_client.get(url(Article.objects.get()))
    assert response["Content-Type"] == "text/plain; charset=gb18030"
    assert response.content == "国标编码的稿件\n正文第一段。".encode("gbk")


@pytest.mark.parametrize("who", ["anonymous", "staff_without_permission", "not_staff"])
def test_others_cannot_download(client, django_user_model, article, who):
    if who != "anonymous":
        user = django_user_model.objects.create_user("u", password="x", is_staff=(who != "not_staff"))
        if who == "not_staff":
            user.user_permissions.add(Permission.objects.get(codename="change_article"))
        client.force_login(user)
    response = client.get(url(article))
    assert response.status_code in (302, 403)
    assert b"\xe5\xa4\xa7\xe5\x8a\x9b" not in response.content  # no bytes of the document


def test_unknown_models_and_non_content_models_are_404(staff_client, article):
    for args in (["articles", "nothing", 1], ["auth", "user", 1], ["articles", "article", 99999]):
        response = staff_client.get(reverse("ingest:original_document", args=args))
        assert response.status_code == 404
