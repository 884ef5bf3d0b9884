"""Every feed, RSS 2.0 and Atom side by side (mounted at /feeds/).

Each content type has its own at /feeds/<app>/ (``feeds:<app>``), built from the registry,
and any feeds of its own kind (``EditorialContent.feed_urls``: columns at /feeds/columns/<slug>/).
"""

from django.urls import path

from editorial.registry import content_types
from editorial.syndication import TypeFeed
from portal.feeds import (
    LatestAtomFeed,
    LatestFeed,
    PersonAtomFeed,
    PersonFeed,
    TagAtomFeed,
    TagFeed,
    TopicAtomFeed,
    TopicFeed,
)


def type_feeds():
    for model in content_types():
        label = model._meta.app_label
        yield path(f"{label}/", TypeFeed(model), name=label)
        yield path(f"{label}/atom/", TypeFeed(model, atom=True), name=f"{label}_atom")
        yield from model.feed_urls()  # the type's own feeds (an article's column feeds)


app_name = "feeds"
urlpatterns = [
    path("", LatestFeed(), name="latest"),
    path("atom/", LatestAtomFeed(), name="latest_atom"),
    *type_feeds(),
    path("tags/<slug:slug>/", TagFeed(), name="tag"),
    path("tags/<slug:slug>/atom/", TagAtomFeed(), name="tag_atom"),
    path("topics/<slug:slug>/", TopicFeed(), name="topic"),
    path("topics/<slug:slug>/atom/", TopicAtomFeed(), name="topic_atom"),
    path("people/<slug:slug>/", PersonFeed(), name="person"),
    path("people/<slug:slug>/atom/", PersonAtomFeed(), name="person_atom"),
]
