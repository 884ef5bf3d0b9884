"""Every feed, RSS 2.0 and Atom side by side (mounted at /feeds/)."""

from django.urls import path

from articles.feeds import ArticleAtomFeed, ArticleFeed, ColumnAtomFeed, ColumnFeed
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
from speeches.feeds import SpeechAtomFeed, SpeechFeed

app_name = "feeds"
urlpatterns = [
    path("", LatestFeed(), name="latest"),
    path("atom/", LatestAtomFeed(), name="latest_atom"),
    path("articles/", ArticleFeed(), name="articles"),
    path("articles/atom/", ArticleAtomFeed(), name="articles_atom"),
    path("speeches/", SpeechFeed(), name="speeches"),
    path("speeches/atom/", SpeechAtomFeed(), name="speeches_atom"),
    path("tags/<slug:slug>/", TagFeed(), name="tag"),
    path("tags/<slug:slug>/atom/", TagAtomFeed(), name="tag_atom"),
    path("columns/<slug:slug>/", ColumnFeed(), name="column"),
    path("columns/<slug:slug>/atom/", ColumnAtomFeed(), name="column_atom"),
    path("topics/<slug:slug>/", TopicFeed(), name="topic"),
    path("topics/<slug:slug>/atom/", TopicAtomFeed(), name="topic_atom"),
    path("people/<slug:slug>/", PersonFeed(), name="person"),
    path("people/<slug:slug>/atom/", PersonAtomFeed(), name="person_atom"),
]
