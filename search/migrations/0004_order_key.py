"""SearchEntry.sort_key: results are read newest first from the index in this order.

On SQLite the FTS5 table is made again with the order key as its rowid; on PostgreSQL
the vectors are written again (they now mark lost positions) beside a new, small
head_vector (title and summary) that decides the headline tiers. Both from the tokens
stored in each entry, so no text is segmented again.
"""

from django.db import migrations, models

BATCH = 1000
HEAD_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_head_fts "
    "USING fts5(title, summary, tokenize = 'unicode61 remove_diacritics 0')"
)


def reindex(apps, schema_editor):
    from search.backends import PostgresBackend, SQLiteBackend

    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        backend = SQLiteBackend()
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(title, summary, body, tokenize = 'unicode61 remove_diacritics 0')"
        )
        # The backend written through below also keeps the headline table (0006 fills it
        # for databases past this migration).
        schema_editor.execute(HEAD_FTS)
    elif vendor == "postgresql":
        backend = PostgresBackend()
        schema_editor.execute("ALTER TABLE search_searchentry ADD COLUMN head_vector tsvector")
        schema_editor.execute("CREATE INDEX search_entry_head_vector ON search_searchentry USING GIN (head_vector)")
    else:
        return
    SearchEntry = apps.get_model("search", "SearchEntry")
    entries = SearchEntry.objects.order_by("pk").only(
        "pk", "publish_at", "sort_key", "title_tokens", "summary_tokens", "body_tokens"
    )
    batch = []
    for entry in entries.iterator(chunk_size=BATCH):
        batch.append(entry)
        if len(batch) == BATCH:
            backend.write_many(batch)
            batch = []
    backend.write_many(batch)


def drop_head_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_head_vector")
        schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS head_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_title_extra")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="sort_key",
            field=models.BigIntegerField(editable=False, null=True, unique=True),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["sort_key", "status", "publish_at", "expire_at", "kind", "year"], name="search_entry_walk"
            ),
        ),
        migrations.RunPython(reindex, drop_head_vector, elidable=False),
    ]
