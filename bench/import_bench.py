"""Import throughput: 1,000 documents generated from the five seeds into a throwaway SQLite DB.

    .venv/bin/python bench/import_bench.py [--count 1000] [--jobs N] [--people 2000 --tags 300] [--profile]

Each generated document is a seed with a numbered title and a unique closing paragraph,
so every one is new (different hash) and goes through the whole pipeline: decoding,
detection, parsing, linking, sanitising and the writes (a batch per transaction, each
document in its savepoint), with the database prepared as import_documents prepares it
(on SQLite: WAL, synchronous=NORMAL). Documents go through ``ingest.pipeline.run`` as
import_documents runs them: with ``--jobs N`` (default: the number of cores) read in N
worker processes while this one writes. Prints documents/second (wall clock), the CPU
time per document of the writer (with the dictionaries it loads once for the workers it
forks) and of the reading workers together, SQL statements per document, the load average before
and after (the machine may be shared: a rate means little without it) and, per 200
documents, the rate and the resident memory of the writer and of the workers (flat over
10,000 documents, or something accumulates).
Not a test: numbers depend on the machine.
"""

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "fixtures" / "seeds"


def generate(target, count):
    seeds = sorted(SEEDS.glob("*.txt"))
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in seeds]
    for n in range(count):
        name, text = texts[n % len(texts)]
        stem = name.split("_")[0]
        if text.lstrip().startswith("---"):
            text = text.replace("title: '", f"title: '第{n}号 ", 1) + f"\n<p>第{n}号附记。</p>\n"
        elif stem == "003":
            text = text.replace("大力弘扬劳模精神、劳动精神、工匠精神", f"第{n}号大力弘扬劳模精神", 2)
            text = text.replace("提供有力支撑。", f"提供有力支撑。第{n}号。", 1)
        elif stem == "004":
            text = text.replace("谢谢大家！", f"第{n}号附记。\n谢谢大家！", 1)
        else:
            text = f"第{n}号{text}　　第{n}号附记。"
        (target / f"{n:04d}_{name}").write_text(text, encoding="utf-8")


def resident_mb():
    """(this process, its child processes together) resident memory in MB, from /proc."""

    def rss(pid):
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    children = []
    try:
        with open(f"/proc/{os.getpid()}/task/{os.getpid()}/children") as handle:
            children = [int(pid) for pid in handle.read().split()]
    except OSError:
        pass
    return rss(os.getpid()), sum(rss(pid) for pid in children)


