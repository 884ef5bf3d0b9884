"""Search latency: p50/p95 of the search query at the demo corpus and at 10,000 documents.

    .venv/bin/python -m bench.search_bench [--docs 10000] [--database-url postgres://…]

Uses a throwaway database (a temporary SQLite file unless --database-url is given; a
PostgreSQL database given here is migrated and its content tables emptied first).
Step 1 loads the five sample documents as published articles (the demo corpus) and
times each query; step 2 adds generated articles (sentences of the samples shuffled)
with bulk_create, rebuilds the index with the real command and times again. Each
timing is one full query: parse, match, verify, rank, first page of ten rows.
"""

import argparse
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


def timings(label):
    from search.query import Search

    samples = []
    for _ in range(REPEATS):
        for query in QUERIES:
            started = time.perf_counter()
            rows = list(Search(query).queryset()[:10])
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(samples)} queries ({len(rows)} rows last)")
    return p50, p95


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="search-bench-")
    setup(args.database_url or f"sqlite:///{workdir}/bench.sqlite3")

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article
    from editorial.models import Status
    from search.models import SearchEntry

    Article.objects.all().delete()
    SearchEntry.objects.all().delete()
    texts = seed_texts()
    now = timezone.now()
    for number, text in enumerate(texts):
        Article.objects.create(
            title=text[:40],
            body=f"<p>{escape(text)}</p>",
            status=Status.PUBLISHED,
            publish_at=now - timedelta(days=number + 1),
            first_published_at=now - timedelta(days=number + 1),
        )
    print(f"database: {connection.vendor}; demo corpus: {SearchEntry.objects.count()} documents")
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
    print(f"| search p50 | demo corpus {demo[0]:.1f} ms | {args.docs} docs {large[0]:.1f} ms |")


if __name__ == "__main__":
    main()
