"""Edge benchmark: Varnish (deploy/varnish/) in front of gunicorn, against nginx serving the same bytes.

    python -m bench.edge_bench [--scale 2000] [--duration 5] [--mixed 20] [--pages 1000] [--json FILE]

1. Generates (once) a throwaway SQLite archive under bench/out/ (bench/generate.py), starts
   gunicorn (2 workers, DEBUG off, page cache on) with Varnish in front of it and nginx
   serving, from a file, the bytes Varnish returns for each page.
2. **Edge ratio**: wrk (2 threads, 8 connections, ``Accept-Encoding: gzip`` as every
   browser sends) on home, the article list and an article page through Varnish, and on
   the same bytes from nginx (the gzipped body Varnish keeps, served with
   ``gzip_static``, and the same response headers), in rounds; each page as a ratio of
   nginx (target: at least 0.5), with each server's CPU time per request (from /proc:
   it moves far less with the machine's load than req/s). ``--pin`` runs wrk on the
   first core and both servers on the second.
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
import gzip
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

from bench.run import OUT, ROOT, WRK_SCRIPT, ensure_wrk, free_port, gunicorn, log, machine, server_env

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


# Headers that differ by nature between two servers (or that nginx makes itself from the
# file): every other header Varnish sends, nginx sends too, so both write the same bytes.
OWN_HEADERS = {
    "date",
    "age",
    "server",
    "connection",
    "content-length",
    "content-encoding",
    "content-type",
    "transfer-encoding",
    "accept-ranges",
    "etag",
    "last-modified",
    "keep-alive",
}
GZIP = "Accept-Encoding: gzip"


def nginx_headers(headers):
    """add_header lines repeating Varnish's own response headers."""
    lines = []
    for name, value in headers:
        if name.lower() not in OWN_HEADERS:
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'add_header {name} "{escaped}" always;')
    return "\n    ".join(lines)


@contextlib.contextmanager
def nginx(root, tmp, headers=""):
    from tests.edge.varnish import free_port as any_free_port

    port = any_free_port()
    config = Path(tmp) / "nginx.conf"
    config.write_text(
        f"worker_processes 2;\ndaemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/nginx-error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; client_body_temp_path {tmp}; proxy_temp_path {tmp};\n"
        f"  fastcgi_temp_path {tmp}; uwsgi_temp_path {tmp}; scgi_temp_path {tmp};\n"
        f"  server {{ listen 127.0.0.1:{port}; root {root}; default_type 'text/html; charset=utf-8';\n"
        f"    gzip_static on;\n    {headers}\n  }} }}\n"
    )
    process = subprocess.Popen(["/usr/sbin/nginx", "-c", str(config)], start_new_session=True)
    try:
        from tests.edge.varnish import wait_for_port

        wait_for_port(port, process=process)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(10)


def read(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own 127.0.0.1 servers)
        return response.read(), response.getheaders()


