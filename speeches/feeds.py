"""Speech feed, in RSS 2.0 and Atom; items carry every numbered section."""

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from editorial.syndication import FEED_ITEMS, AtomMixin, ContentFeed, absolute
from speeches.models import Speech, SpeechSection


def live_speeches(queryset=None, limit=FEED_ITEMS):
    """The newest live speeches of ``queryset`` with speaker, tags and sections, in three queries."""
    queryset = queryset if queryset is not None else Speech.objects.all()
    return list(
        queryset.live()
        .order_by("-publish_at", "-pk")
        .select_related("speaker")
        .prefetch_related("tags", Prefetch("sections", SpeechSection.objects.all(), to_attr="feed_sections"))[
            :limit
        ]
    )


class SpeechFeed(ContentFeed):
    feed_path = "feeds:speeches"

    def title(self, obj=None):
        return _("%(site)s · 讲话") % {"site": settings.SITE_NAME}

    def link(self, obj=None):
        return absolute(reverse("speeches:list"))

    def items(self):
        return live_speeches()


class SpeechAtomFeed(AtomMixin, SpeechFeed):
    feed_path = "feeds:speeches_atom"
