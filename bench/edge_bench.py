"""Edge benchmark: Varnish (deploy/varnish/) in front of gunicorn, against nginx serving the same bytes.

    python -m bench.edge_bench [--scale 2000] [--duration 5] [--mixed 20] [--pages 1000] [--json FILE]

1. Generates (once) a throwaway SQLite archive under bench/out/ (bench/generate.py), starts
   gunicorn (2 workers, DEBUG off, page cache on) with Varnish in front of it and nginx
   serving, from a file, the bytes Varnish returns for each page.
2. **Edge ratio**: wrk (2 threads, 8 connections) on home, the article list and an
   article page through Varnish, and on the same bytes from nginx, in rounds; each page
   as a ratio of nginx (target: at least 0.5).
3. **Mixed run**: readers on ``--pages`` different pages (home, lists, tags, articles)
   chosen with a Zipf-like spread (weight 1/rank) while an editor saves one piece a
   second (a title edit of a random article), twice: with every change purging every
   page (``PAGE_CACHE_PURGE_EVERYTHING=1``, what the single site-wide generation did)
   and with surrogate keys. Hit ratio from varnishstat, req/s and p99 from wrk.
4. **Commit to fresh**: an article's title is saved and its page read through Varnish
   until the new title shows; the time from just before the save to the first fresh
   page, over 20 saves.

Every server it starts listens on 127.0.0.1 (free ports) and is stopped at the end.
Needs wrk, varnish, varnish-modules and nginx (installed with apt-get when run as root).
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from bench.run import OUT, ROOT, WRK_SCRIPT, ensure_wrk, free_port, gunicorn, log, machine, server_env, wrk

EDITOR_LOOP = """
import random, sys, time
import django
django.setup()
from articles.models import Article
ids = list(Article.objects.live().order_by("-publish_at").values_list("pk", flat=True)[: int(sys.argv[1])])
end = time.monotonic() + float(sys.argv[2])
saves = 0
while time.monotonic() < end:
    started = time.monotonic()
    article = Article.objects.get(pk=random.choice(ids))
    article.title = article.title.rstrip("·") + "·" if len(article.title) < 190 else article.title[:50]
    article.save()
    saves += 1
    time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
print(saves)
"""

ZIPF_SCRIPT = """
local paths = {}
local cumulative = {}
local total = 0
for line in io.lines("%(paths)s") do
  local weight, path = line:match("^(%%S+) (.+)$")
  total = total + tonumber(weight)
  table.insert(paths, path)
  table.insert(cumulative, total)
end
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
init = function(args)
  math.randomseed(os.time() * 100 + id)
  hits = 0
  misses = 0
end
request = function()
  local x = math.random() * total
  local lo, hi = 1, #cumulative
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < x then lo = mid + 1 else hi = mid end
  end
  return wrk.format("GET", paths[lo])
end
response = function(status, headers, body)
  if headers["X-Edge-Cache"] == "hit" then hits = hits + 1 else misses = misses + 1 end
