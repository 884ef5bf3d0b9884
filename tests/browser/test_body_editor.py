"""The body editor in real Chromium: the toolbar, the image chooser (upload and paste),
paste from Word/WPS/web pages, and the same figures on the preview and the public page."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial.models import Status
from editorial.sanitize import sanitize
from images.models import Image
from tests.browser.editor import (
    CLIPBOARD,
    EDITABLE,
    body_value,
    log_in,
    paste_html,
    paste_image,
    photo,
    upload_in_chooser,
)
from tests.editorial.roles import ensure_roles

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def author(db):
    ensure_roles()
    user = get_user_model().objects.create_user("zuozhe", "z@example.cn", "pass-123456", is_staff=True)
    user.groups.add(Group.objects.get(name="作者"))
    return user


def _new_article(page, title):
    page.goto(page.base_url + reverse("admin:articles_article_add"))
    page.fill("#id_title", title)
    page.click(EDITABLE)


def _figures(page, scope):
    """[(img src, alt, caption)] of the figures inside ``scope``."""
    return page.eval_on_selector_all(
        f"{scope} figure",
        "figures => figures.map(f => [f.querySelector('img').getAttribute('src'),"
        " f.querySelector('img').alt, (f.querySelector('figcaption') || {}).textContent || ''])",
    )


def test_author_formats_with_the_toolbar_and_adds_two_library_images(page, author, tmp_path, screenshot):
    log_in(page, "zuozhe", "pass-123456")
    _new_article(page, "车间里的新工匠")

    # Heading from the block-type menu, bold, a bullet list, a link: no tag typed.
    page.keyboard.type("技能比武")
    # The menu's arrow is drawn by CSS, not by a glyph the editor's fonts may lack.
    arrow = page.eval_on_selector(
        ".prose-menubar__selected", "el => getComputedStyle(el, '::after').getPropertyValue('content')"
    )
    assert arrow == '""'
    page.click(".prose-menubar__dropdown .prose-menubar__selected")
    page.click("[data-name=heading2]")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("青年焊工")
    page.click("[data-name=bold]")
    page.keyboard.type("李明")
    page.click("[data-name=bold]")
    page.keyboard.type("夺得第一。")
    page.keyboard.press("Enter")
    page.click("[data-name=bulletList]")
    page.keyboard.type("理论考试")
    page.keyboard.press("Enter")
    page.keyboard.type("实际操作")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("中工网")
    page.keyboard.press("Shift+Home")
    page.click("[data-name=link]")
    page.fill("dialog[open] input[name=href]", "https://www.workercn.cn/")
    page.click("dialog[open] button[type=submit]")
    page.wait_for_selector("dialog[open]", state="detached")
    # Back into the text, after the link (a click past the end of its line).
    paragraph = page.locator(f"{EDITABLE} p:has(a)")
    box = paragraph.bounding_box()
    paragraph.click(position={"x": box["width"] - 4, "y": box["height"] / 2})
    page.keyboard.type("报道。")  # typed after a link: not part of it
    page.keyboard.press("Enter")

    # First image: uploaded through the chooser, with caption and credit.
    page.click("[data-name=libraryImage]")
    upload_in_chooser(
        page,
        photo(tmp_path / "比武现场.jpg"),
        title="比武现场",
        alt="选手在焊接",
        caption="比赛现场",
        photographer="张三",
    )
    page.keyboard.type("赛后合影。")
    # Second image: pasted (a screenshot on the clipboard); the chooser opens to describe it.
    paste_image(page, photo(tmp_path / "clip.png", colour=(40, 90, 200), fmt="PNG"))
    page.fill("#image-chooser-title", "合影")
    page.fill("#image-chooser-alt", "获奖选手合影")
    page.fill("#image-chooser-source", "工人日报")
    page.click(".image-chooser__form button[type=submit]")
    page.wait_for_selector("dialog.image-chooser", state="detached")
    screenshot(page, "body-editor-with-two-images")

    editor_figures = _figures(page, ".prose-editor .ProseMirror[contenteditable]")
    page.click("input[name=_continue]")
    page.wait_for_selector("#workflow-panel")
    assert page.locator(".messagelist .warning").count() == 0  # nothing was removed

    article = Article.objects.get(title="车间里的新工匠")
    body = article.body
    assert sanitize(body) == body
    assert "<h2>技能比武</h2>" in body
    assert "<strong>李明</strong>" in body
    assert "<ul><li><p>理论考试</p></li><li><p>实际操作</p></li></ul>" in body
    assert '<p><a href="https://www.workercn.cn/">中工网</a>报道。</p>' in body
    first, second = Image.objects.order_by("pk")
    assert first.uploaded_by == author and first.credit == "摄影：张三"
    assert second.title == "合影" and second.credit == "来源：工人日报"
    assert (
        f'<figure><img src="{first.detail.url}" alt="选手在焊接" width="1200" height="750">'
        "<figcaption>比赛现场　摄影：张三</figcaption></figure>"
    ) in body
    assert (
        f'<img src="{second.detail.url}" alt="获奖选手合影"' in body
        and "<figcaption>来源：工人日报</figcaption>" in body
    )
    assert editor_figures == [
        [first.detail.url, "选手在焊接", "比赛现场　摄影：张三"],
        [second.detail.url, "获奖选手合影", "来源：工人日报"],
    ]

    # The preview shows what the editor showed.
    page.goto(page.base_url + reverse("admin:articles_article_preview", args=[article.pk]))
    assert _figures(page, ".piece__body") == editor_figures
    assert page.locator(".piece__body h2", has_text="技能比武").count() == 1

    # So does the public page, once published, with renditions and no layout shift.
    Article.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(minutes=1),
        first_published_at=timezone.now(),
    )
    page.context.clear_cookies()
    page.goto(page.base_url + article.get_absolute_url())
    assert _figures(page, ".piece__body") == editor_figures
    image = page.locator(".piece__body figure img").first
    assert image.get_attribute("loading") == "lazy"
    assert (image.get_attribute("width"), image.get_attribute("height")) == ("1200", "750")
    assert first.card.url in image.get_attribute("srcset")
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        box = image.bounding_box()
        assert box["width"] <= width  # the figure fits the screen
        assert abs(box["height"] / box["width"] - 750 / 1200) < 0.02  # in proportion
        screenshot(page, f"public-article-with-figures-{width}")


@pytest.mark.parametrize(
    ("fixture", "kept", "dropped"),
    [
        (
            "word.html",
            [
                "<h2>劳模精神代代传</h2>",
                "<h2>一、车间里的故事</h2>",
                "<p>他在车间里坚守了30年，<strong>从不缺勤</strong>。</p>",
                "<ul><li><p>爱岗敬业</p></li><li><p>争创一流</p></li></ul>",
                "<ol><li><p>第一条</p></li><li><p>第二条</p></li></ol>",
                '<a href="http://www.workercn.cn/">中工网</a>',
                "<em>完</em>",
            ],
            ["mso", "span", "style", "class", "font", "file:", "o:p", "·", "<img", "1."],
        ),
        (
            "wps.html",
            [
                "<strong>技能比武创佳绩</strong>",
                "<h3>二、比武现场</h3>",
                "<p>来自全省的200名选手同场竞技，<u>赛出水平</u>。</p>",
                "<ol><li><p>理论考试</p></li><li><p>实际操作</p></li></ol>",
            ],
            ["mso", "span", "style", "class", "font", "仿宋", "（一）", "o:p"],
        ),
        (
            "web.html",
            [
                "<h3>要点速览</h3>",
                "<p>职工技能提升行动<strong>覆盖百万人次</strong>。</p>",
                "<ul><li><p>培训补贴</p></li><li><p>技能等级认定</p></li></ul>",
                '<p><a href="https://www.example.cn/news/1.html">阅读原文</a></p>',
                "div 里的文字",
            ],
            ["style", "class", "target", "onclick", "script", "tracker", "data:", "iframe", "font", "span"],
        ),
    ],
)
def test_paste_keeps_structure_and_drops_styling(page, author, fixture, kept, dropped, screenshot):
    log_in(page, "zuozhe", "pass-123456")
    _new_article(page, f"粘贴 {fixture}")
    paste_html(page, (CLIPBOARD / fixture).read_text(encoding="utf-8"))
    value = body_value(page)
    for snippet in kept:
        assert snippet in value
    for snippet in dropped:
        assert snippet not in value
    assert sanitize(value) == value  # what the editor shows is what is saved
    screenshot(page, f"paste-{fixture}")
    page.click("input[name=_continue]")
    page.wait_for_selector("#workflow-panel")
    assert page.locator(".messagelist .warning").count() == 0
    assert Article.objects.get(title=f"粘贴 {fixture}").body == value


# Each construct the toolbar offers, made through the editor: (name, script on the editor).
CONSTRUCTS = [
    ("h2", "e.chain().focus().setContent('<p>标题</p>').selectAll().toggleHeading({level: 2}).run()"),
    ("h3", "e.chain().focus().setContent('<p>标题</p>').selectAll().toggleHeading({level: 3}).run()"),
    ("h4", "e.chain().focus().setContent('<p>标题</p>').selectAll().toggleHeading({level: 4}).run()"),
    ("strong", "e.chain().focus().setContent('<p>粗体</p>').selectAll().toggleBold().run()"),
    ("em", "e.chain().focus().setContent('<p>斜体</p>').selectAll().toggleItalic().run()"),
    ("u", "e.chain().focus().setContent('<p>下划线</p>').selectAll().toggleUnderline().run()"),
    ("blockquote", "e.chain().focus().setContent('<p>引文</p>').selectAll().toggleBlockquote().run()"),
    ("ul", "e.chain().focus().setContent('<p>一项</p>').selectAll().toggleBulletList().run()"),
    ("ol", "e.chain().focus().setContent('<p>一项</p>').selectAll().toggleOrderedList().run()"),
    (
        "a",
        "e.chain().focus().setContent('<p>链接</p>').selectAll()"
        ".setLink({href: 'https://a.cn/?x=1&y=2', title: '说明'}).run()",
    ),
    ("br", "e.chain().focus().setContent('<p>一行</p>').setHardBreak().insertContent('二行').run()"),
    (
        "table",
        "e.chain().focus().setContent('<p></p>').insertTable({rows: 3, cols: 3, withHeaderRow: true}).run()",
    ),
    (
        "merged cells",
        "e.chain().focus().setContent('<p></p>').insertTable({rows: 2, cols: 3, withHeaderRow: false}).run();"
        "const cells = []; e.state.doc.descendants((node, pos) => {"
        " if (node.type.name === 'tableCell') cells.push(pos); });"
        "e.chain().setCellSelection({anchorCell: cells[0], headCell: cells[1]}).mergeCells().run()",
    ),
]


def test_every_toolbar_construct_is_kept_as_is_by_the_sanitiser(page, author, tmp_path):
    """sanitize(editor output) == editor output, for each thing the toolbar makes (and a figure)."""
    log_in(page, "zuozhe", "pass-123456")
    _new_article(page, "构造")
    outputs = {}
    for name, script in CONSTRUCTS:
        page.evaluate(f"() => {{ const e = document.querySelector('#id_body').bodyEditor; {script}; }}")
        outputs[name] = body_value(page)
    page.evaluate("() => document.querySelector('#id_body').bodyEditor.commands.setContent('<p></p>')")
    page.click("[data-name=libraryImage]")
    upload_in_chooser(
        page, photo(tmp_path / "p.jpg"), title="图", alt="替代", caption="说明 <b>不是标签</b> & 符号"
    )
    outputs["figure"] = body_value(page)

    for name, html in outputs.items():
        assert html, name
        assert sanitize(html) == html, name
    assert "colspan=" in outputs["merged cells"]
    assert "&lt;b&gt;不是标签&lt;/b&gt; &amp; 符号</figcaption>" in outputs["figure"]


def test_toolbar_offers_nothing_the_sanitiser_would_strip(page, author):
    log_in(page, "zuozhe", "pass-123456")
    _new_article(page, "工具栏")
    names = set(
        page.eval_on_selector_all(".prose-menubar [data-name]", "items => items.map(i => i.dataset.name)")
    )
    assert {"heading2", "heading3", "heading4", "bold", "italic", "underline", "blockquote"} <= names
    assert {"bulletList", "orderedList", "link", "table", "libraryImage", "html"} <= names
    for name in ("heading1", "heading5", "strike", "subscript", "superscript", "code", "codeBlock", "figure"):
        assert name not in names
    assert "orderedListProperties" not in names


def test_the_html_source_view_edits_through_the_same_schema(page, author):
    log_in(page, "zuozhe", "pass-123456")
    _new_article(page, "源码")
    page.click("[data-name=html]")
    page.fill(
        "dialog[open] textarea[name=html]",
        '<h2 style="color:red">源码</h2><p><span class="x">文字</span><script>alert(1)</script></p>'
        "<h1>大标题</h1>",
    )
    page.click("dialog[open] button[type=submit]")
    page.wait_for_selector("dialog[open]", state="detached")
    value = body_value(page)
    assert value.startswith("<h2>源码</h2><p>文字</p>")
    assert "script" not in value and "span" not in value and "style" not in value and "<h1>" not in value
    assert sanitize(value) == value
