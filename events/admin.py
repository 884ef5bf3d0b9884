from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from editorial.admin import linked_content
from editorial.changelist import ArchiveAdminMixin
from editorial.models import Tag
from events.models import Event


class EventTagListFilter(admin.RelatedFieldListFilter):
    """Only tags some event carries: the tag table is shared with every article and speech."""

    def field_choices(self, field, request, model_admin):
        content_type = ContentType.objects.get_for_model(Event)
        tags = Tag.objects.filter(tagged_items__content_type=content_type).distinct().order_by("name")
        return list(tags.values_list("pk", "name"))


@admin.register(Event)
class EventAdmin(ArchiveAdminMixin, admin.ModelAdmin):
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
        return linked_content(
            [
                (_("在此活动上的讲话"), obj.speeches.all(), "admin:speeches_speech_change"),
                (_("相关讲话"), obj.speeches_speechs.all(), "admin:speeches_speech_change"),
                (_("相关文章"), obj.articles_articles.all(), "admin:articles_article_change"),
            ]
        )
