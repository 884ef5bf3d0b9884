"""An event's pieces: one rule for the event page and the sitemap.

A speech belongs to an event if it was delivered there or merely linked to it; an
article if it is linked to it.
"""

from django.db.models import Q

from articles.models import Article
from speeches.models import Speech


def speeches_of(event, speeches=None):
    # Two index look-ups (the occasion column, the events links), not a scan of a join.
    linked = Speech.events.through.objects.filter(event=event).values("speech_id")
    return (speeches if speeches is not None else Speech.objects.live()).filter(
        Q(occasion=event) | Q(pk__in=linked)
    )


def articles_of(event, articles=None):
    return (articles if articles is not None else Article.objects.live()).filter(events=event)


def has_pieces():
    """A filter on Event: one with at least one live speech or article."""
    speeches = Speech.objects.live()
    return (
        Q(pk__in=speeches.filter(occasion__isnull=False).values("occasion"))
        | Q(pk__in=Speech.events.through.objects.filter(speech__in=speeches).values("event"))
        | Q(pk__in=Article.events.through.objects.filter(article__in=Article.objects.live()).values("event"))
    )
