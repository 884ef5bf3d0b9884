from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from editorial.admin import linked_content
from editorial.admin_search import WalkedSearchMixin
from editorial.changelist import ArchiveAdminMixin
from editorial.models import Tag
from editorial.registry import content_types
from events.models import Event


class EventTagListFilter(admin.RelatedFieldListFilter):
    """Only tags some event carries: the tag table is shared with every article and speech."""

    def field_choices(self, field, request, model_admin):
        content_type = ContentType.objects.get_for_model(Event)
        tags = Tag.objects.filter(tagged_items__content_type=content_type).distinct().order_by("name")
        return list(tags.values_list("pk", "name"))


@admin.register(Event)
class EventAdmin(ArchiveAdminMixin, WalkedSearchMixin, admin.ModelAdmin):
    list_display = ("name", "start_date", "end_date", "place")
    list_filter = ("start_date", ("tags", EventTagListFilter))
    search_fields = ("name", "place", "slug")
    date_hierarchy = "start_date"
    readonly_fields = ("linked_content_display", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "start_date", "end_date", "place", "description", "tags")}),
        (_("关联稿件"), {"fields": ("linked_content_display",)}),
        (_("其他（较少使用）"), {"classes": ("collapse",), "fields": ("slug", "created_at", "updated_at")}),
    )

    @admin.display(description=_("关联稿件"))
    def linked_content_display(self, obj):
        if obj.pk is None:
            return "—"
        # Every state, not only live pieces: by each content type's own rule (event_filter).
        return linked_content(
            [
                (
                    _("相关%(type)s") % {"type": model._meta.verbose_name_plural},
                    model._base_manager.filter(model.event_filter(obj)),
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                )
                for model in content_types()
            ]
        )
