"""A person's pieces: one rule for the person page, the person's feed, the people list and the sitemap.

"His" pieces are the live articles he signed, edited or is named in, and the live
speeches he delivered or is named in.
"""

from django.db.models import Q

from articles.models import Article, ArticleAuthor
from speeches.models import Speech


def articles_of(person):
    return Article.objects.live().filter(
        Q(pk__in=ArticleAuthor.objects.filter(person=person).values("article"))
        | Q(responsible_editor=person)
        | Q(pk__in=Article.people.through.objects.filter(person=person).values("article"))
    )


def speeches_of(person):
    return Speech.objects.live().filter(
        Q(speaker=person) | Q(pk__in=Speech.people.through.objects.filter(person=person).values("speech"))
    )


def has_pieces():
    """A filter on Person: someone with at least one live piece by the rule above."""
    articles = Article.objects.live()
    speeches = Speech.objects.live()
    return (
        Q(pk__in=ArticleAuthor.objects.filter(article__in=articles).values("person"))
        | Q(pk__in=articles.filter(responsible_editor__isnull=False).values("responsible_editor"))
        | Q(pk__in=Article.people.through.objects.filter(article__in=articles).values("person"))
        | Q(pk__in=speeches.filter(speaker__isnull=False).values("speaker"))
        | Q(pk__in=Speech.people.through.objects.filter(speech__in=speeches).values("person"))
    )
