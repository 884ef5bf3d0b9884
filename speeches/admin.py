from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from editorial import workflow
from editorial.admin import EditorialContentAdmin, PieceInlineMixin
from editorial.body_editor import BodyEditingMixin
from editorial.models import VISIBLE_STATUSES
from editorial.placeholders import may_hold_placeholders
from speeches.models import Speech, SpeechSection


class SpeechSectionFormSet(BaseInlineFormSet):
    """Sections of an approved or published speech may not bring placeholders back (as its form)."""

    def get_queryset(self):
        # The speech's sections as its change page read them for the content checks
        # (check_prefetch), in the same order (the model's): Django's formset read them again.
        if not hasattr(self, "_queryset"):
            held = getattr(self.instance, "_prefetched_objects_cache", {}).get("sections")
            if held is not None and not self.queryset.query.order_by:
                self._queryset = held
        return super().get_queryset()

    def clean(self):
        super().clean()
        speech = self.instance
        if not (speech.pk and speech.status in VISIBLE_STATUSES):
            return
        kept = [
            form.instance
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        problems = workflow.inline_problems(speech, kept)
        if problems:
            raise ValidationError([str(problem) for problem in problems])


class SpeechSectionInline(BodyEditingMixin, PieceInlineMixin, admin.StackedInline):
    model = SpeechSection
    formset = SpeechSectionFormSet
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
    # The 讲话人 and 场合 cells print a name (and an event's date): the rest of each row
    # (a biography, a description, times to convert) is not read.
    list_defer = (
        *EditorialContentAdmin.list_defer,
        *(f"speaker__{name}" for name in ("slug", "sort_key", "aliases", "positions", "honours", "bio")),
        *("speaker__photo", "speaker__created_at", "speaker__updated_at"),
        *(f"occasion__{name}" for name in ("slug", "end_date", "place", "description")),
        *("occasion__created_at", "occasion__updated_at"),
    )
    autocomplete_fields = ("people", "events", "speaker", "occasion")
    type_fieldsets = (
        (
            _("讲话信息"),
            {"fields": ("speaker", "occasion", "delivered_on", "venue", "salutation", "closing")},
        ),
    )
    inlines = (SpeechSectionInline,)
    check_prefetch = ("sections",)

    def list_page(self, rows):
        """The page's speeches with only the sections their 检查 column must read: all of a
        speech whose body has no text (the sections are then its text), and otherwise those
        that may hold a placeholder. Reading and parsing every section of 50 speeches (about
        230) was a third of the list's Python (30 of 90 ms CPU on PostgreSQL, load 3)."""
        rows = list(rows)
        bodiless = [speech.pk for speech in rows if not speech.has_content([])]
        sections = SpeechSection.objects.filter(
            Q(speech__in=bodiless)
            | may_hold_placeholders("heading", "body", regex=connection.vendor == "postgresql")
        )
        prefetch_related_objects(rows, Prefetch("sections", sections, to_attr=self.CHECKED_INLINES))
        return rows
