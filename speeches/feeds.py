"""Speech feed, in RSS 2.0 and Atom; items carry every numbered section."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.syndication import AtomMixin, ContentFeed, absolute, live_speeches


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
