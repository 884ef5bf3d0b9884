from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin import ADMIN_CSS, linked_content, thumbnail
from editorial.admin_search import WalkedSearchMixin
from editorial.changelist import ArchiveAdminMixin
from editorial.registry import content_types
from images.widgets import ImageChooserAdminMixin
from people.models import Person


@admin.register(Person)
class PersonAdmin(ArchiveAdminMixin, WalkedSearchMixin, ImageChooserAdminMixin, admin.ModelAdmin):
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
        # Every state, not only live pieces: by each content type's own rule (person_sections).
        groups = []
        for model in content_types():
            url = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
            pieces = model._base_manager.all()
            for heading, condition in model.person_sections(obj):
                groups.append((heading, pieces.filter(condition), url))
            mentioned = _("提及的%(type)s") % {"type": model._meta.verbose_name_plural}
            groups.append((mentioned, pieces.filter(model.mentions(obj)), url))
        return linked_content(groups)
