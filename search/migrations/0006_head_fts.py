"""SQLite: a small FTS5 table of the headline (title, summary) beside search_fts.

The headline tiers are read from it, so a word found in nearly every body but in few
titles no longer has the whole archive's matches walked to find those titles. Filled
from search_fts's own columns (the stored tokens), so no text is segmented again.
"""

from django.db import migrations

FORWARD = [
    # 0004 makes it already on a database migrated from scratch.
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_head_fts "
    "USING fts5(title, summary, tokenize = 'unicode61 remove_diacritics 0')",
    "DELETE FROM search_head_fts",
    "INSERT INTO search_head_fts (rowid, title, summary) SELECT rowid, title, summary FROM search_fts",
]
BACKWARD = ["DROP TABLE IF EXISTS search_head_fts"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0005_kind_from_registry")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False)]
