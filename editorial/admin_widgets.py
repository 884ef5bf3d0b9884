"""Admin widgets that name themselves for assistive technology."""

from django.contrib.admin.widgets import AdminSplitDateTime
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
