"""What runs in an import worker process (ingest.pipeline).

On Linux workers are forked from the command's process once it has loaded what reading
needs (``warm``): they start at once, sharing Django, the dictionaries and the
vocabulary's name indexes with it. Elsewhere they are spawned: a fresh interpreter that
imports this module before Django is configured, so nothing here may import models at
module level. A worker never touches the database (reading needs none), and a forked
one leaves through ``os._exit`` (multiprocessing), so the parent's open database
connection, which it inherits, is never used or closed by it.
"""

_indexes = None


# Read once before forking: what a document's reading loads or compiles on first use
# (libyaml, the HTML converter, Django's URL validator — its pattern took 0.15 s to
# compile, in each worker on its first document —, bleach, jieba, pypinyin).
WARM_DOCUMENT = (
    "---\ntitle: 工匠精神\nurl: https://example.com/gongjiang\ndate: 2024-04-28\n---\n"
    "<p>弘扬工匠精神。工匠精神。工匠精神。</p>\n"
)


def warm():
    """Load once what reading a document needs: rjieba's dictionary (the slug's words and
    the key terms), pypinyin, the IDF table, bleach, the parsers' and validators' patterns.
    In the parent before forking: each worker used to spend that CPU again after starting."""
    from ingest.importer import Options, read_document
    from ingest.linking import key_terms_of, text_matches
    from ingest.writing import prepare

    record, _encoding = read_document(WARM_DOCUMENT.encode(), Options())
    prepare(record)
    key_terms_of(record.body)
    text_matches(record.body)


def start(indexes):
    """Keep the vocabulary's name indexes as they were when the run started; a spawned
    process first configures Django like the parent (it shares no database connection)."""
    global _indexes
    from django.apps import apps

    if not apps.ready:  # spawned; a forked worker has the parent's setup
        import django

        django.setup()
    _indexes = indexes


def read(path, options):
    from ingest.importer import read_file

    return read_file(path, options, _indexes)


def read_many(paths, options):
    """``read`` of each path, in order (a chunk of documents per task: ingest.pipeline)."""
    return [read(path, options) for path in paths]
