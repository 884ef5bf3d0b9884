"""Library images on public pages: renditions with srcset/sizes, width/height, lazy loading,
and the same image in sharing metadata and cards."""

import json
import re

import pytest
from django.urls import reverse

from tests.factories import make_article, make_person, make_speech
from tests.images.helpers import image_bytes, make_image, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def _img(html, src):
    match = re.search(rf'<img[^>]*src="{re.escape(src)}"[^>]*>', html)
    assert match, f"no <img> of {src}"
    return match.group(0)


def test_head_image_is_the_detail_rendition_with_srcset_size_and_credit(client):
    image = make_image(caption="比赛现场", photographer="张三", source="工人日报", alt="选手在焊接")
    article = make_article(head_image=image)
    page = client.get(article.get_absolute_url()).content.decode()
    tag = _img(page, image.detail.url)
    assert f'srcset="{image.card.url} 480w, {image.detail.url} 1200w"' in tag
    assert 'sizes="(max-width: 760px) 100vw, 720px"' in tag
    assert 'width="1200" height="675"' in tag and 'loading="lazy"' in tag and 'alt="选手在焊接"' in tag
    assert "<figcaption>比赛现场　摄影：张三　来源：工人日报</figcaption>" in page


def test_body_figures_from_the_library_get_renditions_and_others_lazy_loading(client):
    image = make_image()
    body = (
        f'<figure><img src="{image.detail.url}" alt="图" width="1200" height="675">'
        "<figcaption>说明</figcaption></figure>"
        '<p><img src="https://img.example.cn/remote.jpg" alt="远程"></p>'
    )
    speech = make_speech(body=body, sections=[("一、", "一", body)])
    page = client.get(speech.get_absolute_url()).content.decode()
    library = re.findall(rf'<img[^>]*src="{re.escape(image.detail.url)}"[^>]*>', page)
    assert len(library) == 2  # body and section
    for tag in library:
        assert f"{image.card.url} 480w" in tag and 'loading="lazy"' in tag and 'width="1200"' in tag
    remote = _img(page, "https://img.example.cn/remote.jpg")
    assert 'loading="lazy"' in remote and "srcset" not in remote


def test_a_small_library_image_has_no_pointless_srcset(client):
    image = make_image(file=upload(data=image_bytes(size=(400, 300))))
    article = make_article(head_image=image)
    tag = _img(client.get(article.get_absolute_url()).content.decode(), image.detail.url)
    assert "srcset" not in tag and 'width="400" height="300"' in tag


def test_sharing_metadata_and_cards_use_the_library_image(client):
    image = make_image(alt="选手在焊接")
    article = make_article(title="焊工的一天", head_image=image)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<meta property="og:image" content="https://news.example.cn{image.detail.url}">' in page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert ld["image"] == [f"https://news.example.cn{image.detail.url}"]
    listing = client.get(reverse("articles:list")).content.decode()
    assert f'src="{image.card.url}" alt="选手在焊接"' in listing


def test_imported_remote_head_images_still_show(client):
    article = make_article(head_image_url="https://img.example.cn/a.jpg", head_image_alt="远程题图")
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'src="https://img.example.cn/a.jpg" alt="远程题图"' in page
    assert '<meta property="og:image" content="https://img.example.cn/a.jpg">' in page


def test_person_photo_is_a_library_rendition(client):
    image = make_image(file=upload(data=image_bytes(size=(600, 800))))
    person = make_person(name="孟泰", photo=image)
    tag = _img(client.get(person.get_absolute_url()).content.decode(), image.detail.url)
    assert 'class="person__photo"' in tag and 'alt="孟泰的照片"' in tag and 'width="600" height="800"' in tag
