"""import_documents as an editor runs it: idempotent, dry run, failure isolation, report, status."""

import io
import json
import re
import shutil

import pytest
from django.core.management import call_command

from articles.models import Article, Column, Source
from editorial.models import Status, Tag
from events.models import Event
from people.models import Person
from speeches.models import Speech

pytestmark = pytest.mark.django_db


def summary(out):
    return {m[1]: int(m[2]) for m in re.finditer(r"(created|updated|unchanged|failed)\s+(\d+)", out)}


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Speech, Person, Event, Source, Column, Tag)
    }


def test_importing_the_same_folder_twice_changes_nothing_the_second_time(run_import, seeds):
    out, err, error = run_import(seeds)
    assert error is None, err
    first = counts()
    versions = sorted(Article.objects.values_list("pk", "version", "updated_at"))
    assert "created" in out and first["Article"] == 4
    out, err, error = run_import(seeds)
    assert error is None
    assert counts() == first
    assert sorted(Article.objects.values_list("pk", "version", "updated_at")) == versions
    assert summary(out)["unchanged"] == 5
    assert summary(out)["created"] == 0


def test_a_changed_document_with_the_same_original_url_is_updated_in_place(run_import, tmp_path):
    doc = "---\ntitle: 第一版标题\nurl: https://news.example.cn/a/1\n---\n<p>第一版正文。</p>"
    path = tmp_path / "a.md"
    path.write_text(doc, encoding="utf-8")
    run_import(path)
    article = Article.objects.get()
    path.write_text(doc.replace("第一版", "第二版"), encoding="utf-8")
    out, err, error = run_import(path)
    assert error is None, err
    assert summary(out)["updated"] == 1
    updated = Article.objects.get()
    assert updated.pk == article.pk
    assert updated.slug == article.slug
    assert updated.title == "第二版标题"
    assert updated.body == "<p>第二版正文。</p>"
    assert "第二版" in bytes(updated.original_document).decode()
    # Through the editorial save: a new version and a revision an editor can diff and restore.
    from editorial.models import Revision

    assert updated.version > article.version
    assert Revision.objects.filter(object_id=article.pk, note__contains="导入更新").exists()


def test_dry_run_writes_nothing_and_says_what_would_happen(run_import, seeds, tmp_path):
    report = tmp_path / "dry.json"
    out, err, error = run_import(seeds, dry_run=True, report=str(report))
    assert error is None, err
    assert counts() == {name: 0 for name in counts()}
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["dry_run"] is True
    assert [d["result"] for d in data["documents"]] == ["would be created"] * 5
    assert data["documents"][3]["fields"]["source"] == "工人日报"
    assert summary(out)["created"] == 5 and "预演" in out