end
done = function(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
  end
  io.write(string.format("HITS %%d %%d\\n", h, m))
  io.write(string.format("BENCH %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def ensure_tools():
    ensure_wrk()
    needed = {"varnishd": "varnish varnish-modules", "nginx": "nginx-light"}
    search_path = f"{os.environ['PATH']}:/usr/sbin"
    missing = [package for binary, package in needed.items() if not shutil.which(binary, path=search_path)]
    if missing and os.geteuid() == 0:
        packages = " ".join(missing).split()
        log(f"installing {' '.join(packages)} with apt-get …")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=False, env=env)
    for binary, package in needed.items():
        if not shutil.which(binary, path=search_path):
            sys.exit(f"edge bench: {binary} missing (apt-get install {package})")


@contextlib.contextmanager
def nginx(root, tmp):
    from tests.edge.varnish import free_port as any_free_port

    port = any_free_port()
    config = Path(tmp) / "nginx.conf"
    config.write_text(
        f"worker_processes 2;\ndaemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/nginx-error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; client_body_temp_path {tmp}; proxy_temp_path {tmp};\n"
        f"  fastcgi_temp_path {tmp}; uwsgi_temp_path {tmp}; scgi_temp_path {tmp};\n"
        f"  server {{ listen 127.0.0.1:{port}; root {root}; default_type text/html; }} }}\n"
    )
    process = subprocess.Popen(["/usr/sbin/nginx", "-c", str(config)], start_new_session=True)
    try:
        from tests.edge.varnish import wait_for_port

        wait_for_port(port, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def read(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own 127.0.0.1 servers)
        return response.read()


def edge_ratio(edge, pages, tmp, args, script):
    www = Path(tmp) / "www"
    www.mkdir()
    for name, path in pages.items():
        read(edge + path)
        (www / f"{name}.html").write_bytes(read(edge + path))  # what readers get from Varnish
    results = {}
    with nginx(www, tmp) as static:
        targets = {}
        for name, path in pages.items():
            targets[f"{name} (Varnish)"] = edge + path
            targets[f"{name} (nginx)"] = f"{static}/{name}.html"
        for url in targets.values():
            wrk(url, args.warmup, script)
        runs = {name: [] for name in targets}
        for _ in range(args.runs):
            for name, url in targets.items():
                runs[name].append(wrk(url, args.duration, script))
        for name in pages:
            varnish_rps = statistics.median(run["rps"] for run in runs[f"{name} (Varnish)"])
            nginx_rps = statistics.median(run["rps"] for run in runs[f"{name} (nginx)"])
            results[name] = {
                "varnish_rps": varnish_rps,
                "nginx_rps": nginx_rps,
                "ratio": varnish_rps / nginx_rps,
                "varnish_p99": statistics.median(run["p99"] for run in runs[f"{name} (Varnish)"]),
                "bytes": len((www / f"{name}.html").read_bytes()),
            }
            log(
                f"  {name:<13} Varnish {varnish_rps:9.0f} req/s   nginx {nginx_rps:9.0f} req/s"
                f"   ratio {varnish_rps / nginx_rps:.2f}"
            )
    return results


def reader_paths(manifest, database_url, count):
    """``count`` pages in order of popularity: home and lists first, then articles newest first."""
    urls = dict(json.loads(manifest.read_text())["urls"])
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    listing = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from articles.models import Article;"
            "live = Article.objects.live().order_by('-publish_at');"
            f"[print(a.get_absolute_url()) for a in live[:{count}]]",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    paths = ["/", "/articles/", urls.get("tag", "/tags/"), "/speeches/", "/articles/?page=2"]
    paths += [line for line in listing.stdout.split() if line.startswith("/")]
    return paths[:count]


def mixed_run(edge, env, paths, args, tmp):
    """Readers with a Zipf-like spread while an editor saves one piece a second."""
    weights = Path(tmp) / "paths.txt"
    weights.write_text("".join(f"{1 / rank:.8f} {path}\n" for rank, path in enumerate(paths, start=1)))
    script = Path(tmp) / "zipf.lua"
    script.write_text(ZIPF_SCRIPT % {"paths": weights})
    run_wrk(edge + "/", args.warmup * 3, script)  # fill the caches once
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR_LOOP, str(len(paths)), str(args.mixed)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    measured, hits, misses = run_wrk(edge + "/", args.mixed, script)
    saves = int(editor.communicate(timeout=120)[0].strip() or 0)
    ratio = hits / (hits + misses) if hits + misses else 0
    log(
        f"    hit ratio {ratio:.3f}   {measured['rps']:8.0f} req/s   p99 {measured['p99']:.1f} ms"
        f"   {saves} saves"
    )
    return {"hit_ratio": ratio, "rps": measured["rps"], "p99": measured["p99"], "saves": saves}


def run_wrk(url, seconds, script):
    """wrk with the Zipf script: its figures, and the hits and misses Varnish reported."""
    done = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "30s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    )
    hits, misses = map(int, re.search(r"^HITS (\d+) (\d+)$", done.stdout, re.M).groups())
    fields = re.search(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", done.stdout, re.M).groups()
    requests, duration, p50, p95, p99, _status, _errors = map(int, fields)
    return {"rps": requests / (duration / 1e6), "p50": p50 / 1000, "p99": p99 / 1000}, hits, misses


def commit_to_fresh(edge, env, times=20):
    code = """
import sys, time, urllib.request
import django
django.setup()
from articles.models import Article
article = Article.objects.live().order_by("-publish_at")[7]
url = sys.argv[1] + article.get_absolute_url()
waits = []
for n in range(int(sys.argv[2])):
    urllib.request.urlopen(url).read()
    urllib.request.urlopen(url).read()  # cached at the edge
    title = f"新鲜度测量第{n}次{time.time_ns()}"
    started = time.monotonic()
    article.title = title
    article.save()
    while title not in urllib.request.urlopen(url).read().decode():
        pass
    waits.append((time.monotonic() - started) * 1000)
print(" ".join(f"{w:.1f}" for w in waits))
"""
    done = subprocess.run(
        [sys.executable, "-c", code, edge, str(times)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    waits = [float(value) for value in done.stdout.split()]
    result = {"median_ms": statistics.median(waits), "max_ms": max(waits), "saves": len(waits)}
    log(
        f"  commit to fresh page at the edge: median {result['median_ms']:.0f} ms,"
        f" max {result['max_ms']:.0f} ms"
    )
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=2000, help="articles in the archive")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per measured run")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--mixed", type=int, default=20, help="seconds of each mixed run")
    parser.add_argument("--pages", type=int, default=1000, help="pages the mixed run's readers spread over")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    ensure_tools()
    OUT.mkdir(parents=True, exist_ok=True)
    database = OUT / f"archive-{args.scale}.sqlite3"
    manifest = OUT / f"archive-{args.scale}.json"
    database_url = f"sqlite:///{database}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.generate",
            "--scale",
            str(args.scale),
            "--database-url",
            database_url,
            "--manifest",
            str(manifest),
        ],
        cwd=ROOT,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    urls = dict(json.loads(manifest.read_text())["urls"])
    result = {"scale": args.scale, "machine": machine(), "runs": args.runs, "duration": args.duration}
    with tempfile.TemporaryDirectory(prefix="gongjiang-edge-bench-") as tmp:
        Path(tmp).chmod(0o755)
        script = Path(tmp) / "report.lua"
        script.write_text(WRK_SCRIPT)
        static_root = Path(tmp) / "static"
        base_env = server_env(database_url, static_root, True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            check=True,
            env=base_env,
        )
        paths = reader_paths(manifest, database_url, args.pages)
        pages = {"home": "/", "article_list": "/articles/", "article": urls.get("article_detail", paths[-1])}
        for mode, everything in (("generation", True), ("keys", False)):
            from tests.edge.varnish import Varnish
            from tests.edge.varnish import free_port as any_free_port

            # bench.run.free_port() only looks (8200-8299): two calls can give the same port.
            port, edge_port = free_port(), any_free_port()
            with contextlib.ExitStack() as stack:
                os.environ["PATH"] = f"{os.environ['PATH']}:/usr/sbin"
                env = {
                    **base_env,
                    "EDGE_CACHE_URLS": f"http://127.0.0.1:{edge_port}/",
                    "PAGE_CACHE_PURGE_EVERYTHING": "1" if everything else "0",
                    "PAGE_CACHE_PURGE_LOG": str(Path(tmp) / f"purges-{mode}.log"),
                    "PAGE_CACHE_GENERATION_FILE": str(Path(tmp) / f"generation-{mode}"),
                    "EDGE_PURGE_WAIT": "2",
                }
                stack.enter_context(gunicorn(env, port, OUT / "gunicorn-edge.log"))
                instance = Varnish(f"127.0.0.1:{port}", port=edge_port)
                stack.callback(instance.stop)
                edge = f"http://127.0.0.1:{edge_port}"
                if mode == "keys":
                    log(f"\n[{args.scale:,} articles] through Varnish against nginx serving the same bytes")
                    result["edge"] = edge_ratio(edge, pages, tmp, args, str(script))
                    result["commit_to_fresh"] = commit_to_fresh(edge, env)
                log(
                    f"\n[mixed run, {mode}] {len(paths)} pages, Zipf-like,"
                    f" one save a second for {args.mixed} s"
                )
                result[f"mixed_{mode}"] = mixed_run(edge, env, paths, args, tmp)
    result["load_at_end"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    log(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))


def table(result):
    lines = [
        "",
        f"| Edge ({result['scale']:,} articles) | Varnish req/s | nginx req/s (same bytes)"
        " | ratio (target ≥ 0.5) |",
        "|---|---:|---:|---:|",
    ]
    for name, page in result["edge"].items():
        lines.append(
            f"| {name} | {page['varnish_rps']:.0f} | {page['nginx_rps']:.0f} | {page['ratio']:.2f} |"
        )
    lines += ["", "| Mixed run (one save a second) | hit ratio | req/s | p99 ms |", "|---|---:|---:|---:|"]
    for mode, label in (
        ("generation", "every change purges every page (site-wide generation)"),
        ("keys", "surrogate keys"),
    ):
        data = result[f"mixed_{mode}"]
        lines.append(f"| {label} | {data['hit_ratio']:.3f} | {data['rps']:.0f} | {data['p99']:.1f} |")
    fresh = result["commit_to_fresh"]
    lines += [
        "",
        f"Commit to fresh page at the edge: median {fresh['median_ms']:.0f} ms, max {fresh['max_ms']:.0f} ms "
        f"({fresh['saves']} saves). Load average at the end: {result['load_at_end']}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
