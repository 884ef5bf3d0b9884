from collections import defaultdict

from django.db import migrations, models


def fill(apps, schema_editor):
    """Every article's authors' names, in byline order (articles/byline_names.py keeps them after)."""
    Article = apps.get_model("articles", "Article")
    ArticleAuthor = apps.get_model("articles", "ArticleAuthor")
    names = defaultdict(list)
    rows = ArticleAuthor.objects.order_by("article_id", "order", "pk").values_list("article_id", "person__name")
    for article_id, name in rows.iterator(chunk_size=5000):
        names[article_id].append(name)
    updates = [Article(pk=pk, byline_names="\n".join(people)) for pk, people in names.items()]
    Article.objects.bulk_update(updates, ["byline_names"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_alter_article_summary"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="byline_names",
            field=models.TextField(blank=True, editable=False, verbose_name="署名（列表用）"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
