"""A person's pieces: one rule for the person page, the person's feed, the people list and the sitemap.

Each content type says how its pieces name a person (``person_sections``: an article's
bylines and editor, a speech's speaker) besides the people it is about; people know
no type and ask the registry.
"""

import functools
import operator

from editorial.registry import content_types


def pieces_of(person, model):
    """The live pieces of ``model`` that are ``person``'s, by the type's rule."""
    return model.objects.live().filter(model.person_filter(person))


def has_pieces():
    """A filter on Person: someone with at least one live piece of any type."""
    return functools.reduce(
        operator.or_, (model.person_holders(model.objects.live()) for model in content_types())
    )
