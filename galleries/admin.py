from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from articles.admin import columns_with_ancestors
from editorial import workflow
from editorial.admin import EditorialContentAdmin, PieceInlineMixin
from editorial.models import VISIBLE_STATUSES
from galleries.models import Gallery, GalleryImage
from images.widgets import ImageChooserAdminMixin


class GalleryImageFormSet(BaseInlineFormSet):
    """Captions of an approved or published gallery may not bring placeholders back (as its form)."""

    def clean(self):
        super().clean()
        gallery = self.instance
        if not (gallery.pk and gallery.status in VISIBLE_STATUSES):
            return
        kept = [
            form.instance
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise ValidationError(_("已签发或已发布的图集至少要有一张图片。"))
        problems = workflow.inline_problems(gallery, kept)
        if problems:
            raise ValidationError([str(problem) for problem in problems])


class GalleryImageInline(ImageChooserAdminMixin, PieceInlineMixin, admin.StackedInline):
    model = GalleryImage
    formset = GalleryImageFormSet
    image_fields = ("image",)
    fields = ("image", ("order", "credit"), "caption")
    extra = 1


@admin.register(Gallery)
class GalleryAdmin(EditorialContentAdmin):
    list_display = ("title_display", "column", "status_display", "publish_at", "thumbnail_display")
    list_filter = ("status", "tags", "publish_at")
    list_select_related = ("column__parent__parent",)
    autocomplete_fields = ("people", "events")
    image_fieldset = (
        _("封面"),
        {"fields": ("head_image",), "description": _("留空则用第一张图片做封面。")},
    )
    type_fieldsets = ((_("栏目"), {"fields": ("column",)}),)
    inlines = (GalleryImageInline,)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "column":
            # Columns print their path (中工理论 › 工运前沿): their ancestors in the same query.
            kwargs["queryset"] = columns_with_ancestors()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # The items with their library image in one query: the thumbnail (the cover is the
    # first picture) and the checks (captions fall back to the library's) read both.
    check_prefetch = (Prefetch("items", queryset=GalleryImage.objects.select_related("image")),)
