"""Site-wide, tag and person feeds (RSS 2.0 and Atom): they cut across apps."""

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.feeds import live_articles
from articles.models import Article
from editorial.syndication import AtomMixin, ContentFeed, absolute, newest
from editorial.views import announced_tag_or_404
from people.models import Person
from portal.models import Topic
from portal.topics import topic_pieces
from speeches.feeds import live_speeches
from speeches.models import Speech


class LatestFeed(ContentFeed):
    feed_path = "feeds:latest"

    def link(self, obj=None):
        return absolute(reverse("portal:home"))

    def items(self):
        return newest(live_articles(), live_speeches())


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
        return newest(
            live_articles(Article.objects.filter(tags__slug=obj.slug)),
            live_speeches(Speech.objects.filter(tags__slug=obj.slug)),
        )


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
        articles = [piece.pk for piece in pieces if piece.card_kind == "article"]
        speeches = [piece.pk for piece in pieces if piece.card_kind == "speech"]
        return newest(
            live_articles(Article.objects.filter(pk__in=articles)),
            live_speeches(Speech.objects.filter(pk__in=speeches)),
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
        articles = Article.objects.filter(
            Q(pk__in=obj.bylines.values("article"))
            | Q(pk__in=Article.people.through.objects.filter(person=obj).values("article"))
        )
        speeches = Speech.objects.filter(
            Q(speaker=obj) | Q(pk__in=Speech.people.through.objects.filter(person=obj).values("speech"))
        )
        return newest(live_articles(articles), live_speeches(speeches))


class PersonAtomFeed(AtomMixin, PersonFeed):
    feed_path = "feeds:person_atom"
