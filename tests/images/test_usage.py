"""Where a library image is used, and the rule: an image a live piece shows is never deleted."""

import pytest
from django.db import transaction
from django.urls import reverse

from editorial.models import Status
from editorial.registry import content_types
from images.models import Image
from images.usage import ImageInUse, pieces_using
from speeches.models import SpeechSection
from tests.factories import make_article, make_person, make_speech
from tests.images.helpers import make_image

pytestmark = pytest.mark.django_db


def figure(image):
    width, height = image.rendition_size("detail")
    return (
        f'<figure><img src="{image.detail.url}" alt="{image.alt}" width="{width}" height="{height}"></figure>'
    )


def test_pieces_using_finds_bodies_sections_and_head_images_and_knows_which_are_live():
    image = make_image()
    in_body = make_article(title="正文用图", body=f"<p>文</p>{figure(image)}")
    as_head = make_article(title="题图用图", head_image=image, status=Status.DRAFT, publish_at=None)
    speech = make_speech(title="讲话用图")
    SpeechSection.objects.create(speech=speech, order=0, heading="一", body=figure(image))
    make_article(title="无关", body="<p>没有图</p>")
    found = {piece.title: live for piece, live in pieces_using(image)}
    assert found == {"正文用图": True, "题图用图": False, "讲话用图": True}
    assert in_body.pk and as_head.pk


def test_change_page_lists_where_the_image_is_used(staff_client):
    image = make_image()
    article = make_article(title="正文用图", body=figure(image))
    make_person(name="孟泰", photo=image)
    page = staff_client.get(reverse("admin:images_image_change", args=[image.pk])).content.decode()
    assert reverse("admin:articles_article_change", args=[article.pk]) in page
    assert "正文用图" in page and "已公开" in page and "孟泰" in page
    unused = make_image(title="闲置")
    assert (
        "尚未使用"
        in staff_client.get(reverse("admin:images_image_change", args=[unused.pk])).content.decode()
    )


def test_deleting_an_image_a_live_piece_shows_is_refused_with_the_pieces_named(staff_client):
    image = make_image(title="焊花")
    make_article(title="焊工的一天", body=figure(image))
    page = staff_client.get(reverse("admin:images_image_delete", args=[image.pk])).content.decode()
    assert "焊工的一天" in page
    response = staff_client.post(reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"})
    assert response.status_code == 200  # the refusal page, not a redirect
    assert "焊工的一天" in response.content.decode()
    assert Image.objects.filter(pk=image.pk).exists()


def test_bulk_delete_is_refused_for_the_images_live_pieces_show(staff_client):
    shown = make_image(title="在用")
    make_article(title="在用的稿件", head_image=shown)
    spare = make_image(title="闲置")
    response = staff_client.post(
        reverse("admin:images_image_changelist"),
        {"action": "delete_selected", "_selected_action": [shown.pk, spare.pk], "post": "yes"},
    )
    assert "在用的稿件" in response.content.decode()
    assert Image.objects.count() == 2


def test_model_delete_is_refused_too_with_a_clear_error():
    image = make_image(title="焊花")
    make_article(title="焊工的一天", body=figure(image))
    with pytest.raises(ImageInUse, match="焊工的一天"):
        image.delete()
    assert Image.objects.filter(pk=image.pk).exists()


def test_an_image_only_drafts_use_can_be_deleted_and_its_files_go(
    staff_client, django_capture_on_commit_callbacks
):
    image = make_image()
    draft = make_article(title="草稿", status=Status.DRAFT, publish_at=None, head_image=image)
    storage, names = image.file.storage, [image.file.name, image.card.name, image.detail.name]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.exists()
    draft.refresh_from_db()
    assert draft.head_image is None
    assert not any(storage.exists(name) for name in names)


def test_the_image_list_runs_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries):
    url = reverse("admin:images_image_changelist")
    for count in (5, 50):
        while Image.objects.count() < count:
            make_image(uploaded_by=staff_client.user).tags.add("劳模")
        # Where each image is used: a query per content type (16 with three types).
        with transaction.atomic(), django_assert_max_num_queries(13 + len(content_types())) as captured:
            page = staff_client.get(url).content.decode()
        assert page.count("-card.jpg") >= count
        if count == 5:
            small = len(captured)
        else:
            assert len(captured) == small
