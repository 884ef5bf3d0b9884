"""Site-wide, tag and person feeds (RSS 2.0 and Atom): they cut across apps."""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from editorial.syndication import AtomMixin, ContentFeed, absolute, every_type
from editorial.views import announced_tag_or_404
from people.models import Person
from portal.models import Topic
from portal.topics import topic_pieces


class LatestFeed(ContentFeed):
    feed_path = "feeds:latest"

    def link(self, obj=None):
        return absolute(reverse("portal:home"))

    def items(self):
        return every_type()


class LatestAtomFeed(AtomMixin, LatestFeed):
    feed_path = "feeds:latest_atom"


class TagFeed(ContentFeed):
    feed_path = "feeds:tag"

    def get_object(self, request, slug):
        return announced_tag_or_404(slug)

    def title(self, obj):
        return _("%(site)s · 标签：%(tag)s") % {"site": settings.SITE_NAME, "tag": obj.name}

    def description(self, obj):
        return _("标签“%(tag)s”下的最新内容") % {"tag": obj.name}

    def items(self, obj):
        return every_type(lambda model, pieces: pieces.filter(tags__slug=obj.slug))


class TopicFeed(ContentFeed):
    """A 专题's pieces, newest first: chosen ones and those its tag brings in."""

    feed_path = "feeds:topic"

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug, is_published=True)

    def title(self, obj):
        return _("%(site)s · 专题：%(topic)s") % {"site": settings.SITE_NAME, "topic": obj.title}

    def description(self, obj):
        return obj.introduction[:200] or _("专题“%(topic)s”的最新内容") % {"topic": obj.title}

    def items(self, obj):
        pieces = topic_pieces(obj)
        return every_type(
            lambda model, queryset: queryset.filter(
                pk__in=[piece.pk for piece in pieces if piece.card_kind == model.kind()]
            )
        )


class TopicAtomFeed(AtomMixin, TopicFeed):
    feed_path = "feeds:topic_atom"


class TagAtomFeed(AtomMixin, TagFeed):
    feed_path = "feeds:tag_atom"


class PersonFeed(ContentFeed):
    """What a person wrote, said, or is written about."""

    feed_path = "feeds:person"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            # A person's former address (people.FormerSlug): feed readers follow a 301.
            person = Person.moved_from(kwargs.get("slug"))
            if person is None:
                raise
            return HttpResponsePermanentRedirect(reverse(self.feed_path, kwargs={"slug": person.slug}))

    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def title(self, obj):
        return _("%(site)s · %(person)s") % {"site": settings.SITE_NAME, "person": obj.name}

    def description(self, obj):
        return _("与%(person)s相关的最新内容") % {"person": obj.name}

    def items(self, obj):
        # The person page's rule (each type's person_filter): signed, delivered, edited or named in.
        return every_type(lambda model, queryset: queryset.filter(model.person_filter(obj)))


class PersonAtomFeed(AtomMixin, PersonFeed):
    feed_path = "feeds:person_atom"
