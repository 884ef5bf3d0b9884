from functools import partial

from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial.admin import thumbnail
from editorial.admin_search import WalkedSearchMixin
from editorial.changelist import ArchiveAdminMixin
from images import usage, views
from images.models import Image


@admin.register(Image)
class ImageAdmin(ArchiveAdminMixin, WalkedSearchMixin, admin.ModelAdmin):
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
    readonly_fields = ("preview_display", "size_display", "uploaded_by", "created_at", "usage_display")
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
        (_("用在哪里"), {"fields": ("usage_display",)}),
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

    @admin.display(description=_("用在哪里"))
    def usage_display(self, obj):
        if obj.pk is None:
            return "—"
        items = []
        for piece, live in usage.pieces_using(obj):
            opts = piece._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[piece.pk])
            state = gettext("已公开") if live else piece.get_status_display()
            items.append((url, piece.title, opts.verbose_name, state))
        for person in usage.people_using(obj):
            items.append(
                (
                    reverse("admin:people_person_change", args=[person.pk]),
                    person.name,
                    gettext("人物照片"),
                    "",
                )
            )
        if not items:
            return gettext("尚未使用")
        return format_html(
            "<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a>（{}{}）</li>', items_with_sep(items))
        )

    def get_readonly_fields(self, request, obj=None):
        # A stored image keeps its file: bodies point at it. Another picture is another image.
        if obj is not None:
            return ("file", *self.readonly_fields)
        return self.readonly_fields

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(partial(view, model_admin=self))

        return [
            path("chooser/", wrap(views.chooser), name="images_image_chooser"),
            path("chooser/upload/", wrap(views.chooser_upload), name="images_image_chooser_upload"),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_deleted_objects(self, objs, request):
        """Images a live piece shows are protected: Django's delete page then lists the pieces
        and refuses, for the delete button and the bulk action alike."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            for piece in usage.live_pieces_using(image):
                protected.append(
                    format_html("{}：{}《{}》", image.title, piece._meta.verbose_name, piece.title)
                )
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        try:
            super().delete_model(request, obj)
        except usage.ImageInUse as refusal:
            messages.error(request, str(refusal.args[0]))


def items_with_sep(items):
    for url, name, kind, state in items:
        yield url, name, kind, f"，{state}" if state else ""
