from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleAuthor, Column, Source
from editorial.admin import EditorialContentAdmin, PieceInlineMixin


def columns_with_ancestors():
    """Columns print their path (中工理论 › 工运前沿): fetch the ancestors in the same query."""
    return Column.objects.select_related("parent__parent__parent")


class ColumnListFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        return [(column.pk, str(column)) for column in columns_with_ancestors()]


class ArticleAuthorInline(PieceInlineMixin, admin.TabularInline):
    model = ArticleAuthor
    autocomplete_fields = ("person",)
    fields = ("person", "position", "order")
    extra = 0

    def get_queryset(self, request):
        # Each row prints its byline (the person's name): read with the rows, not a query per row.
        return super().get_queryset(request).select_related("person")


@admin.register(Article)
class ArticleAdmin(EditorialContentAdmin):
    list_display = ("title_display", "column", "source", "status_display", "publish_at", "thumbnail_display")
    list_filter = ("status", ("column", ColumnListFilter), "tags", "is_repost", "publish_at")
    list_select_related = ("column__parent__parent", "source")
    autocomplete_fields = ("people", "events", "responsible_editor")
    type_fieldsets = (
        (_("栏目与来源"), {"fields": ("column", "source", "is_repost", "responsible_editor", "author_note")}),
    )
    rare_fieldset = (
        _("其他（较少使用）"),
        {
            "classes": ("collapse",),
            "fields": (
                "kicker",
                "via",
                "original_url",
                "head_image_url",
                "head_image_alt",
                "created_at",
                "updated_at",
            ),
        },
    )
    inlines = (ArticleAuthorInline,)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "column":
            kwargs["queryset"] = columns_with_ancestors()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "position", "slug")
    list_filter = (("parent", ColumnListFilter),)
    list_select_related = ("parent__parent__parent",)
    search_fields = ("name", "slug")
    fields = ("name", "parent", "position", "slug", "description")
    ordering = ("position", "name")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = columns_with_ancestors()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "url")
    search_fields = ("name", "url")
