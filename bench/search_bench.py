"""Search latency: p50/p95 of the search query at the demo corpus and at 10,000 documents.

    .venv/bin/python -m bench.search_bench [--docs 10000] [--database-url postgres://…]

Uses a throwaway database (a temporary SQLite file unless --database-url is given; a
database given here is migrated and flushed first: never point it at real data).
Step 1 runs `load_demo` (the demo corpus `make run` serves: the five samples through
the importer, with their people and events) and times each query; step 2 adds
generated articles (sentences of the samples shuffled) with bulk_create, rebuilds the
index with the real command and times again. Two timings per query: "query" is
parse, match, verify, rank and the first ten rows; "page" is the whole search view
(capped count, rows, highlighted snippets, template), without the page cache.
"""

import argparse
import io
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = [ROOT / "fixtures" / "seeds", Path("/work/shared/seeds")]
QUERIES = [
    "劳模",
    "工匠精神",
    "大国工匠",
    "王进喜",
    "铁人",
    "表彰大会",
    "5G",
    "创新",
    "劳动 精神",
    "中国特色社会主义",
]
REPEATS = 5


def setup(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["PAGE_CACHE"] = "0"
    # As it always ran (DEBUG is off by default now; a set value wins).
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed_texts():
    folder = next(path for path in SEED_DIRS if path.is_dir() and list(path.glob("*.txt")))
    texts = []
    for path in sorted(folder.glob("*.txt")):
        raw = path.read_text(encoding="utf-8-sig")
        text = re.sub(r"<[^>]+>", "", raw.split("---", 2)[-1] if raw.startswith("---") else raw)
        texts.append(" ".join(text.split()))
    return texts


def _percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def timings(label):
    from django.test import RequestFactory

    from search import views
    from search.query import Search

    factory = RequestFactory()
    queries, pages = [], []
    for _ in range(REPEATS):
        for query in QUERIES:
            started = time.perf_counter()
            rows = list(Search(query).queryset()[:10])
            queries.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = views.results(factory.get("/search/", {"q": query}))
            pages.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    result = {"query": _percentiles(queries), "page": _percentiles(pages)}
    print(
        f"{label}: query p50 {result['query'][0]:.1f} ms, p95 {result['query'][1]:.1f} ms; "
        f"page p50 {result['page'][0]:.1f} ms, p95 {result['page'][1]:.1f} ms "
        f"over {len(queries)} queries ({len(rows)} rows last)"
    )
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", type=Path, help="also write the figures to this file (bench.run's table)")
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="search-bench-")
    setup(args.database_url or f"sqlite:///{workdir}/bench.sqlite3")

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article
    from editorial.models import Status
    from search.models import SearchEntry

    if args.database_url:
        call_command("flush", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    texts = seed_texts()
    now = timezone.now()
    documents = SearchEntry.objects.live().count()
    print(f"database: {connection.vendor}; demo corpus (load_demo): {documents} documents")
    demo = timings("demo corpus")

    sentences = [s for text in texts for s in re.split(r"(?<=[。！？])", text) if len(s) > 8]
    rng = random.Random(20221)
    rows = []
    for number in range(args.docs):
        body = "".join(f"<p>{escape(''.join(rng.sample(sentences, 4)))}</p>" for _ in range(5))
        title = rng.choice(sentences)[:30]
        publish_at = now - timedelta(hours=number + 1)
        rows.append(
            Article(
                title=title,
                slug=f"bench-{number}",
                summary=title,
                body=body,
                status=Status.PUBLISHED,
                publish_at=publish_at,
                first_published_at=publish_at,
            )
        )
    Article.objects.bulk_create(rows, batch_size=500)
    started = time.perf_counter()
    call_command("rebuild_search_index", verbosity=0)
    elapsed = time.perf_counter() - started
    print(f"rebuild_search_index: {SearchEntry.objects.count()} documents in {elapsed:.1f} s")
    large = timings(f"{args.docs} generated documents")
    print("| search, p50 / p95 | demo corpus | " + f"{args.docs:,} generated documents |")
    for kind in ("query", "page"):
        print(
            f"| {kind} | {demo[kind][0]:.1f} / {demo[kind][1]:.1f} ms "
            f"| {large[kind][0]:.1f} / {large[kind][1]:.1f} ms |"
        )
    if args.json:
        figures = {"database": connection.vendor, "docs": args.docs, "demo": demo, "large": large}
        args.json.write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
