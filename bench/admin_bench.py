"""Admin benchmark: every page an editor uses, timed in process, as each role.

    python -m bench.admin_bench [--scale 1000 100000] [--database-url URL] [--runs 9] [--label after]

For each scale, an archive made once by bench.generate (articles, speeches, people, events,
tags, the search index) and bench.admin_archive (accounts, audit entries — 1,000,000 at
100,000 articles, nine per piece otherwise — revisions, sign-offs, images) in
``--archive-dir`` (default bench/out; a PostgreSQL ``--database-url`` is filled once
instead). Each page is asked through Django's test client with DEBUG off, logged in as the
role that uses it: once to count its SQL queries, then ``--runs`` times for the wall time
(p50, p95) and the CPU time of this process (``time.process_time``, which a busy machine
inflates less than the wall). A page meets the target when its wall p50 is ≤ 100 ms.
Figures go to bench/out/admin_bench-<database>-<scale>[-<label>].json; bench/RESULTS.md
gets them through bench.run.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_MS = 100
ROLES = ("admin", "zuozhe", "zebian", "zhuren", "zongbian")


def log(message):
    print(message, flush=True)


def environment(database_url, static_root):
    return {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        "PAGE_CACHE": "0",
        "LOG_LEVEL": "ERROR",
    }


def manifest_path(scale, database_url, archive_dir):
    """bench.generate's record of what it built, kept beside the archive (for PostgreSQL,
    named after the database, whatever options the URL carries) so a second run reuses it."""
    path = urlsplit(database_url).path
    if database_url.startswith("sqlite:"):
        return Path(path.removeprefix("/")).with_suffix(".json")
    return Path(archive_dir) / f"{path.rsplit('/', 1)[-1]}-{scale}.json"


def prepare(scale, database_url, archive_dir):
    """The archive, generated (once) by bench.generate and bench.admin_archive."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    manifest = manifest_path(scale, database_url, archive_dir)
    subprocess.run(
        [sys.executable, "-m", "bench.generate", "--scale", str(scale), "--database-url", database_url]
        + ["--manifest", str(manifest)],
        cwd=ROOT,
        check=True,
        env=env,
    )
    audit = ["--audit", "1000000"] if scale >= 100_000 else []
    subprocess.run(
        [sys.executable, "-m", "bench.admin_archive", "--database-url", database_url, *audit],
        cwd=ROOT,
        check=True,
        env=env,
    )


def sortable_columns(model_admin, request):
    """The ``o`` values of every sortable column, ascending and descending."""
    orders = []
    for index, name in enumerate(model_admin.get_list_display(request), start=1):
        attribute = getattr(model_admin, name, None)
        if attribute is not None and getattr(attribute, "admin_order_field", None) is None:
            continue
        if attribute is None and not any(f.name == name for f in model_admin.model._meta.fields):
            continue
        orders += [(name, str(index)), (f"{name} desc", f"-{index}")]
    return orders


