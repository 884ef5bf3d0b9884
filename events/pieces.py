"""An event's pieces: one rule for the event page and the sitemap.

Each content type says which of its pieces belong to an event (``event_filter``: the
events they are linked to; a speech also the one it was delivered at); events know no
type and ask the registry.
"""

import functools
import operator

from editorial.registry import content_types


def pieces_of(event, model, queryset=None):
    """The live pieces of ``model`` (or of ``queryset``) belonging to ``event``."""
    queryset = queryset if queryset is not None else model.objects.live()
    return queryset.filter(model.event_filter(event))


def has_pieces():
    """A filter on Event: one with at least one live piece of any type."""
    return functools.reduce(
        operator.or_, (model.event_holders(model.objects.live()) for model in content_types())
    )
