"""Admin pieces shared by every content type, and the tag admin.

`EditorialContentAdmin` holds what articles and speeches have in common; each
content app subclasses it and adds its own fields, filters and inlines.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from editorial.models import Tag


def thumbnail(image_field, alt=""):
    """A small <img> for change lists, from a stored rendition (never an external URL).

    External head image URLs are not shown: loading them would leak the editor's
    browsing to third-party hosts.
    """
    if not image_field:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="height:48px;width:auto;max-width:96px;object-fit:cover">',
        image_field.url,
        alt,
    )


# How many linked pieces a change page lists per relation: enough to work with,
# bounded so a prolific author's page stays one small query per relation.
LINKED_LIMIT = 50


def linked_content(groups):
    """Render [(heading, queryset, admin url name)] as headed lists of change-page links.

    One query per group, each limited to LINKED_LIMIT rows and only the columns shown.
    """
    parts = []
    for heading, queryset, url_name in groups:
        # values_list, not only(): a reverse-FK manager would lazily load the FK per row.
        rows = list(queryset.order_by("-publish_at", "-pk").values_list("pk", "title")[: LINKED_LIMIT + 1])
        more = len(rows) > LINKED_LIMIT
        if not rows:
            continue
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            ((reverse(url_name, args=[pk]), title) for pk, title in rows[:LINKED_LIMIT]),
        )
        suffix = ""
        if more:
            suffix = format_html("<li>{}</li>", _("……（仅列出前 %(n)s 篇）") % {"n": LINKED_LIMIT})
        parts.append(format_html("<p><strong>{}</strong></p><ul>{}{}</ul>", heading, items, suffix))
    if not parts:
        return _("暂无关联稿件")
    return format_html_join("", "{}", ((part,) for part in parts))


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    ordering = ("name",)
    readonly_fields = ("slug",)


class EditorialContentAdmin(admin.ModelAdmin):
    """What every content admin shares: lists, filters, fieldsets, created_by.

    Subclasses name their own fields in ``type_fieldsets`` (shown after the
    headline) and may extend ``list_display`` / ``list_filter``.
    """

    list_display = ("title_display", "status_display", "publish_at", "thumbnail_display")
    list_display_links = ("title_display",)
    list_filter = ("status", "tags", "publish_at")
    search_fields = ("title", "short_title", "subtitle", "kicker", "slug")
    date_hierarchy = "publish_at"
    autocomplete_fields = ("people", "events")
    list_select_related = ()
    list_per_page = 50
    readonly_fields = ("status", "version", "created_by", "first_published_at", "created_at", "updated_at")
    type_fieldsets = ()
    headline_fieldset = (None, {"fields": ("title", "subtitle", "short_title", "summary", "body")})
    image_fieldset = (_("题图"), {"fields": ("head_image", "head_image_alt")})
    relations_fieldset = (
        _("标签与关联"),
        {
            "fields": ("tags", "people", "events"),
            "description": _("标签用逗号分隔，如：劳模精神, 大国工匠"),
        },
    )
    publishing_fieldset = (
        _("发布"),
        {
            "fields": (
                "status",
                "publish_at",
                "expire_at",
                "slug",
                "version",
                "created_by",
                "first_published_at",
            )
        },
    )
    rare_fieldset = (
        _("其他（较少使用）"),
        {
            "classes": ("collapse",),
            "fields": ("kicker", "original_url", "head_image_url", "created_at", "updated_at"),
        },
    )

    def get_fieldsets(self, request, obj=None):
        return [
            self.headline_fieldset,
            *self.type_fieldsets,
            self.image_fieldset,
            self.relations_fieldset,
            self.publishing_fieldset,
            self.rare_fieldset,
        ]

    @admin.display(description=_("主题"), ordering="title")
    def title_display(self, obj):
        return obj.display_title

    @admin.display(description=_("状态"), ordering="status")
    def status_display(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("题图"))
    def thumbnail_display(self, obj):
        return thumbnail(obj.head_image_card, obj.head_image_alt)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
