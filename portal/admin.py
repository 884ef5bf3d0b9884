"""The front page's slots (推荐位) and 专题 in the admin.

Editors pick live pieces from a list of the newest of every content type and order
them by dragging the rows (static/js/admin_ordering.js; the ↑ ↓ buttons do the same
from the keyboard, and without JavaScript the 顺序 numbers are typed). Every change to
a slot is one audit entry (portal.placements.record_change).
"""

from django import forms
from django.contrib import admin
from django.db.models import Case, Count, When
from django.utils.translation import gettext_lazy as _

from portal import placements as front
from portal.models import Placement, Slot, Topic, TopicItem

PIECE_CHOICES_PER_TYPE = 200


def piece_choices(extra_keys=()):
    """The newest live pieces of every content type, grouped by type, for the piece picker.

    ``extra_keys`` (already placed pieces) are added when older than the newest few,
    so an existing placement always shows what it holds.
    """
    groups = []
    for type_id, model in front.content_type_models().items():
        rows = list(
            model.objects.live()
            .order_by("-publish_at", "-pk")
            .values_list("pk", "title", "publish_at")[:PIECE_CHOICES_PER_TYPE]
        )
        missing = {pk for t, pk in extra_keys if t == type_id} - {row[0] for row in rows}
        if missing:
            rows += list(model._base_manager.filter(pk__in=missing).values_list("pk", "title", "publish_at"))
        options = []
        for pk, title, publish_at in rows:
            date = f"{publish_at:%Y-%m-%d} " if publish_at else ""
            options.append((f"{type_id}:{pk}", f"{date}{title}"))
        if options:
            groups.append((str(model._meta.verbose_name_plural), options))
    return [("", "---------"), *groups]


class PieceField(forms.ChoiceField):
    """A piece of any content type as "type id:pk"."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        type_id, _sep, pk = value.partition(":")
        if not (type_id.isdigit() and pk.isdigit()):
            raise forms.ValidationError(_("请选择稿件。"))
        return int(type_id), int(pk)


class PieceRefForm(forms.ModelForm):
    """A placement or 专题 item: the piece picker instead of raw type and id fields."""

    piece = PieceField(label=_("稿件"))
    piece_choices = ()  # set per page by OrderedPieceInline.get_formset

    class Meta:
        widgets = {"position": forms.NumberInput(attrs={"class": "gj-order-position", "min": 0})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["piece"].choices = self.piece_choices
        if self.instance.pk:
            self.initial["piece"] = f"{self.instance.content_type_id}:{self.instance.object_id}"

    def clean_piece(self):
        key = self.cleaned_data["piece"]
        if key is None:
            return key
        if key[0] not in front.content_type_models():
            raise forms.ValidationError(_("请选择稿件。"))
        if key not in front.live_pieces([key]) and key != (
            self.instance.content_type_id,
            self.instance.object_id,
        ):
            raise forms.ValidationError(_("只能选择读者看得到的（已发布且未下线的）稿件。"))
        return key

    def save(self, commit=True):
        type_id, pk = self.cleaned_data["piece"]
        self.instance.content_type_id = type_id
        self.instance.object_id = pk
        return super().save(commit)


class OrderedInlineFormSet(forms.BaseInlineFormSet):
    """Positions follow the order of the rows as submitted (drag-and-drop renumbers them)."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            key = getattr(form, "cleaned_data", {}).get("piece")
            if not key or form.cleaned_data.get("DELETE"):
                continue
            if key in seen:
                form.add_error("piece", _("同一篇稿件只能放一次。"))
            seen.add(key)


class OrderedPieceInline(admin.TabularInline):
    form = PieceRefForm
    formset = OrderedInlineFormSet
    extra = 1
    classes = ("gj-orderable",)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        existing = []
        if obj is not None and obj.pk:
            existing = list(
                self.model.objects.filter(**{self.fk_name_for_lookup: obj}).values_list(
                    "content_type_id", "object_id"
                )
            )
        # The choices are read once per page, not once per row.
        formset.form = type(
            formset.form.__name__, (formset.form,), {"piece_choices": piece_choices(existing)}
        )
        return formset


class PlacementInline(OrderedPieceInline):
    model = Placement
    fk_name_for_lookup = "slot"
    fields = ("piece", "expires_at", "position")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("portal.arrange_slot")

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("portal.view_slot") or self.has_add_permission(request, obj)


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ("__str__", "size", "placed_count", "position")
    list_select_related = ("column",)
    fields = ("kind", "column", "size", "position")
    inlines = [PlacementInline]

    class Media:
        js = ("js/admin_ordering.js",)
        css = {"all": ("css/admin_ordering.css",)}

    def get_queryset(self, request):
        # Listed as the page reads: 头条, 焦点图, 要闻, then the column blocks in their order.
        kind_order = Case(*(When(kind=kind, then=n) for kind, n in front.KIND_ORDER.items()))
        slots = Slot.objects.annotate(placed=Count("placements"), kind_order=kind_order)
        return slots.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ("kind_order", "position", "pk")

    def get_actions(self, request):
        # A bulk delete could take 头条, 焦点图 or 要闻 with it; column blocks go one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("已选稿件"), ordering="placed")
    def placed_count(self, slot):
        return slot.placed

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # 头条, 焦点图 and 要闻 exist once each (the migration makes them): new slots are column blocks.
        if db_field.name == "kind":
            kwargs["choices"] = [(Slot.Kind.COLUMN, Slot.Kind.COLUMN.label)]
            kwargs["initial"] = Slot.Kind.COLUMN
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # The fixed slots keep their kind; a column block keeps its column once made.
        if obj is None:
            return ()
        # 头条 is one piece: the page prints one lead.
        return ("kind", "column", "size") if obj.kind == Slot.Kind.LEAD else ("kind", "column")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("portal.view_slot") or request.user.has_perm("portal.arrange_slot")

    def has_add_permission(self, request):
        return request.user.has_perm("portal.arrange_slot")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("portal.arrange_slot")

    def has_delete_permission(self, request, obj=None):
        # Only column blocks go; the page is built around 头条, 焦点图 and 要闻.
        allowed = request.user.has_perm("portal.arrange_slot")
        return allowed and (obj is None or obj.kind == Slot.Kind.COLUMN)

    def save_model(self, request, obj, form, change):
        # Kept on the request: one admin instance serves every request.
        request.slot_before = front.snapshot(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if instance.created_by_id is None:
                instance.created_by = request.user
            instance.save()
        for gone in formset.deleted_objects:
            gone.delete()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before, before_placements = request.slot_before
        front.record_change(form.instance, request.user, before, before_placements)


class TopicItemInline(OrderedPieceInline):
    model = TopicItem
    fk_name_for_lookup = "topic"
    fields = ("section", "piece", "position")

    # A 专题's pieces are part of the 专题: whoever may change it arranges them.
    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("portal.change_topic")

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("portal.view_topic")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("title", "tag", "is_published", "updated_at")
    list_filter = ("is_published",)
    search_fields = ("title",)
    autocomplete_fields = ("tag", "banner")
    fields = ("title", "slug", "introduction", "banner", "tag", "is_published")
    inlines = [TopicItemInline]

    class Media:
        js = ("js/admin_ordering.js",)
        css = {"all": ("css/admin_ordering.css",)}
