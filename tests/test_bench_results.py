"""bench/RESULTS.md keeps what people wrote in it when a benchmark writes its figures again."""

import pytest

import bench.admin_bench
import bench.results
import bench.run
from bench.results import replace_section

HAND_WRITTEN = "## Reading these numbers (written by hand)\n\nThe detail page fell from 11 to 7 ms.\n"


@pytest.fixture
def results_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(bench.run, "OUT", out)
    monkeypatch.setattr(bench.admin_bench, "OUT", out)
    path = tmp_path / "RESULTS.md"
    monkeypatch.setattr(bench.results, "RESULTS", path)
    path.write_text(
        "# Benchmark results\n\n"
        "<!-- bench:pages -->\n## Summary\n\nold page figures\n<!-- /bench:pages -->\n\n"
        + HAND_WRITTEN
        + "\n<!-- bench:import_bench -->\n## Import throughput\n\n32 documents/s\n"
        "<!-- /bench:import_bench -->\n\n"
        "### Import, second round (written by hand)\n\n41 documents/s with two writers.\n"
    )
    return path, out


def test_a_benchmark_rewrites_its_own_section_and_keeps_the_hand_written_ones(results_file):
    path, out = results_file
    (out / "import_bench.md").write_text("## Import throughput\n\n118 documents/s\n")
    bench.run.write_results()
    text = path.read_text()
    assert "118 documents/s" in text and "32 documents/s" not in text
    assert HAND_WRITTEN in text
    assert "41 documents/s with two writers." in text
    # No page figures in bench/out: the page section stays as it was, not emptied.
    assert "old page figures" in text
    assert text.index(HAND_WRITTEN) < text.index("118 documents/s") < text.index("41 documents/s")
    bench.run.write_results()
    assert path.read_text() == text


def test_a_section_seen_for_the_first_time_goes_at_the_end_with_its_introduction(results_file):
    path, _ = results_file
    before = path.read_text()
    once = replace_section(before, "admin", "### 1,000 articles, SQLite\n\n| page |", "## Admin pages")
    assert once.startswith(before.rstrip("\n"))
    assert once.rstrip().endswith(
        "<!-- bench:admin -->\n### 1,000 articles, SQLite\n\n| page |\n<!-- /bench:admin -->"
    )
    twice = replace_section(once, "admin", "### 1,000 articles, SQLite\n\n| page | new |", "## Admin pages")
    assert twice.count("## Admin pages") == 1 and "| page | new |" in twice


def test_summary_judges_pages_against_issue_15s_targets(results_file):
    # Issue 15: detail pages 12 %, tag and person pages 10 % of the ceiling, uncached.
    ratios = {"article_detail": 0.121, "speech_detail": 0.119, "tag": 0.095, "person": 0.101}
    pages = {name: {"rps": ratio * 1000, "p50": 10.0} for name, ratio in ratios.items()}
    mode = {"ceiling": {"rps": 1000}, "pages": pages}
    lines = bench.run.summary_lines([{"scale": 100_000, "modes": {"uncached": mode, "cached": mode}}])
    row = {line.split(" |")[0].lstrip("| "): line for line in lines if "page cache off" in line}
    assert row["article_detail, page cache off"].endswith("| 12% | ✓ |")
    assert row["speech_detail, page cache off"].endswith("| 12% | ✗ |")
    assert row["tag, page cache off"].endswith("| 10% | ✗ |")
    assert row["person, page cache off"].endswith("| 10% | ✓ |")


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [
        ("postgres://postgres@127.0.0.1:55499/bench100k", "out/bench100k-100000.json"),
        # Connection options in the URL do not become part of the archive's name.
        ("postgres://postgres@127.0.0.1:55499/bench100k?options=-c%20jit%3Doff", "out/bench100k-100000.json"),
        ("sqlite:////srv/bench/a100000.sqlite3", "/srv/bench/a100000.json"),
        ("sqlite:///bench/out/a100000.sqlite3", "bench/out/a100000.json"),
    ],
)
def test_an_admin_archive_is_found_by_its_database_whatever_the_url_carries(database_url, expected):
    assert str(bench.admin_bench.manifest_path(100_000, database_url, "out")) == expected
