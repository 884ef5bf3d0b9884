"""The registry of content types: every concrete ``EditorialContent`` of the installed apps.

The shared layer loops over these and asks each type what it needs through the
contract on ``EditorialContent`` (editorial/models.py: reader texts, inlines, card,
feed, search text, person and event rules, sitemap priority); it never names a type.
A type joins by being a model of an installed app: nothing is registered by hand.
Order is INSTALLED_APPS order.
"""

import functools

from django.apps import apps


@functools.cache
def content_types():
    """Every concrete content model, in INSTALLED_APPS order (read once the apps are ready)."""
    from editorial.models import EditorialContent

    apps.check_models_ready()  # never remember a half-loaded registry
    return tuple(model for model in apps.get_models() if issubclass(model, EditorialContent))


def by_kind(kind):
    """The content type named ``kind`` (``article``…), or None."""
    return next((model for model in content_types() if model.kind() == kind), None)


def main_flow():
    """The type the home page's slots, tag pages and related lists draw from (MAIN_FLOW)."""
    return next((model for model in content_types() if model.MAIN_FLOW), content_types()[0])


def other_types():
    """The types besides the main flow: each gets its own block on the home and tag pages."""
    main = main_flow()
    return [model for model in content_types() if model is not main]


def column_model():
    """栏目 (Column): what the main flow files its pieces under, through its ``column`` field.

    The model lives in the articles app; the shared layer (portal's column blocks,
    sitemap and demo) reaches it here, never by importing that app.
    """
    return main_flow()._meta.get_field("column").related_model


def column_types():
    """The content types filed under columns (articles, and any type with a column)."""
    column = column_model()
    return [
        model
        for model in content_types()
        if any(field.is_relation and field.related_model is column for field in model._meta.fields)
    ]


@functools.cache
def content_apps():
    """App labels of the content types: their models (inlines, bylines) make public pages."""
    return frozenset(model._meta.app_label for model in content_types())