def process_tree(pid):
    """``pid`` and every process below it (Varnish's child, nginx's workers)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                queue += [int(child) for child in (task / "children").read_text().split()]
    return found


def cpu_ticks(pids):
    """User and system clock ticks of every thread of ``pids`` so far."""
    total = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
    return total


def pin(pids, cpu):
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                os.sched_setaffinity(int(task.name), {cpu})


def measure(url, seconds, pids, args):
    """wrk on ``url`` as a browser asks (gzip): its figures and the server's CPU time per request."""
    before = cpu_ticks(pids)
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "30s", "--latency", "-H", GZIP]
    command += ["-s", args.report_script, url]
    if args.pin:
        command = ["taskset", "-c", "0", *command]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    used = (cpu_ticks(pids) - before) / os.sysconf("SC_CLK_TCK")
    fields = re.search(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", done.stdout, re.M).groups()
    requests, duration, _p50, _p95, p99, bad_status, errors = map(int, fields)
    if bad_status or errors:
        sys.exit(f"edge bench: {bad_status} bad answers and {errors} socket errors from {url}")
    return {"rps": requests / (duration / 1e6), "p99": p99 / 1000, "cpu_us": used * 1e6 / max(requests, 1)}


MEASURES = ("rps", "p99", "cpu_us")


def header_bytes(headers):
    return sum(len(f"{name}: {value}\r\n") for name, value in headers)


def edge_ratio(edge, varnish_pid, pages, tmp, args):
    """Each page through Varnish and the same bytes from nginx, in alternating rounds."""
    www = Path(tmp) / "www"
    www.mkdir()
    sent = {}
    for name, path in pages.items():
        read(edge + path, {"Accept-Encoding": "gzip"})
        body, headers = read(edge + path, {"Accept-Encoding": "gzip"})  # a hit: what readers get
        if dict(headers).get("Content-Encoding") != "gzip":
            sys.exit(f"edge bench: Varnish did not answer {path} gzipped")
        (www / f"{name}.html.gz").write_bytes(body)
        (www / f"{name}.html").write_bytes(gzip.decompress(body))
        sent[name] = headers
    results = {}
    # The same headers for every page: take the home page's (only Surrogate-Key-like values
    # would differ, and Varnish sends none of those to readers).
    with nginx(www, tmp, nginx_headers(sent["home"])) as (static, nginx_pid):
        servers = {"Varnish": process_tree(varnish_pid), "nginx": process_tree(nginx_pid)}
        if args.pin:
            for pids in servers.values():
                pin(pids, 1)
        targets = {}
        for name, path in pages.items():
            targets[name, "Varnish"] = edge + path
            targets[name, "nginx"] = f"{static}/{name}.html"
            _body, headers = read(targets[name, "nginx"], {"Accept-Encoding": "gzip"})
            results[name] = {
                "gzip_bytes": len(_body),
                "varnish_header_bytes": header_bytes(sent[name]),
                "nginx_header_bytes": header_bytes(headers),
            }
        for (_name, server), url in targets.items():
            measure(url, args.warmup, servers[server], args)
        runs = {target: [] for target in targets}
        for _ in range(args.runs):
            for (name, server), url in targets.items():  # Varnish, then nginx: back to back
                runs[name, server].append(measure(url, args.duration, servers[server], args))
        for name in pages:
            figures = {
                server: {
                    key: statistics.median(run[key] for run in runs[name, server])
                    for key in ("rps", "p99", "cpu_us")
                }
                for server in servers
            }
            results[name].update(
                varnish_rps=figures["Varnish"]["rps"],
                nginx_rps=figures["nginx"]["rps"],
                ratio=figures["Varnish"]["rps"] / figures["nginx"]["rps"],
                varnish_p99=figures["Varnish"]["p99"],
                varnish_cpu_us=figures["Varnish"]["cpu_us"],
                nginx_cpu_us=figures["nginx"]["cpu_us"],
                load=os.getloadavg()[0],
            )
            page = results[name]
            log(
                f"  {name:<13} Varnish {page['varnish_rps']:8.0f} req/s  nginx {page['nginx_rps']:8.0f} req/s"
                f"  ratio {page['ratio']:.2f}  CPU/request {page['varnish_cpu_us']:.0f} µs vs"
                f" {page['nginx_cpu_us']:.0f} µs  body {page['gzip_bytes']} B gzipped, headers"
                f" {page['varnish_header_bytes']} vs {page['nginx_header_bytes']} B  load {page['load']:.2f}"
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
        [
            "wrk",
            "-t2",
            "-c8",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            "-H",
            GZIP,
            "-s",
            str(script),
            url,
        ],
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
    parser.add_argument(
        "--pin", action="store_true", help="edge ratio: wrk on core 0, both servers on core 1"
    )
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
        args.report_script = str(script)
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
                    result["edge"] = edge_ratio(edge, instance.process.pid, pages, tmp, args)
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
        " | ratio (target ≥ 0.5) | CPU µs/request Varnish | nginx | load |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, page in result["edge"].items():
        lines.append(
            f"| {name} | {page['varnish_rps']:.0f} | {page['nginx_rps']:.0f} | {page['ratio']:.2f}"
            f" | {page['varnish_cpu_us']:.0f} | {page['nginx_cpu_us']:.0f} | {page['load']:.2f} |"
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
