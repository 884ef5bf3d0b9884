"""Page benchmark: gunicorn (2 workers, DEBUG off) + wrk, every page as a ratio of the ceiling.

    python -m bench.run [--scale N [N ...]] [--pages home tag ...] [--quick] [--no-postgres]

For each scale: generate (once) a throwaway SQLite archive under bench/out/, collect
static files into a temporary directory, start gunicorn on 127.0.0.1 (a free port in
8200-8299), and measure with wrk (2 threads, 8 connections): first with the page cache
off (PAGE_CACHE=0), then on. Each page gets a warm-up run and ``--runs`` measured runs;
a page whose requests/s vary by more than 10 % between runs is flagged as noisy. The
ceiling (bench/urls.py, a fixed 20 KB page through the same middleware) is measured at
the start and the end of every server run. Pages whose URL is not wired or answers
anything but 200 are skipped and listed. Every server started here is stopped in a
``finally`` (whole process group). Then, when PostgreSQL 15 binaries are present (or
``--postgres``), a throwaway server on 127.0.0.1:55434 gets a 100,000-article archive and
the EXPLAIN of the article list query is printed. Results: bench/out/*.json and
bench/RESULTS.md (its sections regenerated from every result in bench/out/; the
hand-written text around them is kept, bench/results.py).

``--archive MANIFEST [--database-url URL]`` measures the pages of an archive built
elsewhere instead (``bench.admin_archive``'s 100,000 articles, SQLite or PostgreSQL), as
it is: nothing generated or migrated, the database opened read-only.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench.generate import read_only

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PAGES = [
    "home",
    "article_list_1",
    "article_list_200",
    "article_detail",
    "speech_detail",
    "tag",
    "person",
    "event",
    "search",
]
# Targets from issues 6 and 15, as fractions of the ceiling (uncached unless said).
TARGETS = {
    "article_list_1": 0.08,
    "article_list_200": 0.08,
    "article_detail": 0.12,
    "speech_detail": 0.12,
    "tag": 0.10,
    "person": 0.10,
}
CACHED_TARGET = 0.50
NOISE = 0.10
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT = 55434
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def log(message):
    print(message, flush=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk missing: installing Debian's wrk with apt-get …")
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    if not shutil.which("wrk"):
        sys.exit("bench: wrk is not installed and could not be installed (run as root: apt-get install wrk)")
    return shutil.which("wrk")


def port_is_free(port):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port():
    for port in range(8200, 8300):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    sys.exit("bench: no free port in 8200-8299")


def machine():
    cpu = "unknown"
    with contextlib.suppress(OSError):
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1).strip() if match else cpu
    memory = "unknown"
    with contextlib.suppress(OSError):
        kb = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    import django

    load = os.getloadavg()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "django": django.get_version(),
        "load_at_start": f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
    }


def server_env(database_url, static_root, page_cache):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "bench.settings",  # the site plus the ceiling view
        "STATIC_ROOT": str(static_root),
        "PAGE_CACHE": "1" if page_cache else "0",
        "LOG_LEVEL": "ERROR",
    }


@contextlib.contextmanager
def gunicorn(env, port, logfile):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    with open(logfile, "ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}; see {logfile}")
            with contextlib.suppress(OSError):
                if fetch(f"http://127.0.0.1:{port}/__bench__/ceiling/")[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer in 60 s; see {logfile}")
            time.sleep(0.3)
        yield process
    finally:
        stop_group(process)


def stop_group(process):
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own 127.0.0.1 server)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def wrk(url, seconds, script):
    result = subprocess.run(
        # A 30 s timeout: a slow page is measured as slow, not dropped as a timeout.
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "30s", "--latency", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", result.stdout, re.M)
    requests, duration, p50, p95, p99, bad_status, socket_errors = map(int, match.groups())
    return {
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "non_200": bad_status,
        "socket_errors": socket_errors,
    }


def drain(url, limit=120):
    """Wait until the server answers the ceiling promptly again.

    wrk stops sending when its time is up, but requests already queued behind slow pages
    keep gunicorn's workers busy; without this the next page would be measured against
    that backlog.
    """
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            fetch(url)
        if time.monotonic() - started < 0.2:
            return
        time.sleep(0.5)


def summarize(runs):
    rates = [run["rps"] for run in runs]
    median = statistics.median(rates)
    return {
        "rps": median,
        "runs": [round(rate, 1) for rate in rates],
        "spread": (max(rates) - min(rates)) / median if median else 0,
        "p50": statistics.median(run["p50"] for run in runs),
        "p95": statistics.median(run["p95"] for run in runs),
        "p99": statistics.median(run["p99"] for run in runs),
        "errors": sum(run["non_200"] + run["socket_errors"] for run in runs),
    }


def measure_interleaved(urls, args, script):
    """{name: summary} for {name: url}, the runs taken in rounds: run 1 of every page, then run 2…

    A shared machine speeds up and slows down over minutes. Measured one page after the
    other, a page ran in whatever minute it got; in rounds every page (and the ceiling,
    first and last in each round) sees the same stretches of the machine's speed.
    """
    drain_url = next(iter(urls.values())).split("/", 3)
    drain_url = f"{drain_url[0]}//{drain_url[2]}/__bench__/ceiling/"
    for url in urls.values():
        drain(drain_url)
        wrk(url, args.warmup, script)
    runs = {name: [] for name in urls}
    for _ in range(args.runs):
        for name, url in urls.items():
            drain(drain_url)
            runs[name].append(wrk(url, args.duration, script))
    return {name: summarize(taken) for name, taken in runs.items()}


def resolve_pages(base, urls, wanted):
    """Which pages answer 200; the rest are skipped with the reason."""
    pages, skipped = {}, {}
    for name in wanted:
        path = urls.get(name)
        if not path:
            skipped[name] = "URL not wired yet (NoReverseMatch)"
            continue
        status, body = fetch(base + path)
        if status == 200 and name == "search" and b'class="search-result ' not in body:
            # The archive holds the word: a page without results measures an empty index.
            sys.exit(f"bench: {path} found nothing; is the search index built (bench.generate)?")
        if status == 404 and name == "article_list_200":
            last = last_page(base, urls["article_list_1"])
            if last:
                path = f"{urls['article_list_1']}?page={last}"
                urls[name] = path
                status = 200
        if status != 200:
            skipped[name] = f"{path} answered {status}"
            continue
        pages[name] = path
    return pages, skipped


def last_page(base, list_path):
    """Small archives have fewer than 200 pages: measure the deepest one instead."""
    if not list_path or fetch(base + list_path)[0] != 200:
        return None
    low, high = 1, 200
    while low < high:
        middle = (low + high + 1) // 2
        if fetch(f"{base}{list_path}?page={middle}")[0] == 200:
            low = middle
        else:
            high = middle - 1
    return low if low > 1 else None


def existing_archive(manifest_path, database_url=None):
    """(scale, read-only database URL, sample URLs) of an archive built elsewhere, used as it is."""
    manifest = json.loads(manifest_path.read_text())
    database_url = database_url or f"sqlite:///{manifest_path.with_suffix('.sqlite3')}"
    return manifest["scale"], read_only(database_url), manifest["urls"]


def bench_scale(scale, args, script, static_root):
    OUT.mkdir(parents=True, exist_ok=True)
    database = OUT / f"archive-{scale}.sqlite3"
    database_url = f"sqlite:///{database}"
    manifest = OUT / f"archive-{scale}.json"
    if args.regenerate:
        for path in OUT.glob(f"archive-{scale}.*"):
            path.unlink()
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
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    urls = json.loads(manifest.read_text())["urls"]
    return bench_pages(scale, database_url, urls, args, script, static_root)


def bench_pages(scale, database_url, urls, args, script, static_root):
    """Every page of the archive at ``database_url`` through gunicorn, page cache off then on."""
    database = "SQLite" if database_url.startswith("sqlite:") else "PostgreSQL"
    result = {
        "scale": scale,
        "database": database,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "quick": args.quick,
        "runs": args.runs,
        "duration": args.duration,
        "modes": {},
    }
    for mode, page_cache in (("uncached", False), ("cached", True)):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log(f"\n[{scale:,} articles, page cache {'on' if page_cache else 'off'}] gunicorn on {base}")
        env = server_env(database_url, static_root, page_cache)
        with gunicorn(env, port, OUT / "gunicorn.log"):
            pages, skipped = resolve_pages(base, dict(urls), args.pages)
            for name, reason in skipped.items():
                log(f"  skip {name}: {reason}")
            ceiling_url = base + "/__bench__/ceiling/"
            urls_in_round = {
                "ceiling (start)": ceiling_url,
                **{name: base + path for name, path in pages.items()},
                "ceiling (end)": ceiling_url,
            }
            summaries = measure_interleaved(urls_in_round, args, script)
            ceiling_start = summaries.pop("ceiling (start)")
            ceiling_end = summaries.pop("ceiling (end)")
            log(f"  ceiling        {ceiling_start['rps']:8.1f} req/s (first in each round)")
            measured = {}
            for name, path in pages.items():
                measured[name] = {"path": path, **summaries[name]}
                log(
                    f"  {name:<14} {measured[name]['rps']:8.1f} req/s  p50 {measured[name]['p50']:.1f} ms"
                    f"  {path}"
                )
            log(f"  ceiling (end)  {ceiling_end['rps']:8.1f} req/s (last in each round)")
        ceiling = (ceiling_start["rps"] + ceiling_end["rps"]) / 2
        drift = abs(ceiling_start["rps"] - ceiling_end["rps"]) / ceiling if ceiling else 0
        result["modes"][mode] = {
            "ceiling": {
                **ceiling_start,
                "rps": ceiling,
                "start": ceiling_start["rps"],
                "end": ceiling_end["rps"],
                "drift": drift,
            },
            "pages": measured,
            "skipped": skipped,
        }
    path = OUT / f"results-{database.lower()}-{scale}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print_table(result)
    return result


def print_table(result):
    log(f"\n{result['scale']:,} articles ({result['database']}): ratio of the ceiling")
    uncached, cached = result["modes"]["uncached"], result["modes"]["cached"]
    log(f"  {'page':<16}{'uncached':>10}{'cached':>10}")
    for name in PAGES:
        if name in uncached["pages"]:
            u = uncached["pages"][name]["rps"] / uncached["ceiling"]["rps"]
            c = cached["pages"].get(name, {}).get("rps", 0) / cached["ceiling"]["rps"]
            log(f"  {name:<16}{u:>9.1%}{c:>10.1%}")
        else:
            log(f"  {name:<16}{'skipped':>10}")


@contextlib.contextmanager
def postgres():
    """A throwaway PostgreSQL 15 cluster on 127.0.0.1:55434 (trust auth), removed afterwards."""
    data = Path(tempfile.mkdtemp(prefix="gongjiang-bench-pg-"))
    shutil.chown(data, "postgres")

    def as_postgres(command, check=True):
        # cwd /tmp: the postgres user may not be allowed into the checkout.
        done = subprocess.run(["su", "postgres", "-c", command], cwd="/tmp", capture_output=True, text=True)
        if check and done.returncode:
            raise RuntimeError(f"{command}: {done.stdout}{done.stderr}")
        return done

    port = next((p for p in range(PG_PORT, PG_PORT + 50) if port_is_free(p)), PG_PORT)
    started = False
    try:
        as_postgres(f"{PG_BIN}/initdb -D {data} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8")
        as_postgres(
            f"{PG_BIN}/pg_ctl -D {data} -l {data}/server.log "
            f"-o '-c listen_addresses=127.0.0.1 -p {port} -k /tmp' -w -t 180 start"
        )
        started = True
        as_postgres(
            f"{PG_BIN}/psql -h 127.0.0.1 -p {port} -U postgres -q -c 'CREATE DATABASE gongjiang_bench'"
        )
        yield f"postgres://postgres@127.0.0.1:{port}/gongjiang_bench"
    finally:
        if started:
            as_postgres(f"{PG_BIN}/pg_ctl -D {data} -m fast -w stop", check=False)
        shutil.rmtree(data, ignore_errors=True)


def postgres_step(scale):
    log(f"\n[PostgreSQL] throwaway server on 127.0.0.1 (port {PG_PORT} or next free), {scale:,} articles")
    manifest = OUT / f"pg-{scale}.json"
    manifest.unlink(missing_ok=True)
    with postgres() as database_url:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
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
                "--explain",
            ],
            cwd=ROOT,
            check=True,
            env=env,
        )
    data = json.loads(manifest.read_text())
    for title, plan in data["explain"].items():
        log(f"\nEXPLAIN {title}\n{plan}")
    return data


def extra_benchmarks(quick, with_postgres):
    """Import throughput and search latency, from their owners' scripts when present.

    Search runs at 100,000 documents (2,000 with --quick) on SQLite and, when the
    PostgreSQL step runs, on a throwaway PostgreSQL server as well.
    """
    docs = "2000" if quick else "100000"
    extras = [
        ("import_bench", "import_bench", "Import throughput", ["--count", "200" if quick else "1000"], False),
        ("search_bench", "search_bench", "Search latency, SQLite", ["--docs", docs], False),
        (
            "edge_bench",
            "edge_bench",
            "Edge: Varnish against nginx, hit ratio under edits, commit to fresh page",
            ["--runs", "1", "--duration", "2", "--mixed", "10", "--pages", "300"] if quick else [],
            False,
        ),
    ]
    if with_postgres:
        extras.append(
            ("search_bench-postgresql", "search_bench", "Search latency, PostgreSQL", ["--docs", docs], True)
        )
    for name, module, title, arguments, on_postgres in extras:
        if not (ROOT / "bench" / f"{module}.py").exists():
            log(f"{title}: bench/{module}.py not present, skipped")
            continue
        figures = OUT / f"{name}.json"
        figures.unlink(missing_ok=True)
        with postgres() if on_postgres else contextlib.nullcontext() as database_url:
            command = [sys.executable, "-m", f"bench.{module}", *arguments, "--json", str(figures)]
            if database_url:
                command += ["--database-url", database_url]
            log(f"\n[{title}] {' '.join(command[1:])}")
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        output = (done.stdout + done.stderr).strip()
        log(output)
        (OUT / f"{name}.md").write_text(
            f"## {title}\n\n`python -m bench.{module} {' '.join(arguments)}` "
            f"({datetime.now(UTC):%Y-%m-%d %H:%M UTC}, exit {done.returncode}):\n\n```\n{output}\n```\n"
        )


def admin_benchmarks(quick, with_postgres):
    """Every admin page an editor uses (bench/admin_bench.py), at 1,000 and 100,000 articles
    (1,000 only with --quick) on SQLite and, with the PostgreSQL step, at the largest size on
    a throwaway PostgreSQL server too. Its figures join RESULTS.md through write_results."""
    scales = ["1000"] if quick else ["1000", "100000"]
    runs = ["--runs", "3" if quick else "9"]
    log(f"\n[Admin pages, SQLite] bench.admin_bench --scale {' '.join(scales)}")
    subprocess.run(
        [sys.executable, "-m", "bench.admin_bench", "--scale", *scales, *runs], cwd=ROOT, check=False
    )
    if with_postgres:
        with postgres() as database_url:
            log(f"\n[Admin pages, PostgreSQL] bench.admin_bench --scale {scales[-1]}")
            command = [sys.executable, "-m", "bench.admin_bench", "--scale", scales[-1], *runs]
            subprocess.run([*command, "--database-url", database_url], cwd=ROOT, check=False)


IMPORT_TARGET = 150  # documents/s (issue 4)
SEARCH_TARGET = (20, 60)  # search page p50, p95 in ms at 100,000 documents (issue 15)


def summary_lines(results):
    """One table with every target: pages as ratios of the ceiling, import rate, search latency."""
    lines = [
        "## Summary",
        "",
        "| measure | where | measured | target | |",
        "|---|---|---:|---:|---|",
    ]
    for result in results:
        where = f"{result['scale']:,} articles"
        for mode in ("uncached", "cached"):
            data = result["modes"][mode]
            for name in PAGES:
                page = data["pages"].get(name)
                target = CACHED_TARGET if mode == "cached" else TARGETS.get(name)
                if page is None or target is None:
                    continue
                ratio = page["rps"] / data["ceiling"]["rps"]
                lines.append(
                    f"| {name}, page cache {'on' if mode == 'cached' else 'off'} | {where} "
                    f"| {ratio:.1%} of ceiling | {target:.0%} | {'✓' if ratio >= target else '✗'} |"
                )
            pages = data["pages"]
            if mode == "uncached" and "article_list_1" in pages and "article_list_200" in pages:
                deep = pages["article_list_200"]["rps"] / pages["article_list_1"]["rps"]
                verdict = "✓" if deep >= 0.8 else "✗"
                lines.append(f"| list page 200 vs page 1 | {where} | {deep:.0%} | 80% | {verdict} |")
    if len(results) >= 2:
        small, large = results[0], results[-1]
        for name in ("article_list_1", "article_detail"):
            a = small["modes"]["uncached"]["pages"].get(name)
            b = large["modes"]["uncached"]["pages"].get(name)
            if a and b:
                factor = b["p50"] / a["p50"]
                lines.append(
                    f"| {name} p50, {large['scale']:,} vs {small['scale']:,} | uncached | {factor:.2f}× "
                    f"| ≤ 1.5× | {'✓' if factor <= 1.5 else '✗'} |"
                )
    imported = OUT / "import_bench.json"
    if imported.exists():
        figures = json.loads(imported.read_text())
        rate = figures["rate"]
        lines.append(
            f"| import | {figures['documents']:,} documents, SQLite | {rate:.0f} documents/s "
            f"| {IMPORT_TARGET} | {'✓' if rate >= IMPORT_TARGET else '✗'} |"
        )
    for searched in sorted(OUT.glob("search_bench*.json")):
        figures = json.loads(searched.read_text())
        where = f"{figures['docs']:,} documents, {figures['database']}"
        for group in ("common", "rare"):
            p50, p95 = figures["large"][group]["page"]
            met = p50 <= SEARCH_TARGET[0] and p95 <= SEARCH_TARGET[1]
            verdict = ("✓" if met else "✗") if figures["docs"] >= 100_000 else ""
            lines.append(
                f"| search page p50 / p95, {group} words | {where} | {p50:.1f} / {p95:.1f} ms "
                f"| ≤ {SEARCH_TARGET[0]} / {SEARCH_TARGET[1]} ms at 100,000 | {verdict} |"
            )
        if "recall" in figures:
            recall = figures["recall"]["recall"]
            lines.append(f"| search recall, fixed queries | {where} | {recall:.4f} | 1.0000 | |")
    return [*lines, ""]


def write_results():
    """bench/RESULTS.md's sections from every result in bench/out (the latest run of each scale).

    Each benchmark's figures replace its own fenced section (bench/results.py); the
    hand-written readings between them stay.
    """
    from bench.admin_bench import INTRODUCTION as ADMIN_INTRODUCTION
    from bench.admin_bench import markdown as admin_markdown
    from bench.results import RESULTS, write_sections

    results = [json.loads(p.read_text()) for p in sorted(OUT.glob("results-*.json"))]
    results.sort(key=lambda r: r["scale"])
    lines = [
        "Written by `make bench` (`python -m bench.run`); see README, "
        "section Benchmarks. Ratios are requests/s divided by the ceiling's requests/s "
        "(a fixed 20 KB page through the same middleware) measured on the same server in the same run.",
        "",
        *summary_lines(results),
    ]
    for result in results:
        m = result["machine"]
        lines += [
            f"## {result['scale']:,} articles, {result['database']}",
            "",
            f"- Date: {result['date']}; {result['runs']} run(s) of {result['duration']} s per page after a "
            f"warm-up, taken in rounds (run 1 of every page, then run 2…; the ceiling first and last "
            f"in each round), wrk -t2 -c8" + (" (--quick)" if result.get("quick") else ""),
            f"- Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM, load average at start "
            f"{m['load_at_start']}; Python {m['python']}, Django {m['django']}; "
            "gunicorn 2 workers, DEBUG off",
            "",
        ]
        for mode in ("uncached", "cached"):
            data = result["modes"][mode]
            ceiling = data["ceiling"]
            drift = f", drift {ceiling['drift']:.0%}: NOISY" if ceiling["drift"] > NOISE else ""
            lines += [
                f"### Page cache {'on (anonymous)' if mode == 'cached' else 'off'}",
                "",
                f"Ceiling: {ceiling['rps']:.0f} req/s (start {ceiling['start']:.0f}, "
                f"end {ceiling['end']:.0f}{drift})",
                "",
                "| page | req/s | ratio | target | p50 ms | p95 ms | p99 ms | runs (req/s) | noise |",
                "|---|---:|---:|---:|---:|---:|---:|---|---|",
            ]
            for name in PAGES:
                if name not in data["pages"]:
                    reason = data["skipped"].get(name, "not requested")
                    lines.append(f"| {name} | – | – | – | – | – | – | skipped: {reason} | |")
                    continue
                page = data["pages"][name]
                ratio = page["rps"] / ceiling["rps"]
                target = CACHED_TARGET if mode == "cached" else TARGETS.get(name)
                verdict = (
                    "" if target is None else (f"{target:.0%} ✓" if ratio >= target else f"{target:.0%} ✗")
                )
                noise = f"noisy ({page['spread']:.0%})" if page["spread"] > NOISE else f"{page['spread']:.0%}"
                if page["errors"]:
                    noise += f", {page['errors']} errors"
                lines.append(
                    f"| {name} `{page['path']}` | {page['rps']:.0f} | {ratio:.1%} | {verdict} "
                    f"| {page['p50']:.1f} | {page['p95']:.1f} | {page['p99']:.1f} "
                    f"| {', '.join(map(str, page['runs']))} | {noise} |"
                )
            pages = data["pages"]
            if "article_list_1" in pages and "article_list_200" in pages:
                deep = pages["article_list_200"]["rps"] / pages["article_list_1"]["rps"]
                lines += [
                    "",
                    f"Deep pagination: list page {pages['article_list_200']['path'].split('=')[-1]} "
                    f"runs at {deep:.0%} of page 1 (target ≥ 80 %).",
                ]
            lines.append("")
    if len(results) >= 2:
        small, large = results[0], results[-1]
        lines += [
            f"## Flat cost: {large['scale']:,} vs {small['scale']:,} articles (uncached p50 latency)",
            "",
            "| page | p50 small | p50 large | factor (target ≤ 1.5) |",
            "|---|---:|---:|---:|",
        ]
        for name in (
            "article_list_1",
            "article_list_200",
            "article_detail",
            "speech_detail",
            "tag",
            "person",
        ):
            a = small["modes"]["uncached"]["pages"].get(name)
            b = large["modes"]["uncached"]["pages"].get(name)
            if a and b:
                factor = b["p50"] / a["p50"]
                lines.append(
                    f"| {name} | {a['p50']:.1f} ms | {b['p50']:.1f} ms | {factor:.2f} "
                    f"{'✓' if factor <= 1.5 else '✗'} |"
                )
        lines.append("")
    for pg in sorted(OUT.glob("pg-*.json")):
        data = json.loads(pg.read_text())
        if "explain" not in data:
            continue
        lines += [f"## PostgreSQL: EXPLAIN at {data['scale']:,} articles", ""]
        for title, plan in data["explain"].items():
            lines += [f"{title}:", "", "```", plan, "```", ""]
    sections = {"pages": "\n".join(lines) if results else ""}
    for extra in ("import_bench", "search_bench", "search_bench-postgresql", "edge_bench"):
        path = OUT / f"{extra}.md"
        sections[extra] = path.read_text() if path.exists() else ""
    sections["admin"] = (admin_markdown(), ADMIN_INTRODUCTION)
    write_sections(sections)
    log(f"\nWrote {RESULTS}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[10_000], help="articles in the archive")
    parser.add_argument("--pages", nargs="+", default=PAGES, choices=PAGES)
    parser.add_argument("--quick", action="store_true", help="one 2 s run per page (smoke test, noisy)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per measured run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the archive even if cached")
    parser.add_argument(
        "--archive",
        type=Path,
        help="instead of --scale: an existing archive's manifest (bench.admin_archive's), measured read-only",
    )
    parser.add_argument("--database-url", help="with --archive: its database (default: .sqlite3 beside it)")
    pg = parser.add_mutually_exclusive_group()
    pg.add_argument("--postgres", action="store_true", help="always run the PostgreSQL EXPLAIN step")
    pg.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL EXPLAIN step")
    parser.add_argument("--pg-scale", type=int, default=100_000)
    parser.add_argument(
        "--no-extras", action="store_true", help="skip bench/import_bench.py and search_bench.py"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.duration, args.warmup = 1, 2, 1

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    ensure_wrk()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongjiang-bench-") as tmp:
        script = Path(tmp) / "report.lua"
        script.write_text(WRK_SCRIPT)
        static_root = Path(tmp) / "static"
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            check=True,
            env=server_env(f"sqlite:///{Path(tmp) / 'unused.sqlite3'}", static_root, False),
        )
        if args.archive:
            scale, database_url, urls = existing_archive(args.archive, args.database_url)
            bench_pages(scale, database_url, urls, args, str(script), static_root)
        else:
            for scale in args.scale:
                bench_scale(scale, args, str(script), static_root)

    have_pg = (PG_BIN / "pg_ctl").exists() and os.geteuid() == 0
    with_postgres = False
    if args.postgres or (have_pg and not args.no_postgres):
        if not have_pg:
            log("PostgreSQL step skipped: needs root and /usr/lib/postgresql/15/bin")
        else:
            postgres_step(args.pg_scale)
            with_postgres = True
    if not args.no_extras:
        extra_benchmarks(args.quick, with_postgres)
        admin_benchmarks(args.quick, with_postgres)
    write_results()


if __name__ == "__main__":
    main()