def test_a_bad_document_is_one_line_and_the_rest_are_imported(run_import, seeds, tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(seeds, batch)
    (batch / "bad.md").write_text("---\ntitle: !!python/object:os.system x\n---\n<p>x</p>", encoding="utf-8")
    (batch / "nul.txt").write_bytes(b"abc\x00def")
    (batch / "sub").mkdir()
    (batch / "sub" / "good.txt").write_text("子目录中的稿件\n正文第一段。", encoding="utf-8")
    (batch / "image.png").write_bytes(b"\x89PNG")  # not a text file: not picked up from a folder
    out, err, error = run_import(batch, verbosity=1)
    assert error is not None and "2" in str(error)
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(str(batch / "bad.md") + ": ") and "标签" in lines[0]
    assert lines[1].startswith(str(batch / "nul.txt") + ": ")
    assert "Traceback" not in err + out
    assert Article.objects.count() == 5 and Speech.objects.count() == 1
    assert summary(out)["failed"] == 2


def test_report_lists_every_document_with_its_fields(run_import, seeds, tmp_path):
    report = tmp_path / "r.json"
    run_import(seeds, report=str(report), verbosity=0)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["counts"] == {"created": 5, "updated": 0, "unchanged": 0, "failed": 0}
    by_file = {d["file"].rsplit("/", 1)[-1]: d for d in data["documents"]}
    assert by_file["003_cb0b64c34cfde53f.txt"]["fields"]["authors"] == [
        ["王晓峰", "全总劳动和经济工作部部长"]
    ]
    assert by_file["004_1047f13188a3d2d4.txt"]["model"] == "speeches.Speech"
    assert by_file["000_fa4ab69d4d34e2a6.txt"]["fields"]["published_at"] == "2022-04-27T19:38:11+00:00"


def test_status_option_goes_through_the_workflow_and_is_audited(run_import, seeds):
    out, err, error = run_import(seeds / "003_cb0b64c34cfde53f.txt", status="published", verbosity=0)
    assert error is None, err
    article = Article.objects.get()
    assert article.status == Status.PUBLISHED
    assert article.first_published_at == article.publish_at  # the document's own date, kept
    assert Article.objects.live().filter(pk=article.pk).exists()
    from editorial.models import AuditEntry  # written by workflow.admit

    assert AuditEntry.objects.filter(object_id=article.pk).exists()


def test_kind_override_imports_a_speech_as_an_article(run_import, seeds):
    out, err, error = run_import(seeds / "004_1047f13188a3d2d4.txt", kind="article", verbosity=0)
    assert error is None, err
    assert Speech.objects.count() == 0
    article = Article.objects.get()
    assert "<h2>一、劳模精神是时代精神的生动体现" in article.body
    assert article.subtitle == "——在全市劳动模范座谈会上的讲话"


def test_output_is_quiet_when_not_a_tty_and_with_verbosity_zero(run_import, seeds):
    out, err, error = run_import(seeds, verbosity=0)
    assert error is None
    assert out == "" and err == ""
    out, err, error = run_import(seeds, verbosity=1)
    assert "\r" not in out and "[1/5]" not in out  # StringIO is not a terminal: no progress bar


def test_unknown_paths_are_an_error(run_import, tmp_path):
    out, err, error = run_import(tmp_path / "missing.txt", verbosity=0)
    assert error is not None
    assert "missing.txt" in err


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(("verbosity", "shows_progress"), [(1, True), (0, False)])
def test_progress_bar_only_on_a_terminal_and_not_with_verbosity_zero(seeds, verbosity, shows_progress):
    out, err = Terminal(), io.StringIO()
    call_command("import_documents", str(seeds), stdout=out, stderr=err, verbosity=verbosity)
    assert ("[5/5]" in out.getvalue()) is shows_progress
    assert ("#" * 30 in out.getvalue()) is shows_progress


def test_a_speech_with_placeholders_asked_published_is_kept_as_a_draft_and_says_why(run_import, seeds):
    from search.models import SearchEntry

    out, _, error = run_import(seeds / "004_1047f13188a3d2d4.txt", status="published")
    assert error is None  # held back, not failed: nothing of the document is lost
    speech = Speech.objects.get()
    assert speech.status == Status.DRAFT and len(speech.sections.all()) == 3
    assert "未通过内容检查，保存为草稿" in out and "占位符" in out
    assert not SearchEntry.objects.filter(object_id=speech.pk, kind="speech").exists()


def test_imported_published_speech_is_searchable_by_its_sections(run_import, seeds, tmp_path):
    from search.models import SearchEntry

    # The sample with its placeholders filled in, as an editor would before publishing.
    text = (seeds / "004_1047f13188a3d2d4.txt").read_text(encoding="utf-8")
    filled = tmp_path / "speech.txt"
    filled.write_text(re.sub(r"[X×○]+", "五", text), encoding="utf-8")
    run_import(filled, verbosity=0, status="published")
    speech = Speech.objects.get()
    assert speech.status == Status.PUBLISHED
    entry = SearchEntry.objects.get(object_id=speech.pk, kind="speech")
    text = " ".join(str(value) for value in vars(entry).values())
    assert "劳模精神是培育时代新人的重要手段" in text  # from section 三 (bulk-created)
    assert "一个劳模，就是一面旗帜" in text


def test_the_socket_guard_really_blocks_connections(no_network):
    import socket

    from tests.ingest.conftest import NetworkAccess

    with pytest.raises(NetworkAccess):
        socket.create_connection(("93.184.216.34", 80), timeout=1)
    assert no_network  # recorded...
    no_network.clear()  # ...and cleared, so the guard's own teardown check passes


def test_prepare_database_puts_an_sqlite_file_in_wal_with_normal_sync(tmp_path):
    from django.db.utils import ConnectionHandler

    from ingest.importer import prepare_database

    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "site.sqlite3")}}
    )
    connection = handler["default"]
    try:
        assert prepare_database(connection) == "wal"
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 1  # NORMAL: no fsync per commit; WAL keeps the file consistent
    finally:
        connection.close()


def test_a_dry_run_leaves_the_database_mode_alone(run_import, seeds, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "ingest.management.commands.import_documents.prepare_database", lambda: calls.append(1)
    )
    run_import(seeds, dry_run=True, verbosity=0)
    assert calls == []
    run_import(seeds, verbosity=0)
    assert calls == [1]


def _planner_statistics(table):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0]


def test_an_import_leaves_sqlites_planner_statistics_for_the_archive_it_wrote(run_import, seeds):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")  # what a database never analysed has
    run_import(seeds, dry_run=True, verbosity=0)
    assert _planner_statistics("articles_article") == 0  # a dry run writes nothing, statistics neither
    run_import(seeds, verbosity=0)
    # Every index of the content tables the import filled has its row (the planner's sizes).
    assert _planner_statistics("articles_article") >= 5
    assert _planner_statistics("speeches_speech") >= 5
