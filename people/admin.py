from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin import ADMIN_CSS, linked_content, thumbnail
from editorial.changelist import ArchiveAdminMixin
from images.widgets import ImageChooserAdminMixin
from people.models import Person


@admin.register(Person)
class PersonAdmin(ArchiveAdminMixin, ImageChooserAdminMixin, admin.ModelAdmin):
    class Media:
        css = {"all": [ADMIN_CSS]}  # the photo thumbnail's class

    image_fields = ("photo",)
    list_display = ("name", "aliases", "honours_display", "photo_display", "updated_at")
    list_select_related = ("photo",)
    search_fields = ("name", "aliases", "slug")
    readonly_fields = ("linked_content_display", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "aliases", "positions", "honours", "bio", "photo")}),
        (_("关联稿件"), {"fields": ("linked_content_display",)}),
        (_("其他（较少使用）"), {"classes": ("collapse",), "fields": ("slug", "created_at", "updated_at")}),
    )

    @admin.display(description=_("荣誉"))
    def honours_display(self, obj):
        return "、".join(obj.honour_list) or "—"

    @admin.display(description=_("照片预览"))
    def photo_display(self, obj):
        return thumbnail(obj.photo.card if obj.photo_id else None, obj.name)

    @admin.display(description=_("关联稿件"))
    def linked_content_display(self, obj):
        if obj.pk is None:
            return "—"
        return linked_content(
            [
                (_("署名文章"), obj.authored_articles.all(), "admin:articles_article_change"),
                (_("责任编辑的文章"), obj.edited_articles.all(), "admin:articles_article_change"),
                (_("提及的文章"), obj.articles_article_mentions.all(), "admin:articles_article_change"),
                (_("发表的讲话"), obj.speeches.all(), "admin:speeches_speech_change"),
                (_("提及的讲话"), obj.speeches_speech_mentions.all(), "admin:speeches_speech_change"),
            ]
        )
