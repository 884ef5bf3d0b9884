from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin import EditorialContentAdmin
from speeches.models import Speech, SpeechSection


class SpeechSectionInline(admin.StackedInline):
    model = SpeechSection
    fields = (("order", "number", "heading"), "body")
    extra = 0


@admin.register(Speech)
class SpeechAdmin(EditorialContentAdmin):
    list_display = (
        "title_display",
        "speaker",
        "occasion",
        "delivered_on",
        "status_display",
        "publish_at",
        "thumbnail_display",
    )
    list_filter = ("status", "tags", "delivered_on", "publish_at")
    list_select_related = ("speaker", "occasion")
    autocomplete_fields = ("people", "events", "speaker", "occasion")
    type_fieldsets = (
        (
            _("讲话信息"),
            {"fields": ("speaker", "occasion", "delivered_on", "venue", "salutation", "closing")},
        ),
    )
    inlines = (SpeechSectionInline,)
