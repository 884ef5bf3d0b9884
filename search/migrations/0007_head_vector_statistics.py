"""PostgreSQL: the planner's statistics for head_vector keep every headline token.

With the default (100) a token missing from the sampled list was guessed at some 300
rows, so a word in one headline (铁人) had the archive walked for it in order (320 ms
at 100,000 documents) instead of being read through the GIN index (2–5 ms). Head
vectors are small, so the full list costs about a second of ANALYZE at 100,000.
"""

from django.db import migrations

STATISTICS = 10000


def statistics(target):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE search_searchentry ALTER COLUMN head_vector SET STATISTICS {target}"
            )
            schema_editor.execute("ANALYZE search_searchentry")

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0006_head_fts")]

    operations = [migrations.RunPython(statistics(STATISTICS), statistics(-1), elidable=False)]
