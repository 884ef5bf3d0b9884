"""The image library: uploads go through the Pillow pipeline and are described once."""

import pytest
from django.urls import reverse
from PIL import Image as PILImage

from images.models import Image
from tests.images.helpers import image_bytes, make_image, upload

pytestmark = pytest.mark.django_db


def test_an_upload_is_re_encoded_with_renditions_and_its_size():
    image = make_image(file=upload("我的 照片.jpg", image_bytes(size=(2400, 1350))))
    assert "照片" not in image.file.name
    assert image.card.name.endswith("-card.jpg") and image.detail.name.endswith("-detail.jpg")
    assert (image.width, image.height) == (2400, 1350)
    assert image.rendition_size("detail") == (1200, 675)
    assert image.rendition_size("card") == (480, 270)
    with image.detail.open("rb") as stored:
        assert PILImage.open(stored).size == (1200, 675)


def test_a_small_image_keeps_its_size_in_every_rendition():
    image = make_image(file=upload("small.png", image_bytes("PNG", size=(300, 200)), "image/png"))
    assert image.rendition_size("detail") == (300, 200)
    assert image.rendition_size("card") == (300, 200)


def test_credit_names_photographer_and_source():
    image = make_image(photographer="张三", source="工人日报")
    assert image.credit == "摄影：张三　来源：工人日报"
    assert make_image().credit == ""


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", b"not an image", "有效的图片"),
        ("photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "有效的图片"),
        ("photo.png", image_bytes("JPEG"), "与扩展名"),
    ],
)
def test_a_bad_file_is_an_admin_form_error_and_nothing_is_stored(staff_client, name, data, message):
    response = staff_client.post(
        reverse("admin:images_image_add"),
        {"file": upload(name, data), "title": "坏文件", "alt": "坏文件", "tags": ""},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Image.objects.exists()


def test_alt_text_is_required(staff_client):
    response = staff_client.post(
        reverse("admin:images_image_add"), {"file": upload(), "title": "没有替代文字", "alt": "", "tags": ""}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["alt"]
    assert not Image.objects.exists()


def test_admin_upload_records_the_uploader(staff_client):
    response = staff_client.post(
        reverse("admin:images_image_add"),
        {"file": upload(), "title": "车间", "alt": "车间里的工人", "photographer": "李四", "tags": "劳模"},
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == staff_client.user
    assert [tag.name for tag in image.tags.all()] == ["劳模"]


def test_change_list_shows_thumbnails_and_finds_by_credit(staff_client):
    wanted = make_image(title="焊花飞溅", photographer="王五")
    make_image(title="会场全景", source="新华社")
    page = staff_client.get(reverse("admin:images_image_changelist"), {"q": "王五"}).content.decode()
    assert wanted.card.url in page
    assert "焊花飞溅" in page and "会场全景" not in page
