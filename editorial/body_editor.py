"""Writing bodies in the admin: the rich-text widget, the sanitiser's word, the reviewer's view.

The widget is django-prose-editor configured by static/js/body_editor.js to offer exactly
what editorial.sanitize keeps; the sanitiser still runs on every save whatever the path.
When it does remove something, the editor is told what (never silently). Someone who may
only read a piece sees its body formatted, as readers will, not as HTML source.
"""

import functools
import json

from django import forms
from django.contrib import admin, messages
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from editorial.sanitize import BodyTooLarge, removal_message, sanitize

HEADING_LEVELS = (2, 3, 4)  # what editorial.sanitize.ALLOWED_TAGS keeps

PROSE_EDITOR_CSS = (
    "django_prose_editor/material-icons.css",
    "django_prose_editor/editor.css",
    "django_prose_editor/overrides.css",
)


def chooser_config():
    """What the image chooser needs: its views and its words (translated here, not in JS)."""
    return {
        "searchUrl": reverse("admin:images_image_chooser"),
        "uploadUrl": reverse("admin:images_image_chooser_upload"),
        "labels": {
            "heading": gettext("图片库"),
            "close": gettext("关闭"),
            "library": gettext("从图片库选择"),
            "newImage": gettext("上传新图片"),
            "search": gettext("搜索标题、说明、摄影、来源、标签"),
            "empty": gettext("没有找到图片。"),
            "more": gettext("更多"),
            "drop": gettext("把图片拖到这里、粘贴（Ctrl+V），或选择文件："),
            "upload": gettext("上传并使用"),
            "failed": gettext("上传失败，请稍后再试。"),
            "insert": gettext("插入图片"),
            "file": gettext("图片文件"),
            "title": gettext("标题"),
            "title_help": gettext("供在图片库中查找。"),
            "alt": gettext("替代文字"),
            "alt_help": gettext("为看不到图片的读者描述图中所见。"),
            "caption": gettext("图片说明"),
            "photographer": gettext("摄影"),
            "source": gettext("来源"),
        },
    }


def toolbar_labels():
    """Chinese (or English) names for the toolbar's buttons, by their data-name."""
    return {
        "heading2": gettext("二级标题"),
        "heading3": gettext("三级标题"),
        "heading4": gettext("四级标题"),
        "paragraph": gettext("正文段落"),
        "bold": gettext("加粗"),
        "italic": gettext("斜体"),
        "underline": gettext("下划线"),
        "blockquote": gettext("引文"),
        "bulletList": gettext("项目符号列表"),
        "orderedList": gettext("编号列表"),
        "link": gettext("插入链接"),
        "unlink": gettext("取消链接"),
        "table": gettext("插入表格"),
        "libraryImage": gettext("插入图片"),
        "html": gettext("编辑 HTML 源码"),
        "table:addColumnAfter": gettext("加一列"),
        "table:deleteColumn": gettext("删除列"),
        "table:addRowAfter": gettext("加一行"),
        "table:deleteRow": gettext("删除行"),
        "table:mergeCells": gettext("合并单元格"),
        "table:splitCell": gettext("拆分单元格"),
        "table:toggleHeaderCell": gettext("切换表头单元格"),
        "table:deleteTable": gettext("删除表格"),
        "history:undo": gettext("撤销"),
        "history:redo": gettext("重做"),
    }


def chooser_json():
    """chooser_config() as a chooser's data attribute holds it: written once per language and
    address prefix, not for each image box (a gallery has one per picture)."""
    return _chooser_json(get_language(), get_script_prefix(), get_urlconf())


@functools.cache
def _chooser_json(language, script_prefix, urlconf):
    return json.dumps(chooser_config(), ensure_ascii=False)


@functools.cache
def _editor_config(language, script_prefix, urlconf):
    # The same for every body on a page (a speech's sections: 13 editors, each some 45
    # translations and two reverse() calls): written once per language and address prefix.
    return json.dumps(
        {"headingLevels": list(HEADING_LEVELS), "chooser": chooser_config(), "toolbar": toolbar_labels()},
        ensure_ascii=False,
    )


class BodyEditorWidget(forms.Textarea):
    """A textarea the body editor takes over; the HTML stays the submitted value."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-body-editor"] = _editor_config(
            get_language(), get_script_prefix(), get_urlconf()
        )
        return context

    @property
    def media(self):
        return forms.Media(
            css={"all": (*PROSE_EDITOR_CSS, "css/image_chooser.css", "css/body_editor.css")},
            js=[forms.Script("js/body_editor.js", type="module")],
        )

    def use_required_attribute(self, initial):
        return False  # the textarea is hidden behind the editor


def rendered_body(html):
    """A body as readers see it, for the read-only page (sanitised before it is marked safe)."""
    if not html:
        return "—"
    try:
        clean = sanitize(html)
    except BodyTooLarge as error:
        return str(error)
    return mark_safe(f'<div class="rendered-body">{clean}</div>')  # noqa: S308 - sanitiser output


class BodyEditingMixin:
    """For a ModelAdmin or inline with a ``body``: the editor to writers, the page to readers."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = BodyEditorWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        return self.body_fieldsets(request, obj, super().get_fieldsets(request, obj))

    def body_fieldsets(self, request, obj, fieldsets):
        """``fieldsets`` with the body shown formatted to someone who may not change ``obj``."""
        if self.has_change_permission(request, obj):
            return fieldsets
        return [(name, {**options, "fields": _swap_body(options["fields"])}) for name, options in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        # Named whenever it may be shown (an inline's formset checks its fields against these).
        return (*super().get_readonly_fields(request, obj), "body_rendered")

    @property
    def media(self):
        # The formatted body of the read-only page is styled too, where no editor loads its CSS.
        return super().media + forms.Media(css={"all": ("css/body_editor.css",)})

    @admin.display(description=_("正文"))
    def body_rendered(self, obj):
        return rendered_body(obj.body if obj else "")


def _swap_body(fields):
    swapped = []
    for field in fields:
        if isinstance(field, (list, tuple)):
            swapped.append(_swap_body(field))
        else:
            swapped.append("body_rendered" if field == "body" else field)
    return tuple(swapped)


def tell_what_sanitising_removes(request, form, formsets=()):
    """One message per body the sanitiser will change, naming the removed tags and attributes."""
    bodies = [(gettext("正文"), form.cleaned_data.get("body"))]
    for formset in formsets:
        for inline_form in formset.forms:
            data = getattr(inline_form, "cleaned_data", None) or {}
            if "body" in data and not data.get("DELETE"):
                bodies.append((str(inline_form.instance) or gettext("段落"), data["body"]))
    for where, html in bodies:
        if not html:
            continue
        try:
            message = removal_message(html, sanitize(html))
        except BodyTooLarge:
            continue  # the form already says so
        if message:
            messages.warning(
                request, gettext("%(where)s：%(message)s") % {"where": where, "message": message}
            )
