"""The widget templates config/renderers.py writes in Python (inputs, text areas, selects) come
out as their Jinja2 editions write them, for hostile values and every kind of attribute."""

from pathlib import Path

import django.forms
import pytest
from django import forms
from django.forms.renderers import BaseRenderer
from django.utils.safestring import mark_safe

from config.renderers import WRITTEN, FormRenderer

HOSTILE = "引号\"与<尖括号>&'撇"


class TemplatesOnly(FormRenderer):
    """Our renderer without the Python writers: every template through Jinja2."""

    def render(self, template_name, context, request=None):
        return BaseRenderer.render(self, template_name, context, request)


def _both(widget, value, attrs=None):
    written = widget.render("字段", value, attrs, renderer=FormRenderer())
    templated = widget.render("字段", value, attrs, renderer=TemplatesOnly())
    return written, templated


ATTRS = {"id": 'id_"x"', "class": "vTextField", "data-on": True, "hidden": False, "title": HOSTILE}
CHOICES = [
    ("", "---------"),
    (1, "劳模"),
    (HOSTILE, HOSTILE),
    ("组", [("a", "甲"), ("b", mark_safe("<b>乙</b>"))]),
]


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.TextInput(), HOSTILE),
        (forms.TextInput(), None),
        (forms.TextInput(), ""),
        (forms.TextInput(), mark_safe("<b>已转义</b>")),
        (forms.HiddenInput(), 0),
        (forms.NumberInput(attrs={"min": 0}), 12),
        (forms.EmailInput(), "a@b.cn"),
        (forms.URLInput(), "https://example.cn/?a=1&b=2"),
        (forms.DateInput(), "2026-12-03"),
        (forms.TimeInput(), "19:30"),
        (forms.PasswordInput(render_value=True), HOSTILE),
        (forms.CheckboxInput(), True),
        (forms.CheckboxInput(), False),
        (forms.Textarea(), HOSTILE),
        (forms.Textarea(), ""),
        (forms.Textarea(), None),
        (forms.Textarea(), "\n第一行\n"),
        (forms.Select(choices=CHOICES), HOSTILE),
        (forms.Select(choices=CHOICES), 1),
        (forms.Select(choices=[]), None),
        (forms.SelectMultiple(choices=CHOICES), ["a", "b"]),
        (forms.NullBooleanSelect(), None),
    ],
)
def test_written_widgets_are_the_jinja2_templates_markup(widget, value):
    written, templated = _both(widget, value, ATTRS)
    assert written == templated
    assert "字段" in written


def test_a_select_whose_options_have_their_own_template_is_left_to_it():
    class Starred(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Starred(choices=CHOICES)
    written, templated = _both(widget, 1)
    assert written == templated
    assert "<option" not in written and '<label><input type="select"' in written


def test_only_djangos_own_templates_are_written_in_python():
    # A project edition of one of these (templates/jinja2/django/forms/…) would be bypassed.
    djangos = Path(django.forms.__file__).parent / "jinja2"
    for name in WRITTEN:
        origin = Path(FormRenderer().get_template(name).origin.name)
        assert origin.is_relative_to(djangos), name
