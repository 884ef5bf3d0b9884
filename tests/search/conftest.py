"""The demo corpus (what `make run` serves), loaded once for the search quality tests."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from articles.models import Article
from editorial.sanitize import plain_text
from events.models import Event
from people.models import Person
from speeches.models import Speech


def readable_text(obj):
    """Everything a reader sees as the text of ``obj`` on its page: the oracle of the
    quality tests, written from the content models alone, never from the index."""
    if isinstance(obj, Person):
        parts = [obj.name, obj.aliases, obj.honours, obj.positions, obj.bio]
    elif isinstance(obj, Event):
        parts = [obj.name, obj.place, obj.description]
    else:
        parts = [obj.kicker, obj.title, obj.subtitle, obj.short_title, obj.summary]
        if isinstance(obj, Speech):
            parts.append(obj.salutation)
        parts.append(plain_text(obj.body))
        if isinstance(obj, Speech):
            for section in obj.sections.all():
                parts += [section.number + section.heading, plain_text(section.body)]
            parts.append(obj.closing)
        else:
            parts.append(obj.author_note)
    return "\n".join(part for part in parts if part)


def headline(obj):
    """What a reader sees as the headline: the title with kicker, subtitle and short title;
    a person's name with their aliases."""
    if isinstance(obj, Person):
        return f"{obj.name}\n{obj.aliases}"
    if isinstance(obj, Event):
        return obj.name
    return "\n".join([obj.kicker, obj.title, obj.subtitle, obj.short_title])


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """``load_demo`` run once for the module, inside a transaction rolled back at the end
    (each test's own transaction nests inside it, as with Django's setUpTestData).

    Returns {(kind, pk): object} for everything a reader can see.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            visible = [
                *Article.objects.live(),
                *Speech.objects.live().prefetch_related("sections"),
                *Person.objects.all(),
                *Event.objects.all(),
            ]
            yield {(type(obj).__name__.lower(), obj.pk): obj for obj in visible}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
