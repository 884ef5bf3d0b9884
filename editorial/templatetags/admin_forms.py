"""The admin's fieldsets through their Jinja2 edition (templates/jinja2/admin/includes/fieldset.html).

Every field of a change form passes through Django's ``admin/includes/fieldset.html``: a
dozen tags, filters and lookups per field in Django's template language were a third of the
article and speech change forms' CPU. The Jinja2 edition is the same markup compiled to
Python; ``templates/admin/includes/fieldset.html`` hands its include over to it, so every
admin's change form and stacked inline use it.
"""

from django import template
from django.utils.safestring import mark_safe

from config.renderers import jinja2_engine

register = template.Library()

# What Django's change_form.html and stacked.html pass to the include.
FIELDSET_CONTEXT = ("fieldset", "heading_level", "prefix", "id_prefix", "id_suffix")


@register.simple_tag(takes_context=True)
def admin_fieldset(context):
    fieldset = jinja2_engine().get_template("admin/includes/fieldset.html")
    return mark_safe(fieldset.render({name: context.get(name) for name in FIELDSET_CONTEXT}))  # noqa: S308 - autoescaped Jinja2