def pages():
    """[(name, role, path)]: every admin page of issue 20, with ids from the archive."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory
    from django.urls import reverse
    from django.utils import timezone

    from articles.models import Article, Column
    from editorial.models import AuditEntry, Tag
    from editorial.registry import content_types
    from events.models import Event
    from images.models import Image
    from people.models import Person

    superuser = get_user_model().objects.get(username="admin")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    now = timezone.localtime()
    found = []

    def add(name, path, role="admin", **params):
        found.append((name, role, f"{path}?{urlencode(params)}" if params else path))

    add("dashboard (superuser)", reverse("admin:index"))
    for role in ROLES[1:]:
        add(f"dashboard ({role})", reverse("admin:index"), role)
    # Every content type of the registry; a type's own filters besides the shared ones.
    piece_filters = {model: {} for model in content_types()}
    piece_filters[Article] = {"column__id__exact": Column.objects.filter(parent__isnull=False).first().pk}
    tag = Tag.objects.order_by("pk").first()
    for model, extra in piece_filters.items():
        kind = model._meta.model_name
        url = reverse(f"admin:{model._meta.app_label}_{kind}_changelist")
        add(f"{kind} list", url)
        for role in ROLES[1:]:
            add(f"{kind} list ({role})", url, role)
        add(f"{kind} list, 待我审 (zhuren)", url, "zhuren", awaiting="me")
        add(f"{kind} list, status", url, status__exact="published")
        add(f"{kind} list, tag", url, tags__id__exact=tag.pk)
        # The list filter's own link (DateFieldListFilter: local midnight, with its offset).
        today = now.replace(hour=0, minute=0, second=0, microsecond=0)
        week = {
            "publish_at__gte": str(today - timedelta(days=7)),
            "publish_at__lt": str(today + timedelta(days=1)),
        }
        add(f"{kind} list, last 7 days", url, **week)
        for key, value in extra.items():
            add(f"{kind} list, {key.split('__')[0]}", url, **{key: value})
        add(f"{kind} list, year", url, publish_at__year=now.year - 1)
        add(f"{kind} list, month", url, publish_at__year=now.year - 1, publish_at__month=6)
        add(f"{kind} list, day", url, publish_at__year=now.year - 1, publish_at__month=6, publish_at__day=15)
        add(f"{kind} list, search 工匠", url, q="工匠")
        add(f"{kind} list, search 工匠 (zuozhe)", url, "zuozhe", q="工匠")
        model_admin = admin.site.get_model_admin(model)
        for column, order in sortable_columns(model_admin, request):
            add(f"{kind} list, sorted by {column}", url, o=order)
        last = max(1, -(-model.objects.count() // model_admin.list_per_page))
        add(f"{kind} list, last page", url, p=last)
        published = model.objects.filter(status="published").order_by("pk")
        if not published.exists():
            continue  # a type the archive holds no piece of (its lists are timed above)
        piece = published[published.count() // 2]
        change = reverse(f"admin:{model._meta.app_label}_{kind}_change", args=[piece.pk])
        add(f"{kind} change form", change)
        add(f"{kind} change form (zongbian)", change, "zongbian")
        add(f"{kind} add form", reverse(f"admin:{model._meta.app_label}_{kind}_add"), "zuozhe")
        add(f"{kind} revisions", reverse(f"admin:{model._meta.app_label}_{kind}_revisions", args=[piece.pk]))
        add(f"{kind} preview", reverse(f"admin:{model._meta.app_label}_{kind}_preview", args=[piece.pk]))
        add(f"{kind} 审稿单", reverse(f"admin:{model._meta.app_label}_{kind}_slip", args=[piece.pk]))
    add(
        "autocomplete people",
        reverse("admin:autocomplete"),
        term="王",
        app_label="articles",
        model_name="article",
        field_name="people",
    )
    for model, search, extra in (
        (Person, "王", {}),
        (Event, "大会", {"year": {"start_date__year": now.year - 1}}),
        (Tag, "工", {}),
        (
            Image,
            "车间",
            {
                "year": {"created_at__year": now.year - 1},
                "uploader": {"uploaded_by__id__exact": superuser.pk},
            },
        ),
    ):
        kind = model._meta.model_name
        url = reverse(f"admin:{model._meta.app_label}_{kind}_changelist")
        model_admin = admin.site.get_model_admin(model)
        add(f"{kind} list", url)
        add(f"{kind} list, search {search}", url, q=search)
        for label, params in extra.items():
            add(f"{kind} list, {label}", url, **params)
        if model is Image:
            add(f"{kind} list, tag", url, tags__id__exact=tag.pk)
        for column, order in sortable_columns(model_admin, request):
            add(f"{kind} list, sorted by {column}", url, o=order)
        last = max(1, -(-model.objects.count() // model_admin.list_per_page))
        add(f"{kind} list, last page", url, p=last)
        one = model.objects.order_by("pk")[model.objects.count() // 2]
        add(f"{kind} change form", reverse(f"admin:{model._meta.app_label}_{kind}_change", args=[one.pk]))
    url = reverse("admin:editorial_auditentry_changelist")
    model_admin = admin.site.get_model_admin(AuditEntry)
    add("audit log", url)
    add("audit log, event 签发", url, event="approved")
    add("audit log, status", url, to_status__exact="published")
    add("audit log, year", url, created_at__year=now.year - 1)
    add("audit log, month", url, created_at__year=now.year - 1, created_at__month=6)
    add("audit log, day", url, created_at__year=now.year - 1, created_at__month=6, created_at__day=15)
    add("audit log, search", url, q="工匠")
    for column, order in sortable_columns(model_admin, request):
        add(f"audit log, sorted by {column}", url, o=order)
    last = max(1, -(-AuditEntry.objects.count() // model_admin.list_per_page))
    add("audit log, page 2000 (or the last)", url, p=min(2000, last))
    return found


class QueryLog(list):
    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def measure(runs, only=None):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    clients = {}
    for role in ROLES:
        clients[role] = Client()
        clients[role].force_login(get_user_model().objects.get(username=role))
    results = {}
    for name, role, path in pages():
        if only and not any(word in name for word in only):
            continue
        client = clients[role]
        # Counted by a wrapper, not connection.queries: a request starts by emptying that log.
        queries = QueryLog()
        with connection.execute_wrapper(queries):
            response = client.get(path)
        if response.status_code != 200:
            log(f"  {name:<44} {response.status_code} {path}")
            results[name] = {"path": path, "role": role, "status": response.status_code}
            continue
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            client.get(path)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        walls.sort()
        page = {
            "path": path,
            "role": role,
            "queries": len(queries),
            "p50": statistics.median(walls),
            "p95": walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))],
            "cpu_p50": statistics.median(cpus),
        }
        results[name] = page
        mark = "✓" if page["p50"] <= TARGET_MS else "✗"
        log(
            f"  {name:<44} p50 {page['p50']:7.1f}  p95 {page['p95']:7.1f}  cpu {page['cpu_p50']:7.1f} ms"
            f"  {page['queries']:3d} q  {mark}"
        )
    return results


def run_scale(scale, args, static_root):
    database_url = args.database_url or f"sqlite:///{Path(args.archive_dir).resolve() / f'a{scale}.sqlite3'}"
    prepare(scale, database_url, args.archive_dir)
    os.environ.update(environment(database_url, static_root))
    # One process per scale: Django is set up once per database.
    command = [sys.executable, "-m", "bench.admin_bench", "--measure", "--runs", str(args.runs)]
    command += ["--label", args.label, "--scale-of-archive", str(scale)]
    if args.only:
        command += ["--only", *args.only]
    subprocess.run(command, cwd=ROOT, check=True, env=os.environ)


def measure_main(args):
    from django.db import connection

    load_start = os.getloadavg()
    started = datetime.now(UTC)
    log(f"\n[admin, {args.scale_of_archive:,} articles, {os.environ['DATABASE_URL'].split(':')[0]}]")
    results = measure(args.runs, args.only)
    vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    figures = {
        "scale": args.scale_of_archive,
        "database": vendor,
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "runs": args.runs,
        "label": args.label,
        "load": [f"{x:.2f}" for x in load_start],
        "load_end": [f"{x:.2f}" for x in os.getloadavg()],
        "pages": results,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    suffix = f"-{args.label}" if args.label else ""
    path = OUT / f"admin_bench-{vendor.lower()}-{args.scale_of_archive}{suffix}.json"
    if args.label or not args.only:  # a labelled run of some pages is kept (e.g. before, on a subset)
        path.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
        log(f"Wrote {path.relative_to(ROOT)}")


def _cells(page):
    if not page or "p50" not in page:
        return "– | – | – | –" if not page else f"HTTP {page['status']} | – | – | –"
    return f"{page['p50']:.1f} | {page['p95']:.1f} | {page['cpu_p50']:.1f} | {page['queries']}"


def _when(figures):
    return (
        f"{figures['date']}, {figures['runs']} runs per page, load average {' '.join(figures['load'])} "
        f"at the start, {' '.join(figures['load_end'])} at the end"
    )


HEADING = "## Admin pages (issue 20)"
INTRODUCTION = f"""{HEADING}