def _children_cpu():
    """CPU seconds (user + system) of this process's finished children: the reading workers."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def populate(people, tags):
    """An archive's vocabulary: linking checks every known name and tag against each text."""
    from editorial.models import Tag
    from people.models import Person

    Person.objects.bulk_create(Person(name=f"测试人物{n:05d}", slug=f"person-{n}") for n in range(people))
    Tag.objects.bulk_create(Tag(name=f"测试标签{n:05d}", slug=f"tag-{n}") for n in range(tags))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes that read")
    parser.add_argument(
        "--default-journal", action="store_true", help="leave SQLite's rollback journal (an fsync per commit)"
    )
    parser.add_argument("--people", type=int, default=0, help="people already in the database")
    parser.add_argument("--tags", type=int, default=0, help="tags already in the database")
    parser.add_argument("--no-page-cache", action="store_true", help="CACHE_URL=dummy://")
    parser.add_argument("--profile", action="store_true", help="print the 30 most expensive functions")
    parser.add_argument("--profile-out", type=Path, help="also save the profile (pstats) to this file")
    parser.add_argument("--sort", default="cumulative", help="profile order (cumulative, tottime)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file (bench.run's table)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="gongjiang-import-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The default local-memory cache renews its generation file once per document (and once
    # on commit), as import_documents does on a real site; --no-page-cache leaves that out.
    if args.no_page_cache:
        os.environ["CACHE_URL"] = "dummy://"
    else:
        os.environ["PAGE_CACHE_GENERATION_FILE"] = str(workdir / "generation")
    # Production-like: DEBUG off (no SQL logging). The key only signs nothing here.
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["SECRET_KEY"] = "import-bench-" + os.urandom(16).hex()
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        populate(args.people, args.tags)
        docs = workdir / "docs"
        docs.mkdir()
        generate(docs, args.count)

        from ingest import pipeline
        from ingest.importer import Options, collect, prepare_database
        from ingest.linking import Vocabulary, find_tags

        journal = "delete" if args.default_journal else prepare_database()

        files = collect([docs])
        # Warm-up outside the timing with --jobs 1: the key terms' IDF table is read once per
        # process (~0.3 s). With workers it is read before forking them, inside the timing.
        if args.jobs <= 1:
            find_tags("劳模精神劳动精神工匠精神", "", [], Vocabulary())

        profiler = None
        if args.profile:
            import cProfile

            # CPU time of this thread, not the wall clock: on a shared machine the wall clock
            # charges the time spent waiting for a core to whatever was running.
            profiler = cProfile.Profile(time.thread_time)
            profiler.enable()
        statements = [0]

        def count(execute, sql, params, many, context):
            statements[0] += 1
            return execute(sql, params, many, context)

        load_before = os.getloadavg()
        children_before = _children_cpu()
        started, cpu_started = time.perf_counter(), time.process_time()
        vocabulary = Vocabulary()
        failed, lap, done = [], started, 0
        memory = []
        with connection.execute_wrapper(count):
            for number, outcome in enumerate(pipeline.run(files, Options(), vocabulary, jobs=args.jobs), 1):
                done = number
                if outcome.result != "created":
                    failed.append(outcome)
                if number % 200 == 0:  # a falling rate would mean a per-document cost that grows
                    now = time.perf_counter()
                    writer, workers = resident_mb()
                    # Outcomes come once their batch commits: the last ones after the workers left.
                    if workers or args.jobs <= 1 or not memory:
                        memory.append((writer, workers, number))
                    print(
                        f"  documents {number - 199}-{number}: {200 / (now - lap):.0f} documents/s; "
                        f"resident memory: writer {writer:.0f} MB, "
                        + (f"workers {workers:.0f} MB" if workers or args.jobs <= 1 else "workers done")
                    )
                    lap = now
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        # The workers have exited (the pool is shut down when the run ends): their CPU time,
        # start-up (Django, dictionaries) included, is in this process's children's usage.
        readers_cpu = _children_cpu() - children_before
        load_after = os.getloadavg()
        if profiler:
            import pstats

            profiler.disable()
            stats = pstats.Stats(profiler)
            if args.profile_out:
                stats.dump_stats(args.profile_out)
            stats.sort_stats(args.sort).print_stats(30)
        for outcome in failed[:5]:
            print(f"{outcome.path}: {outcome.result} {outcome.reason}")
        figures = {
            "documents": done,
            "jobs": args.jobs,
            "seconds": round(elapsed, 2),
            "rate": round(done / elapsed, 1),
            "writer_cpu_ms_per_document": round(1000 * cpu / done, 1),
            "readers_cpu_ms_per_document": round(1000 * readers_cpu / done, 1),
            "statements_per_document": round(statements[0] / done, 1),
            "journal": journal,
            "not_created": len(failed),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
            "resident_mb_first_last": [memory[0][:2], memory[-1][:2]] if memory else [],
        }
        print(
            f"{done} documents in {elapsed:.1f} s with --jobs {args.jobs}: {figures['rate']:.0f} documents/s "
            f"({len(failed)} not created); CPU per document: "
            f"writer {figures['writer_cpu_ms_per_document']} ms, "
            f"reading workers {figures['readers_cpu_ms_per_document']} ms (with their start-up); "
            f"{figures['statements_per_document']} SQL statements per document; journal {journal}; "
            f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after on {os.cpu_count()} cores"
        )
        if memory:
            print(
                f"resident memory after 200 documents: writer {memory[0][0]:.0f} MB, "
                f"workers {memory[0][1]:.0f} MB; "
                f"after {memory[-1][2]}: writer {memory[-1][0]:.0f} MB, workers {memory[-1][1]:.0f} MB"
            )
        if args.json:
            args.json.write_text(json.dumps(figures))
        return 1 if failed else 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
