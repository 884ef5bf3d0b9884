"""Rebuild the search index from the content tables.

Needed after a bulk load that bypassed signals, a change to the tokenizer, or
restoring a database dump; day to day the index is kept current by signals.
"""

from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Drop and rebuild the full-text search index (articles, speeches, people, events)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--in-batches",
            action="store_true",
            help="commit every 500 documents: search shows only what is indexed so far, but a large "
            "SQLite archive is rebuilt in minutes instead of hours (for a new archive)",
        )

    def handle(self, *args, **options):
        counts = rebuild(in_batches=options["in_batches"])
        if options["verbosity"] >= 1:
            summary = ", ".join(f"{kind}={count}" for kind, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {summary}"))
