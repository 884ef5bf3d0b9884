"""Search latency: p50/p95 of the search query at the demo corpus and at 10,000 documents.

    .venv/bin/python -m bench.search_bench [--docs 10000] [--database-url postgres://…]
    .venv/bin/python -m bench.search_bench --again --database-url … [--recall | --profile QUERY]
    .venv/bin/python -m bench.search_bench --again --database-url … --explain QUERY…

Uses a throwaway database (a temporary SQLite file unless --database-url is given; a
database given here must be new and empty, and is migrated first; --again migrates the
archive it is given too, so a branch with a new migration changes the archive).
Step 1 runs `load_demo` (the demo corpus `make run` serves: the five samples through
the importer, with their people and events) and times each query; step 2 adds
generated articles (sentences of the samples shuffled) with bulk_create, rebuilds the
index with the real command and times again. Two timings per query: "query" is
parse, match, verify, rank and the first ten rows; "page" is the whole search view
(capped count, rows, highlighted snippets, template), without the page cache, with
this process's CPU time beside it (on SQLite all of the work; on a loaded machine it
moves less than the wall clock). DEBUG is off, as readers get it (DJANGO_DEBUG=1 turns
it on, and every statement is then recorded).
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
# Words most generated documents hold (every document is made of the samples' sentences)
# and words only a few hold (RARE_SENTENCES, put into one document in RARE_EVERY) or none.
COMMON = [query for query in QUERIES if query != "5G"]
RARE = ["C919", "大飞机", "海上钻井平台", "5G"]
RARE_SENTENCES = {1000: "国产大飞机C919完成首次商业载客飞行。", 5000: "我国自主设计的海上钻井平台顺利交付。"}
REPEATS = 5


def setup(database_url, static_root):
    os.environ["DATABASE_URL"] = database_url
    os.environ["PAGE_CACHE"] = "0"
    # What readers get: DEBUG off (a set DJANGO_DEBUG wins), static files collected.
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("STATIC_ROOT", static_root)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    # load_demo moves its pieces through the workflow, whose notices would go to an SMTP
    # server no bench machine runs (a refused connection and a traceback for each).
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)
    # As a web worker starts (config/wsgi.py).
    from search.text import load_tokenizer

    load_tokenizer()


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


def _contains(text, term):
    """Does ``text`` (normalised) really hold ``term``, as a reader would judge?"""
    if term.han:
        return term.text in text
    return re.search(rf"(?<![0-9a-z]){re.escape(term.text)}(?![0-9a-z])", text) is not None


def recall(label):
    """Recall and precision of every query against the stored text of every live document.

    The oracle reads the text the index was built from (title, title extras, summary,
    body) in Python, never the index; a query's truth is every live document holding
    each of its terms. Also reported: of the first ten results, how many truly match,
    and how many of the headline matches the first page could hold come first.
    """
    from search.models import SearchEntry
    from search.query import Search
    from search.text import normalise, parse_query
    from search.views import MAX_COUNTED

    entries = [
        (
            (kind, object_id),
            normalise("\n".join([title, title_extra])),
            normalise("\n".join([title, title_extra, summary, body])),
        )
        for kind, object_id, title, title_extra, summary, body in SearchEntry.objects.live().values_list(
            "kind", "object_id", "title", "title_extra", "summary", "body"
        )
    ]
    expected = found = hits = top_true = top_total = head_first = head_possible = 0
    per_query = {}
    for query in QUERIES:
        terms = parse_query(query)
        truth = {key for key, _head, text in entries if all(_contains(text, term) for term in terms)}
        in_head = {key for key, head, _text in entries if all(_contains(head, term) for term in terms)}
        search = Search(query)
        matched = {(entry.kind, entry.object_id) for entry in search.matches()}
        # Counted first, as the results page does (under the cap PostgreSQL then reads pages by key).
        results = search.results()
        search.count(MAX_COUNTED + 1, results.now)
        first_page = [(entry.kind, entry.object_id) for entry in results[:10]]
        expected += len(truth)
        found += len(matched)
        hits += len(matched & truth)
        top_true += sum(key in truth for key in first_page)
        top_total += len(first_page)
        possible = min(len(first_page), len(in_head))
        head_possible += possible
        head_first += sum(key in in_head for key in first_page[:possible])
        per_query[query] = {"truth": len(truth), "found": len(matched), "in_headline": len(in_head)}
    result = {
        "recall": hits / expected if expected else 1.0,
        "precision": hits / found if found else 1.0,
        "top10_true": top_true / top_total if top_total else 1.0,
        "headline_first": head_first / head_possible if head_possible else 1.0,
        "queries": per_query,
    }
    print(
        f"{label}: recall {result['recall']:.4f}, precision {result['precision']:.4f} "
        f"({hits} of {expected} expected, {found} found); first page truly matching "
        f"{result['top10_true']:.4f}, headline matches first {result['headline_first']:.4f}"
    )
    for query, figures in per_query.items():
        print(f"  {query}: {figures}")
    return result


def first_page(query):
    """What the "query" timing measures: parse, match, rank and the first ten rows."""
    from search.query import Search

    return Search(query).results()[:10]


def timings(label):
    """p50 / p95 of the query and of the whole page, for common and for rare words."""
    from django.test import RequestFactory

    from search import views

    factory = RequestFactory()
    result = {}
    for group, words in (("common", COMMON), ("rare", RARE)):
        queries, pages, cpu = [], [], []
        for _ in range(REPEATS):
            for query in words:
                started = time.perf_counter()
                first_page(query)
                queries.append((time.perf_counter() - started) * 1000)
                started, cpu_started = time.perf_counter(), time.process_time()
                response = views.results(factory.get("/search/", {"q": query}))
                pages.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                assert response.status_code == 200
        result[group] = {"query": _percentiles(queries), "page": _percentiles(pages)}
        result[group]["page_cpu"] = _percentiles(cpu)
        print(
            f"{label}, {group} words: query p50 {result[group]['query'][0]:.1f} ms, "
            f"p95 {result[group]['query'][1]:.1f} ms; page p50 {result[group]['page'][0]:.1f} ms, "
            f"p95 {result[group]['page'][1]:.1f} ms (this process's CPU p50 "
            f"{result[group]['page_cpu'][0]:.1f}, p95 {result[group]['page_cpu'][1]:.1f} ms) "
            f"over {len(queries)} queries "
            f"(load average {os.getloadavg()[0]:.2f})"
        )
    return result


def profile(query, requests=20, top=35):
    """Where one results page's time goes: ``requests`` pages of ``query`` after a warm-up."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from search import views

    request = RequestFactory().get("/search/", {"q": query})
    views.results(request)
    with CaptureQueriesContext(connection) as queries:
        views.results(request)
    cpu_started = time.process_time()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        views.results(request)
    profiler.disable()
    cpu = (time.process_time() - cpu_started) * 1000 / requests
    stats = pstats.Stats(profiler)
    calls = stats.total_calls / requests
    print(
        f"{query}: {len(queries)} statements, {calls:,.0f} function calls and {cpu:.1f} ms of CPU "
        f"(under the profiler) a page; load average {os.getloadavg()[0]:.2f}"
    )
    for sql in queries.captured_queries:
        print(f"  {sql['time']} s  {sql['sql'][:160]}")
    for order in ("tottime", "cumulative"):
        stats.sort_stats(order).print_stats(top)


