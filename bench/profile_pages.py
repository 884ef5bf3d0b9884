"""Public pages in process: CPU time per request, SQL statements, and where the time goes.

    .venv/bin/python -m bench.profile_pages [--scale 1000] [--pages article_detail ...]
        [--requests 200] [--profile article_detail] [--top 30]
    .venv/bin/python -m bench.profile_pages --archive bench/out/a100000.json \
        [--database-url postgres://…/bench100k]

Serves each sample page of a bench archive (``bench.generate``, the same archive and
URLs as ``make bench``; built once under bench/out/) through Django's WSGI handler and
the whole middleware stack, DEBUG off, page cache off, in this one process: no server,
no network, so the figures hold on a loaded machine. Each page is asked for
``--requests`` times after a warm-up; the figure is the median CPU time
(``time.process_time``) of one request, beside the ceiling (bench/urls.py, the
fixed 20 KB page through the same middleware), the SQL statements of one request, and
the Python function calls of one (cProfile's count: it does not vary with the machine's
load, so it compares two versions of the code on a busy machine). ``--profile PAGE`` then runs that page
under cProfile and prints the functions taking the most time (cumulative), to find what
to remove.

``--archive MANIFEST`` measures an archive built elsewhere (``bench.admin_archive``'s
100,000 articles) as it is: its manifest's URLs, its database (``--database-url``, else
the ``.sqlite3`` beside the manifest) opened read-only, nothing generated or migrated.
"""

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import read_only

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PAGES = ["ceiling", "article_detail", "speech_detail", "tag", "person", "event", "article_list_1", "search"]
# Issue 15: a detail page in process within 4 ms of CPU.
DETAIL_TARGET_MS = 4.0


def archive(scale, database_url, manifest):
    """The bench archive's database URL and sample URLs (generated once, as bench.run does)."""
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = manifest or OUT / f"archive-{scale}.json"
    database_url = database_url or f"sqlite:///{OUT / f'archive-{scale}.sqlite3'}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.generate",
            "--scale",
            str(scale),
            "--database-url",
            database_url,
            "--manifest",
            str(manifest),
        ],
        cwd=ROOT,
        check=True,
    )
    return database_url, json.loads(manifest.read_text())["urls"]


def setup(database_url, static_root):
    os.environ.update(
        {
            "STATIC_ROOT": str(static_root),
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "0",
            "PAGE_CACHE": "0",
            "GONGJIANG_BENCH": "1",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "bench.settings",  # mounts the ceiling view
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)

    # As a gunicorn worker starts (config/wsgi.py).
    from search.text import load_tokenizer

    load_tokenizer()
    gc.freeze()
    return WSGIHandler()


def environ(path):
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


def serve(handler, path):
    """One request; (status, CPU seconds)."""
    statuses = []
    started = time.process_time()
    body = handler(environ(path), lambda status, headers: statuses.append(status))
    b"".join(body)
    body.close()
    return statuses[0], time.process_time() - started


def count_statements(handler, path):
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        serve(handler, path)
    return count


def python_calls(handler, path, requests=20):
    """Python function calls per request: unlike CPU time, the same on a loaded machine."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        serve(handler, path)
    profiler.disable()
    return pstats.Stats(profiler).total_calls / requests


def measure(handler, path, requests):
    status, _ = serve(handler, path)
    if not status.startswith("200"):
        sys.exit(f"profile_pages: {path} answered {status}")
    for _ in range(max(5, requests // 10)):
        serve(handler, path)
    times = sorted(serve(handler, path)[1] for _ in range(requests))
    return {
        "p50_ms": statistics.median(times) * 1000,
        "p90_ms": times[int(len(times) * 0.9) - 1] * 1000,
        "statements": count_statements(handler, path),
        "calls": python_calls(handler, path),
    }


def profile(handler, path, requests, top):
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        serve(handler, path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    print(out.getvalue())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1000, help="articles in the archive (default 1000)")
    parser.add_argument("--database-url", help="an archive bench.generate built (default bench/out/)")
    parser.add_argument("--manifest", type=Path, help="its manifest (default bench/out/archive-SCALE.json)")
    parser.add_argument("--archive", type=Path, help="an existing archive's manifest: measured read-only")
    parser.add_argument("--pages", nargs="+", default=PAGES, choices=PAGES)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", choices=PAGES, help="run this page under cProfile afterwards")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)

    if args.archive:
        manifest = json.loads(args.archive.read_text())
        args.scale, urls = manifest["scale"], manifest["urls"]
        database_url = read_only(args.database_url or f"sqlite:///{args.archive.with_suffix('.sqlite3')}")
    else:
        database_url, urls = archive(args.scale, args.database_url, args.manifest)
    urls["ceiling"] = "/__bench__/ceiling/"
    with tempfile.TemporaryDirectory(prefix="gongjiang-profile-") as tmp:
        run(args, setup(database_url, Path(tmp) / "static"), urls)


def run(args, handler, urls):
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"{args.scale:,} articles, {args.requests} requests a page, DEBUG off, page cache off; load {load}")
    # The interpreter's build moves every figure (README, "The interpreter"): say which one ran.
    print(f"Python {platform.python_version()} at {sys.executable}")
    print(f"{'page':<16} {'CPU p50 ms':>10} {'p90 ms':>8} {'SQL':>4} {'calls':>7} {'× ceiling':>10}  path")
    ceiling = None
    for name in args.pages:
        figures = measure(handler, urls[name], args.requests)
        if name == "ceiling":
            ceiling = figures["p50_ms"]
        ratio = f"{ceiling / figures['p50_ms']:.1%}" if ceiling else ""
        mark = ""
        if name in ("article_detail", "speech_detail"):
            mark = " ✓" if figures["p50_ms"] <= DETAIL_TARGET_MS else f" ✗ (target {DETAIL_TARGET_MS} ms)"
        print(
            f"{name:<16} {figures['p50_ms']:>10.2f} {figures['p90_ms']:>8.2f} {figures['statements']:>4}"
            f" {figures['calls']:>7,.0f} {ratio:>10}  {urls[name]}{mark}"
        )
    if args.profile:
        profile(handler, urls[args.profile], args.requests, args.top)


if __name__ == "__main__":
    main()
