import pytest
from django.urls import reverse

from editorial import workflow
from editorial.models import Revision
from tests.editorial.roles import draft_article, users  # noqa: F401

pytestmark = pytest.mark.django_db

SECRET = "尚未发布的独家内容"


@pytest.fixture
def piece(users):  # noqa: F811
    return draft_article(users["zebian"], title="预览测试稿", body=f"<p>{SECRET}</p>")


def _url(piece):
    return reverse("admin:articles_article_preview", args=[piece.pk])


def test_editor_previews_with_public_template_marked_and_not_cached(client, users, piece):  # noqa: F811
    client.force_login(users["zebian"])
    response = client.get(_url(piece))
    html = response.content.decode()
    assert response.status_code == 200
    assert SECRET in html and 'id="gj-preview-banner"' in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_preview_of_an_old_revision(client, users, piece):  # noqa: F811
    piece.body = "<p>改过的正文</p>"
    workflow.save_piece(piece, users["zebian"], expected_version=piece.version)
    old = Revision.for_piece(piece).order_by("created_at", "pk").first()
    client.force_login(users["zebian"])
    response = client.get(reverse("admin:articles_article_revision_preview", args=[piece.pk, old.pk]))
    html = response.content.decode()
    assert SECRET in html and "改过的正文" not in html
    assert "no-store" in response["Cache-Control"]


def test_anonymous_gets_the_login_page_not_the_content(client, piece):
    response = client.get(_url(piece))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("who", ["zuozhe", "nobody"])
def test_user_without_permission_on_the_piece_gets_no_content(client, users, django_user_model, piece, who):  # noqa: F811
    user = users.get(who) or django_user_model.objects.create_user(
        "nobody", "n@example.cn", "x", is_staff=True
    )
    client.force_login(user)
    response = client.get(_url(piece))
    assert response.status_code in (403, 404) or (
        response.status_code == 302 and "login" in response["Location"]
    )
    assert SECRET not in response.content.decode()
