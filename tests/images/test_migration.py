"""Head images and person photos uploaded before the library move into it, files and all."""

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from editorial.images import process_upload
from images.models import Image
from people.models import Person
from speeches.models import Speech
from tests.images.helpers import image_bytes, upload

BEFORE = [
    ("articles", "0007_title_derived"),
    ("speeches", "0005_title_derived"),
    ("people", "0002_pinyin_order_and_former_slugs"),
    ("images", "0002_roles"),
]


def _stored_upload(name, size):
    """Files as the old per-piece field left them: re-encoded, with renditions."""
    files = process_upload(upload(name, image_bytes(size=size)))
    return {
        label: default_storage.save(f"images/2025/05/{content.name}", content)
        for label, content in files.items()
    }


@pytest.mark.django_db(transaction=True)
def test_existing_head_images_and_photos_become_library_images():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    head = _stored_upload("head.jpg", (1600, 900))
    photo = _stored_upload("photo.jpg", (600, 800))
    old_article = old.get_model("articles", "Article").objects.create(
        title="旧文章",
        slug="jiu-wenzhang",
        body="<p>正文</p>",
        head_image=head["original"],
        head_image_card=head["card"],
        head_image_detail=head["detail"],
        head_image_alt="车间里的劳模",
    )
    old.get_model("articles", "Article").objects.create(
        title="远程题图", slug="yuancheng", head_image_url="https://img.example.cn/a.jpg"
    )
    old.get_model("speeches", "Speech").objects.create(title="无图讲话", slug="wutu")
    old_person = old.get_model("people", "Person").objects.create(
        name="孟泰",
        slug="mengtai",
        photo=photo["original"],
        photo_card=photo["card"],
        photo_detail=photo["detail"],
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    article = Article.objects.get(pk=old_article.pk)
    image = article.head_image
    assert (image.file.name, image.card.name, image.detail.name) == (
        head["original"],
        head["card"],
        head["detail"],
    )
    assert (image.width, image.height) == (1600, 900)
    assert image.title == "旧文章" and image.alt == "车间里的劳模"
    assert article.head_image_src == image.detail.url and article.card_image_src == image.card.url
    remote = Article.objects.get(slug="yuancheng")
    assert remote.head_image is None and remote.head_image_src == "https://img.example.cn/a.jpg"
    assert Speech.objects.get(slug="wutu").head_image is None
    person = Person.objects.get(pk=old_person.pk)
    assert person.photo.detail.name == photo["detail"] and person.photo.alt == "孟泰"
    assert Image.objects.count() == 2
