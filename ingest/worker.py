"""What runs in an import worker process (ingest.pipeline).

Imported by a freshly spawned interpreter before Django is configured, so nothing here
may import models at module level.
"""

_indexes = None


def start(indexes):
    """Configure Django like the parent (the process is spawned, so it shares no database
    connection) and keep the vocabulary's name indexes as they were when the run started."""
    global _indexes
    import django

    django.setup()
    _indexes = indexes


def read(path, options):
    from ingest.importer import read_file

    return read_file(path, options, _indexes)
