"""The form renderer: Django's own widget templates, in their Jinja2 edition where Django ships one.

A change form renders some 50 widgets, their labels and (empty) error lists through the form
renderer, each a small template with an include or two: through Django's template language
that was about a quarter of the article and speech change forms' CPU. Django ships every
built-in form and widget template twice, in django/forms/templates and django/forms/jinja2,
and tests both for the same HTML; Jinja2 compiles them to Python. Django writes the admin's
templates for its own language only; templates/jinja2 holds Jinja2 editions of the ones a change
form renders for every field or relation (the fieldset, the related-field wrapper, the split
date and time, URL and date boxes), held to Django's markup by tests/editorial/test_admin_fieldset.py and
test_piece_pages.py. Any other template (ours, the admin's file input) is Django's, as before.
The commonest, every field's label and the input, text-area and select boxes, are written in
Python as their Jinja2 editions write them (WRITTEN; tests/editorial/test_written_widgets.py).
"""

import functools
from pathlib import Path

import django.forms
import jinja2
from django.conf import settings
from django.forms.renderers import BaseRenderer, DjangoTemplates
from django.template import TemplateDoesNotExist
from django.template.backends.jinja2 import Jinja2
from django.templatetags.static import static
from django.utils.translation import gettext
from markupsafe import Markup, escape


def blocktranslate(message, **values):
    """``{% blocktranslate %}`` for the Jinja2 editions of Django's templates: the message as
    translated, its values escaped."""
    return Markup(gettext(message)) % values  # noqa: S704 - a message of the code; values escaped by %


def environment(**options):
    env = jinja2.Environment(**options)  # noqa: S701 - Django's backend passes autoescape=True
    env.globals.update(static=static, blocktranslate=blocktranslate)
    return env


@functools.cache
def jinja2_engine():
    """Django's form templates in Jinja2 (as django.forms.renderers.Jinja2 finds them), after
    ours in templates/jinja2: Jinja2 editions of admin templates Django writes for its own
    template language only."""
    return Jinja2(
        {
            "APP_DIRS": True,
            "DIRS": [
                settings.BASE_DIR / "templates" / "jinja2",
                Path(django.forms.__file__).parent / "jinja2",
            ],
            "NAME": "djangoforms",
            "OPTIONS": {"environment": "config.renderers.environment"},
        }
    )


LABEL_TEMPLATE = "django/forms/label.html"
# Django's input widgets whose Jinja2 template is only {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        *("checkbox", "color", "date", "datetime", "email", "file", "hidden", "input"),
        *("number", "password", "search", "tel", "text", "time", "url"),
    )
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def attrs_html(attrs):
    """django/forms/widgets/attrs.html: ' name="value"' for each attribute, the name alone for
    True, nothing for False."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in (attrs or {}).items()
        if value is not False
    )


def label_html(context):
    """django/forms/label.html as its Jinja2 edition writes it (markupsafe's escaping), in
    Python: every field's label is one, 60 a speech's change form, and rendering the template
    (with its attrs.html) cost some 100 calls a label."""
    label = escape(context["label"])
    if not context["use_tag"]:
        return str(label).strip()
    tag = escape(context["tag"])
    return f"<{tag}{attrs_html(context['attrs'])}>{label}</{tag}>".strip()


def input_html(context):
    """django/forms/widgets/input.html (and the templates that only include it: text, hidden,
    number, checkbox…) as its Jinja2 edition writes it: three templates a box (the type's, the
    input's, its attributes'), some 200 calls, for 50-100 boxes a change form."""
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    attrs = attrs_html(widget["attrs"])
    return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{attrs}>'


def textarea_html(context):
    """django/forms/widgets/textarea.html as its Jinja2 edition writes it."""
    widget = context["widget"]
    value = escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{escape(widget["name"])}"{attrs_html(widget["attrs"])}>\n{value}</textarea>'


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def select_html(context):
    """django/forms/widgets/select.html and its select_option.html as their Jinja2 editions
    write them: an include and a context for each option (the 栏目 box has dozens). None when
    an option has a template of its own (the renderer then takes the select's)."""
    widget = context["widget"]
    parts = [f'<select name="{escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            attrs = attrs_html(option["attrs"])
            parts.append(
                f'\n  <option value="{escape(option["value"])}"{attrs}>{escape(option["label"])}</option>'
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


# The templates written in Python, as their Jinja2 editions write them.
WRITTEN = {
    LABEL_TEMPLATE: label_html,
    TEXTAREA_TEMPLATE: textarea_html,
    SELECT_TEMPLATE: select_html,
} | dict.fromkeys(INPUT_TEMPLATES, input_html)


class FormRenderer(BaseRenderer):
    @functools.cached_property
    def engines(self):
        return jinja2_engine(), DjangoTemplates().engine

    def render(self, template_name, context, request=None):
        write = WRITTEN.get(template_name)
        written = write(context) if write is not None else None
        if written is not None:
            return written
        return super().render(template_name, context, request)

    def get_template(self, template_name):
        return self.engines[self._engine_of(template_name)].get_template(template_name)

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one renderer per process
    def _engine_of(self, template_name):
        # Which engine holds a name, looked up once: a miss in Jinja2's loader is a
        # file-system search on every call.
        try:
            self.engines[0].get_template(template_name)
        except TemplateDoesNotExist:
            return 1
        return 0
