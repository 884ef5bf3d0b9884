"""An editor creates an article in the admin, in real Chromium: Chinese title, head image, tag."""

import io

import pytest
from PIL import Image

from articles.models import Article
from tests.factories import make_column

pytestmark = pytest.mark.django_db(transaction=True)


def _jpeg(path):
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), (180, 40, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue() + b"<script>alert(1)</script>")
    return path


def test_editor_creates_an_article_with_a_head_image_and_a_tag(page, django_user_model, tmp_path, screenshot):
    django_user_model.objects.create_superuser("chief", "chief@example.cn", "pass-123456")
    make_column(name="工运前沿", parent=make_column(name="中工理论"))

    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pass-123456")
    page.click("input[type=submit]")
    page.goto(page.base_url + "/admin/articles/article/add/")
    page.fill("#id_title", "重庆劳模讲述工匠故事")
    page.click(".prose-editor .ProseMirror[contenteditable]")
    page.keyboard.type("他在车间里坚守三十年。")
    # The head image: chosen from the library, here uploaded into it through the chooser.
    page.click(".field-head_image [data-image-choose]")
    page.click("[data-tab=upload]")
    page.set_input_files("#image-chooser-file", str(_jpeg(tmp_path / "我的题图.jpg")))
    page.fill("#image-chooser-title", "车间")
    page.fill("#image-chooser-alt", "车间里的劳模")
    page.click(".image-chooser__form button[type=submit]")
    page.wait_for_selector("dialog.image-chooser", state="detached")
    assert "-card." in page.locator(".field-head_image img[data-image-preview]").get_attribute("src")
    page.fill("#id_tags", "劳模精神, 重庆")
    page.select_option("#id_column", label="中工理论 › 工运前沿")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")
    screenshot(page, "admin-article-change-list")

    row = page.locator("#result_list tbody tr", has_text="重庆劳模讲述工匠故事")
    assert row.count() == 1
    assert "中工理论 › 工运前沿" in row.inner_text()
    thumbnail = row.locator("img[alt='车间里的劳模']")
    assert "-card." in thumbnail.get_attribute("src")
    assert page.locator(".errorlist").count() == 0

    article = Article.objects.get()
    assert article.slug == "chongqing-laomo-jiangshu-gongjiang"
    assert set(article.tags.names()) == {"劳模精神", "重庆"}
    assert article.body == "<p>他在车间里坚守三十年。</p>"
    assert "题图" not in article.head_image.file.name
    assert article.head_image.alt == "车间里的劳模"
    with article.head_image.file.open("rb") as stored:
        assert b"<script>" not in stored.read()
