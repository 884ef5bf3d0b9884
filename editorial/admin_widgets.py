"""Admin widgets: date and time boxes that name themselves for assistive technology, autocomplete
boxes that read no row twice."""

from django.contrib.admin.widgets import AdminSplitDateTime, AutocompleteSelect, AutocompleteSelectMultiple
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's split date and time boxes share one <label> that names neither box:
    each box gets its own accessible name, "发布时间（日期）" and "发布时间（时间）"."""

    def __init__(self, label, attrs=None):
        self.label = label
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, part in zip(context["widget"]["subwidgets"], (_("日期"), _("时间")), strict=True):
            subwidget["attrs"]["aria-label"] = str(format_lazy("{}（{}）", self.label, part))
        return context


class HeldRowsAutocompleteMixin:
    """Django's autocomplete box, labelled from the rows its form already holds.

    Django reads a box's selected rows again to write their names: a query for each byline
    row (whose person came with the row), a second read of a piece's people and events
    (read for the form's initial value), and a query built even with nothing selected (the
    empty byline row, a piece without events). ``held`` are those rows, set by
    ``HeldRowsFormMixin``; when they are the selection, in the order Django's query would
    give (the model's own: the field's queryset has no ordering of its own), they are used.
    """

    held = ()

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        held = [obj for obj in self.held if str(obj.pk) in selected]
        to_field = self.field.remote_field.get_related_field()
        if selected and (len(held) != len(selected) or not to_field.primary_key or self._ordered()):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance
        for obj in held:
            options.append(self.create_option(name, obj.pk, label(obj), selected, len(options)))
        return [(None, options, 0)]

    def _ordered(self):
        return bool(self.choices.queryset.query.order_by) or bool(self.field.remote_field.limit_choices_to)


class HeldRowsAutocompleteSelect(HeldRowsAutocompleteMixin, AutocompleteSelect):
    pass


class HeldRowsAutocompleteSelectMultiple(HeldRowsAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class HeldRowsAdminMixin:
    """A ModelAdmin or inline whose autocomplete boxes label the rows their form holds."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = HeldRowsAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = HeldRowsAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class HeldRowsFormMixin:
    """Hands each autocomplete box the rows this form has read: a many-to-many field's initial
    rows (ModelForm reads them whole) and a foreign key's row when it came with the instance
    (``select_related``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the related-field wrapper
            if not isinstance(widget, HeldRowsAutocompleteMixin):
                continue
            initial = self.initial.get(name)
            if isinstance(initial, list):
                widget.held = initial
            elif self.instance.pk is not None:
                model_field = self.instance._meta.get_field(name)
                if model_field.is_cached(self.instance) and getattr(self.instance, name) is not None:
                    widget.held = [getattr(self.instance, name)]
