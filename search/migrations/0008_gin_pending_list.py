"""PostgreSQL: the GIN indexes' pending lists stay short; statistics for the body vector.

A GIN index with ``fastupdate`` queues new entries in a pending list that every search
reads in full until a vacuum merges it (up to 4 MB by default). At 100,000 documents
a list of 3,044 head vectors made a headline tier's index scan take 53 ms instead of
2 ms, and 211 body vectors (473 pages) added their pages to every body search. Head
vectors are small, so they go straight into the index; body vectors keep the cheaper
queued insert but flush it every 256 kB. Both lists are emptied now.

The result count trusts the planner's estimate for a word most documents hold
(search.backends.PostgresBackend.surely_past). With the default statistics only tokens
in a quarter of the documents or more are listed; with 1000, down to 0.6 % at 100,000
documents (ANALYZE then reads every vector: 27 s there on a loaded machine).
"""

from django.db import migrations

FORWARD = [
    "ALTER INDEX search_entry_head_vector SET (fastupdate = off)",
    "ALTER INDEX search_entry_vector SET (gin_pending_list_limit = 256)",
    "SELECT gin_clean_pending_list('search_entry_head_vector'::regclass)",
    "SELECT gin_clean_pending_list('search_entry_vector'::regclass)",
    "ALTER TABLE search_searchentry ALTER COLUMN vector SET STATISTICS 1000",
    "ANALYZE search_searchentry",
]
BACKWARD = [
    "ALTER INDEX search_entry_head_vector RESET (fastupdate)",
    "ALTER INDEX search_entry_vector RESET (gin_pending_list_limit)",
    "ALTER TABLE search_searchentry ALTER COLUMN vector SET STATISTICS -1",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0007_head_vector_statistics")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False)]