def explain(queries):
    """Each results page's statements with PostgreSQL's EXPLAIN (ANALYZE, BUFFERS): server time
    and buffers of each plan node, what a page costs whatever the host's speed (PostgreSQL only)."""
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from search import views

    if connection.vendor != "postgresql":
        raise SystemExit("--explain reads PostgreSQL's plans; give a postgres:// --database-url")

    def nodes(node, depth=0):
        name = node.get("Index Name") or node.get("Relation Name") or ""
        yield (
            f"{'  ' * depth}{node['Node Type']}{' on ' + name if name else ''}: "
            f"{node['Actual Total Time']:.2f} ms, "
            f"rows {node['Actual Rows']} x {node['Actual Loops']}, "
            f"buffers hit {node.get('Shared Hit Blocks', 0)} read {node.get('Shared Read Blocks', 0)}"
        )
        for child in node.get("Plans", []):
            yield from nodes(child, depth + 1)

    for query in queries:
        request = RequestFactory().get("/search/", {"q": query})
        views.results(request)
        with CaptureQueriesContext(connection) as captured:
            views.results(request)
        statements = [sql["sql"] for sql in captured.captured_queries if not sql["sql"].startswith("EXPLAIN")]
        print(f"{query}: {len(captured)} statements (load average {os.getloadavg()[0]:.2f})")
        for sql in statements:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0]
            plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
            print(f"  {plan['Execution Time']:.2f} ms (planning {plan['Planning Time']:.2f})  {sql[:120]}")
            for line in nodes(plan["Plan"]):
                print(f"      {line}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", type=Path, help="also write the figures to this file (bench.run's table)")
    parser.add_argument(
        "--again",
        action="store_true",
        help="time the archive an earlier run left in --database-url again (e.g. sqlite:////tmp/search-bench-…/bench.sqlite3)",
    )
    parser.add_argument(
        "--profile",
        metavar="QUERY",
        help="with --again: the results page of QUERY under cProfile, by own time and by cumulative time",
    )
    parser.add_argument(
        "--explain",
        metavar="QUERY",
        nargs="+",
        help="with --again: each statement of these queries' results pages under EXPLAIN (ANALYZE, BUFFERS)",
    )
    parser.add_argument(
        "--recall", action="store_true", help="with --again: also check recall and precision (slow)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="search-bench-static-") as static_root:
        if args.again:
            setup(args.database_url, static_root)
            if args.profile:
                profile(args.profile)
            elif args.explain:
                explain(args.explain)
            else:
                timings(f"{args.database_url.rsplit('/', 1)[-1]}, again")
            if args.recall:
                recall(args.database_url.rsplit("/", 1)[-1])
            return
        workdir = tempfile.mkdtemp(prefix="search-bench-")
        setup(args.database_url or f"sqlite:///{workdir}/bench.sqlite3", static_root)
        run(args)


def run(args):
    """Time the demo corpus, add ``args.docs`` generated articles, time again, check recall."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article
    from editorial.models import Status
    from search.models import SearchEntry

    # A database given here must be new: flush would also delete the roles' permissions the
    # data migrations wrote, and load_demo's desk pieces then cannot go through the workflow.
    if args.database_url and Article.objects.exists():
        raise SystemExit(f"{args.database_url} already holds articles: give a new, empty database")
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
        body += "".join(f"<p>{rare}</p>" for every, rare in RARE_SENTENCES.items() if number % every == 7)
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
    call_command("rebuild_search_index", in_batches=True, verbosity=0)
    elapsed = time.perf_counter() - started
    print(f"rebuild_search_index: {SearchEntry.objects.count()} documents in {elapsed:.1f} s")
    large = timings(f"{args.docs} generated documents")
    quality = recall(f"{args.docs} generated documents")
    print("| search, p50 / p95 | demo corpus | " + f"{args.docs:,} generated documents |")
    for group in ("common", "rare"):
        for kind in ("query", "page"):
            print(
                f"| {kind}, {group} words | {demo[group][kind][0]:.1f} / {demo[group][kind][1]:.1f} ms "
                f"| {large[group][kind][0]:.1f} / {large[group][kind][1]:.1f} ms |"
            )
    if args.json:
        figures = {
            "database": connection.vendor,
            "docs": args.docs,
            "demo": demo,
            "large": large,
            "recall": quality,
        }
        args.json.write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
