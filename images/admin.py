from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from editorial.admin import thumbnail
from images.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = (
        "thumbnail_display",
        "title",
        "credit_display",
        "size_display",
        "uploaded_by",
        "created_at",
    )
    list_display_links = ("thumbnail_display", "title")
    list_filter = ("created_at", "tags", "uploaded_by")
    list_select_related = ("uploaded_by",)
    search_fields = ("title", "alt", "caption", "photographer", "source", "tags__name")
    date_hierarchy = "created_at"
    list_per_page = 50
    readonly_fields = ("preview_display", "size_display", "uploaded_by", "created_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "file",
                    "preview_display",
                    "title",
                    "alt",
                    "caption",
                    "photographer",
                    "source",
                    "tags",
                )
            },
        ),
        (_("其他"), {"fields": ("size_display", "uploaded_by", "created_at")}),
    )

    @admin.display(description=_("缩略图"))
    def thumbnail_display(self, obj):
        return thumbnail(obj.card, obj.alt)

    @admin.display(description=_("预览"))
    def preview_display(self, obj):
        if not obj.detail:
            return "—"
        return format_html('<img class="image-preview" src="{}" alt="{}">', obj.detail.url, obj.alt)

    @admin.display(description=_("摄影/来源"))
    def credit_display(self, obj):
        return obj.credit or "—"

    @admin.display(description=_("尺寸"))
    def size_display(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
