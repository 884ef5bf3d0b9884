"""Preview at phone and desktop widths side by side; a published piece's preview says so; the
审稿单 numbers versions of the text (第 N 稿), not workflow steps."""

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial import workflow
from editorial.models import Status
from tests.editorial.roles import draft_article, users  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_compare_page_frames_the_public_preview_at_both_widths(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="并排预览稿")
    client.force_login(users["zuozhe"])
    change = client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    compare_url = reverse("admin:articles_article_preview_compare", args=[piece.pk])
    assert f'href="{compare_url}"' in change
    html = client.get(compare_url).content.decode()
    preview_url = reverse("admin:articles_article_preview", args=[piece.pk])
    assert html.count(f'<iframe src="{preview_url}"') == 2
    assert 'width="375"' in html and 'width="1280"' in html
    assert 'data-mode="phone"' in html and 'data-mode="desktop"' in html
    assert "js/admin_preview.js" in html and "<script>" not in html  # static JS only
    assert "读者看不到这个预览" in html
    # The frames may show the preview (this site only); other admin pages stay unframeable.
    preview = client.get(preview_url)
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get(compare_url)["X-Frame-Options"] == "DENY"


def test_others_cannot_open_an_authors_compare_page(client, users, django_user_model):  # noqa: F811
    from tests.editorial.roles import make_user

    piece = draft_article(users["zuozhe"])
    other = make_user(django_user_model, "zuozhe2", "作者")
    client.force_login(other)
    response = client.get(reverse("admin:articles_article_preview_compare", args=[piece.pk]))
    assert response.status_code in (403, 404)


def test_the_preview_of_a_published_piece_says_it_is_the_published_version(client, users):  # noqa: F811
    published = draft_article(users["zuozhe"], status=Status.PUBLISHED, publish_at=timezone.now())
    draft = draft_article(users["zuozhe"])
    client.force_login(users["zongbian"])
    html = client.get(reverse("admin:articles_article_preview", args=[published.pk])).content.decode()
    assert "这是已发布的版本：读者现在看到的就是此页" in html and "读者看不到此页" not in html
    html = client.get(reverse("admin:articles_article_preview", args=[draft.pk])).content.decode()
    assert "预览，读者看不到此页" in html and "已发布的版本" not in html


def test_the_review_slip_counts_versions_of_the_text_not_workflow_steps(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="审稿单稿")
    workflow.save_piece(piece, users["zuozhe"], expected_version=piece.version)  # no change: not a version
    workflow.transition(piece, "submit", users["zuozhe"])
    workflow.transition(piece, "approve", users["zebian"])
    client.force_login(users["zhuren"])
    slip = reverse("admin:articles_article_slip", args=[piece.pk])
    details = client.get(slip).content.decode().split('id="slip-piece"')[1].split("</table>")[0]
    assert piece.version >= 3  # the lock counter moved with each step
    assert "第 1 稿" in details
    piece.body = "<p>复审改过的正文。</p>"
    workflow.save_piece(piece, users["zhuren"], expected_version=piece.version)
    workflow.transition(piece, "approve", users["zhuren"])
    details = client.get(slip).content.decode().split('id="slip-piece"')[1].split("</table>")[0]
    assert "第 2 稿" in details
