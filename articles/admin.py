from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleAuthor, Column, Source
from editorial.admin import EditorialContentAdmin, PieceInlineMixin
from editorial.cache import fresh_memo


def columns_with_ancestors():
    """Columns print their path (中工理论 › 工运前沿): fetch the ancestors in the same query."""
    return Column.objects.select_related("parent__parent__parent")


def column_tree():
    """Every column with its ancestors, kept until content (columns included) changes: the
    栏目 filter's choices and the change list's 栏目 cells. A few dozen columns; joined to
    each of a list's rows with parent and grandparent, they were three joins in the page's
    query and 150 model instances built for 50 rows."""
    return fresh_memo("admin:columns", lambda: list(columns_with_ancestors()), timeless=True)


def source_tree():
    """Every source in its order, kept until content (sources included) changes: the change
    form's 来源 box, as column_tree() is its 栏目 box."""
    return fresh_memo("admin:sources", lambda: list(Source.objects.all()), timeless=True)


def kept_choices(field, rows):
    """``field``'s choices from rows already kept (its queryset still validates the input):
    building the 栏目 and 来源 boxes from queries (栏目 with three ancestors a row) cost as
    much as the rest of the form's selects together."""
    field.choices = [
        *([("", field.empty_label)] if field.empty_label is not None else []),
        *((row.pk, field.label_from_instance(row)) for row in rows),
    ]
    return field


class ColumnListFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        return [(column.pk, str(column)) for column in column_tree()]


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
    list_select_related = ("source",)  # the 栏目 from column_tree (list_page)
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

    def list_page(self, rows):
        rows = super().list_page(rows)
        columns = {column.pk: column for column in column_tree()}
        cache_column = Article.column.field.set_cached_value
        for article in rows:
            if article.column_id in columns:
                cache_column(article, columns[article.column_id])
        return rows

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "column":
            kwargs["queryset"] = columns_with_ancestors()
            return kept_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), column_tree())
        if db_field.name == "source":
            return kept_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), source_tree())
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