`python -m bench.admin_bench --scale 1000 100000` (and `--database-url postgres://…`): in process,
DEBUG off, Django's test client; wall p50 / p95 and CPU p50 in ms, SQL queries;
✓ when the wall p50 is ≤ {TARGET_MS} ms. On a loaded machine the wall time is the CPU
time times the load's share; judge changes by the CPU column and the queries."""


def markdown():
    """The admin tables of bench/RESULTS.md: every page per database and size, beside the
    figures labelled ``before`` (the code before issue 20) when there are some."""
    runs = [json.loads(path.read_text()) for path in sorted(OUT.glob("admin_bench-*.json"))]
    lines = []
    groups = {}
    for figures in runs:
        groups.setdefault((figures["database"], figures["scale"]), {})[figures.get("label") or "after"] = (
            figures
        )
    for (database, scale), labelled in sorted(groups.items()):
        after = labelled.get("after")
        before = labelled.get("before")
        lines += [f"### {scale:,} articles, {database}", ""]
        if before:
            lines.append(f"- before: {_when(before)}")
        if after:
            lines.append(f"- after: {_when(after)}")
        lines.append("")
        names = list((after or before)["pages"])
        names += [name for name in (before or {}).get("pages", {}) if name not in names]
        if before and after:
            lines += [
                "| page | role | before p50 | p95 | CPU | queries | after p50 | p95 | CPU | queries | |",
                "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
            ]
        else:
            lines += [
                "| page | role | p50 | p95 | CPU p50 | queries | |",
                "|---|---|---:|---:|---:|---:|---|",
            ]
        for name in names:
            new = (after or before)["pages"].get(name) if after else None
            old = before["pages"].get(name) if before else None
            shown = new if after else old
            role = (shown or old or {}).get("role", "")
            mark = ""
            if shown and "p50" in shown:
                mark = "✓" if shown["p50"] <= TARGET_MS else "✗"
            cells = f"{_cells(old)} | {_cells(new)}" if before and after else _cells(shown)
            lines.append(f"| {name} | {role} | {cells} | {mark} |")
        lines.append("")
    return "\n".join(lines)


