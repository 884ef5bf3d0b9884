"""SearchEntry.title_extra: what stands with the title (kicker, subtitle, short title; a
person's aliases), checked and ranked like the title.

Their tokens were already in the full-text index; what was missing is the stored
text the exact-match check and the title-first ranking read, so existing entries
are filled here. (Speech salutations and article author notes joined the body at
the same time: `manage.py rebuild_search_index` indexes those.)
"""

from django.db import migrations, models

from editorial.text import split_list


def fill(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    for kind, model in (
        ("article", apps.get_model("articles", "Article")),
        ("speech", apps.get_model("speeches", "Speech")),
    ):
        pieces = model.objects.filter(pk__in=SearchEntry.objects.filter(kind=kind).values("object_id"))
        for piece in pieces.only("kicker", "subtitle", "short_title").iterator():
            extra = "\n".join(part for part in (piece.kicker, piece.subtitle, piece.short_title) if part)
            if extra:
                SearchEntry.objects.filter(kind=kind, object_id=piece.pk).update(title_extra=extra)
    Person = apps.get_model("people", "Person")
    people = Person.objects.filter(pk__in=SearchEntry.objects.filter(kind="person").values("object_id"))
    for person in people.exclude(aliases="").only("aliases").iterator():
        extra = "\n".join(split_list(person.aliases))
        SearchEntry.objects.filter(kind="person", object_id=person.pk).update(title_extra=extra)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_fulltext"),
        ("articles", "0002_initial"),
        ("speeches", "0001_initial"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="title_extra",
            field=models.TextField(blank=True, verbose_name="标题补充"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
