"""The form renderer: Django's own widget templates, in their Jinja2 edition where Django ships one.

A change form renders some 50 widgets, their labels and (empty) error lists through the form
renderer, each a small template with an include or two: through Django's template language
that was about a quarter of the article and speech change forms' CPU. Django ships every
built-in form and widget template twice, in django/forms/templates and django/forms/jinja2,
and tests both for the same HTML; Jinja2 compiles them to Python. The admin's widgets
(related-field wrapper, split date and time) and ours have templates for Django's template
language only: those are found there, as before.
"""

import functools

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    @functools.cached_property
    def engines(self):
        return Jinja2().engine, DjangoTemplates().engine

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