def update_results():
    """Rewrite the admin section of bench/RESULTS.md, keeping every other section (bench/results.py)."""
    from bench.results import RESULTS, write_sections

    write_sections({"admin": (markdown(), INTRODUCTION)})
    log(f"Wrote the admin section of {RESULTS}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--archive-dir", default=str(OUT), help="where the SQLite archives are kept")
    parser.add_argument("--database-url", help="a PostgreSQL database to fill once and measure (one scale)")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--label", default="", help="a name for this run's figures (e.g. before)")
    parser.add_argument("--only", nargs="+", help="pages whose name holds one of these words (not saved)")
    parser.add_argument(
        "--results", action="store_true", help="only write the admin section of bench/RESULTS.md"
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale-of-archive", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.measure:
        measure_main(args)
        return
    if args.results:
        update_results()
        return
    if args.database_url and len(args.scale) > 1:
        sys.exit("bench.admin_bench: one --scale per --database-url")
    Path(args.archive_dir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongjiang-admin-bench-") as tmp:
        static_root = Path(tmp) / "static"
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            check=True,
            env={**os.environ, **environment(f"sqlite:///{Path(tmp) / 'unused.sqlite3'}", static_root)},
        )
        for scale in args.scale:
            run_scale(scale, args, static_root)


if __name__ == "__main__":
    main()
