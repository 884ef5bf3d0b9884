"""Rebuild the search index from the content tables.

Needed after a bulk load that bypassed signals, a change to the tokenizer, or
restoring a database dump; day to day the index is kept current by signals.
"""

from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Drop and rebuild the full-text search index (articles, speeches, people, events)."

    def handle(self, *args, **options):
        counts = rebuild()
        if options["verbosity"] >= 1:
            summary = ", ".join(f"{kind}={count}" for kind, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {summary}"))
