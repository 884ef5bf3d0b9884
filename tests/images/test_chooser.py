"""The chooser's views: search the library, upload into it through the Pillow pipeline."""

import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from PIL import Image as PILImage

from images.models import Image
from tests.editorial.test_images import jpeg_with_exif
from tests.images.helpers import image_bytes, make_image, upload

pytestmark = pytest.mark.django_db

SEARCH = "admin:images_image_chooser"
UPLOAD = "admin:images_image_chooser_upload"


@pytest.fixture
def author_client(client, django_user_model):
    user = django_user_model.objects.create_user("writer", password="pass-123456", is_staff=True)
    user.groups.add(Group.objects.get(name="作者"))
    client.force_login(user)
    client.user = user
    return client


def test_search_finds_by_title_credit_and_tag_and_gives_what_the_editor_inserts(author_client):
    welder = make_image(title="焊花飞溅", photographer="王五", caption="焊工在作业")
    welder.tags.add("大国工匠")
    make_image(title="会场全景", source="新华社")
    for query in ("焊花", "王五", "大国工匠"):
        results = author_client.get(reverse(SEARCH), {"q": query}).json()["results"]
        assert [item["title"] for item in results] == ["焊花飞溅"]
    item = author_client.get(reverse(SEARCH), {"q": "焊花"}).json()["results"][0]
    assert item["src"] == welder.detail.url and item["thumb"] == welder.card.url
    assert (item["width"], item["height"]) == (1200, 675)
    assert item["alt"] == welder.alt and item["credit"] == "摄影：王五" and item["caption"] == "焊工在作业"


def test_search_pages_stay_at_a_fixed_number_of_queries(author_client, django_assert_max_num_queries):
    for n in range(30):
        make_image(title=f"图{n}")
    with django_assert_max_num_queries(8):
        first = author_client.get(reverse(SEARCH)).json()
    assert len(first["results"]) == 24 and first["has_next"]
    second = author_client.get(reverse(SEARCH), {"page": 2}).json()
    assert len(second["results"]) == 6 and not second["has_next"]


def test_an_author_uploads_through_the_chooser_and_the_file_is_stored_clean(author_client):
    data = jpeg_with_exif(orientation=6) + b"<script>alert(1)</script>"
    response = author_client.post(
        reverse(UPLOAD),
        {
            "file": upload("我的照片.jpg", data),
            "title": "车间",
            "alt": "车间里的工人",
            "photographer": "张三",
        },
    )
    assert response.status_code == 201
    image = Image.objects.get()
    assert response.json()["src"] == image.detail.url and response.json()["credit"] == "摄影：张三"
    assert image.uploaded_by == author_client.user
    with image.file.open("rb") as stored:
        raw = stored.read()
    assert b"<script>" not in raw and b"SecretCamera" not in raw
    assert PILImage.open(io.BytesIO(raw)).size == (40, 60)  # EXIF orientation applied
    assert "照片" not in image.file.name


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"file": upload("fake.jpg", b"GIF89a not really")}, "file", "有效的图片"),
        ({"file": upload("mismatch.jpg", image_bytes("PNG"))}, "file", "与扩展名"),
        ({"file": upload("page.html", b"<html></html>")}, "file", "有效的图片"),
        (
            {"file": upload("huge.png", image_bytes("PNG", size=(8000, 6000)), "image/png")},
            "file",
            "百万像素",
        ),
        ({"file": upload(), "alt": ""}, "alt", "必填"),
        ({}, "file", "必填"),
    ],
)
def test_a_refused_upload_says_why_per_field_and_stores_nothing(author_client, fields, field, message):
    data = {"title": "坏图", "alt": "坏图", **fields}
    response = author_client.post(reverse(UPLOAD), data)
    assert response.status_code == 400
    assert any(message in text for text in response.json()["errors"][field])
    assert not Image.objects.exists()


def test_the_chooser_is_for_staff_with_rights_only(client, django_user_model):
    make_image()
    assert client.get(reverse(SEARCH)).status_code == 302  # to the login page
    reader = django_user_model.objects.create_user("reader", password="pass-123456", is_staff=True)
    client.force_login(reader)
    assert client.get(reverse(SEARCH)).status_code == 403
    assert client.post(reverse(UPLOAD), {"file": upload(), "title": "x", "alt": "x"}).status_code == 403
    assert Image.objects.count() == 1
