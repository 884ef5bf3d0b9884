"""People sort by the pinyin of surname and given name, and take one slug style
(surname-given: gao-fenglin, chi-yuyang); an old address is kept as a FormerSlug
and answers with a 301."""

import django.db.models.deletion
from django.db import migrations, models

from editorial.slugs import name_sort_key, person_slug


def fill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    FormerSlug = apps.get_model("people", "FormerSlug")
    taken = set(Person.objects.values_list("slug", flat=True))
    for person in Person.objects.order_by("pk").iterator():
        person.sort_key = name_sort_key(person.name)
        wanted = person_slug(person.name)
        if wanted and person.slug != wanted and not person.slug.startswith(f"{wanted}-"):
            slug, n = wanted, 2
            while slug in taken:
                slug, n = f"{wanted}-{n}", n + 1
            FormerSlug.objects.create(slug=person.slug, person=person)
            taken.discard(person.slug)
            taken.add(slug)
            person.slug = slug
        person.save(update_fields=["sort_key", "slug"])


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='FormerSlug',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=100, unique=True, verbose_name='旧网址')),
            ],
            options={
                'verbose_name': '人物旧网址',
                'verbose_name_plural': '人物旧网址',
            },
        ),
        migrations.AlterModelOptions(
            name='person',
            options={'ordering': ['sort_key', 'name', 'pk'], 'verbose_name': '人物', 'verbose_name_plural': '人物'},
        ),
        migrations.AddField(
            model_name='person',
            name='sort_key',
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name='拼音排序'),
        ),
        migrations.AlterField(
            model_name='person',
            name='slug',
            field=models.SlugField(blank=True, help_text='留空则按姓名生成拼音，如 gao-fenglin。', max_length=100, unique=True, verbose_name='网址'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['sort_key', 'name', 'id'], name='person_pinyin_order'),
        ),
        migrations.AddField(
            model_name='formerslug',
            name='person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='former_slugs', to='people.person', verbose_name='人物'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
