"""import_documents --jobs: documents read in worker processes, the same results as one process;
the format and its cue in the output; untitled documents imported as drafts flagged 待补标题."""

import datetime
import json
import shutil
from concurrent.futures import ProcessPoolExecutor

import pytest
import time_machine
from django.db import transaction

from articles.models import Article
from editorial import workflow
from editorial.models import AuditEntry, Revision, Status
from ingest import pipeline
from ingest.importer import Options, collect, import_file
from ingest.linking import Vocabulary
from people.models import Person
from speeches.models import Speech
from tests.ingest.conftest import SEEDS

pytestmark = pytest.mark.django_db

WILD = SEEDS.parents[1] / "tests" / "ingest" / "documents" / "wild"


def state():
    """Everything the import decided and wrote, per document, independent of primary keys:
    the texts as stored (body, slug, summary, sections, byline positions) and the revision
    and audit entry of each piece."""
    pieces = []
    for model in (Article, Speech):
        for piece in model.objects.order_by("original_filename").prefetch_related("people", "events", "tags"):
            revisions = [
                (
                    {k: v for k, v in r.snapshot.items() if isinstance(v, str) and not k.endswith("_at")},
                    r.snapshot.get("sections"),
                    r.changed_fields,
                    r.version,
                    r.note,
                )
                for r in Revision.for_piece(piece).order_by("pk")
            ]
            entries = AuditEntry.objects.filter(
                object_id=piece.pk, code__startswith=f"gongjiang.{model._meta.model_name}."
            )
            audit = list(entries.order_by("pk").values_list("code", "object_repr", "changed_fields"))
            pieces.append(
                (
                    piece.original_filename, piece.title, piece.title_derived, piece.kicker, piece.subtitle,
                    piece.status, piece.publish_at, sorted(p.name for p in piece.people.all()),
                    sorted(e.name for e in piece.events.all()), sorted(piece.tags.names()),
                    [(b.person.name, b.position) for b in piece.bylines.order_by("order")]
                    if model is Article else [(s.number, s.heading, s.body) for s in piece.sections.all()],
                    str(getattr(piece, "source", "") or ""), piece.slug, piece.body, piece.summary,
                    revisions, audit,
                )
            )  # fmt: skip
    return pieces, sorted(Person.objects.values_list("name", "aliases", "positions"))


@pytest.fixture
def folder(tmp_path):
    """The wild corpus plus two documents: the first names a new author, the last mentions her."""
    target = tmp_path / "docs"
    shutil.copytree(WILD, target)
    (target / "aaa_new_author.txt").write_text(
        "欧阳明远的车间日记\n作者：欧阳明远\n车间里的机器一刻不停，工人们三班倒地忙碌着。\n", encoding="utf-8"
    )
    (target / "zzz_mentions_her.txt").write_text(
        "一本日记里的工厂\n　　工友们都爱读欧阳明远写的车间日记，说它写出了大家的心里话。\n", encoding="utf-8"
    )
    return target


def test_jobs_two_gives_the_same_pieces_people_and_tags_as_jobs_one(run_import, folder, monkeypatch):
    pools = []
    monkeypatch.setattr(
        pipeline, "ProcessPoolExecutor", lambda *a, **k: pools.append(k) or ProcessPoolExecutor(*a, **k)
    )
    with transaction.atomic():
        out, err, error = run_import(folder, jobs=1, verbosity=0)
        assert error is None, err
        one = state()
        transaction.set_rollback(True)
    assert pools == []
    assert Article.objects.count() == 0
    out, err, error = run_import(folder, jobs=2, verbosity=0)
    assert error is None, err
    assert len(pools) == 1 and pools[0]["max_workers"] == 2  # really read in workers
    assert pools[0]["mp_context"].get_start_method() == pipeline.start_method()
    two = state()
    assert len(two[0]) == 84
    assert two == one
    # A name first written by this run (a byline) is found in a later document in both runs.
    mentions = Article.objects.get(original_filename="zzz_mentions_her.txt")
    assert "欧阳明远" in set(mentions.people.values_list("name", flat=True))


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PUBLISHED])
def test_batched_records_are_those_each_save_writes_at_once(run_import, folder, status):
    """A batch's revisions and audit entries (one INSERT per table at its end) are the rows
    each document writes at once on its own (import_file: its own transaction)."""
    # Published without a date means now: both runs at the same fixed moment (local noon).
    with time_machine.travel(datetime.datetime(2026, 6, 1, 4, 0, tzinfo=datetime.UTC), tick=False):
        with transaction.atomic():
            vocabulary = Vocabulary()
            for path in collect([folder]):
                import_file(path, Options(status=status), vocabulary)
            alone = state()
            transaction.set_rollback(True)
        assert Revision.objects.count() == 0
        out, err, error = run_import(folder, jobs=1, status=status, verbosity=0)
        assert error is None, err
        batched = state()
    assert batched == alone
    if status == Status.PUBLISHED:  # admitted: a second revision, its changes counted against the first
        assert any(len(piece[-2]) == 2 and piece[-2][1][2] == ["publish_at"] for piece in batched[0])


@pytest.mark.parametrize("method", ["fork", "spawn"])  # spawn: what other platforms get
def test_a_bad_document_among_many_is_one_line_with_workers(run_import, tmp_path, monkeypatch, method):
    monkeypatch.setattr(pipeline, "MIN_DOCUMENTS_FOR_WORKERS", 0)
    monkeypatch.setattr(pipeline, "start_method", lambda: method)
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    (folder / "002_broken.txt").write_bytes(b"\x00\x01binary")
    out, err, error = run_import(folder, jobs=2, verbosity=1)
    assert error is not None
    assert err.strip().splitlines() == [
        f"{folder / '002_broken.txt'}: 含有 NUL 字节（二进制文件或 UTF-16），无法作为文本导入"
    ]
    assert Article.objects.count() + Speech.objects.count() == 5


def test_verbose_output_and_report_name_the_format_and_its_cue(run_import, tmp_path):
    report = tmp_path / "r.json"
    files = [
        WILD / "scr02_meta_midline.txt",
        WILD / "sp08_yishi_ershi.txt",
        WILD / "html01_comment_first.html",
    ]
    out, err, error = run_import(*files, report=str(report), verbosity=2)
    assert error is None, err
    assert "scraped_page：网页日期来源行「字号：大 中 小  2024-04-30 09:12" in out
    assert "speech：标题「在职工代表座谈会上的讲话」和称呼「同志们：」" in out
    assert "frontmatter_html：HTML（以 <html… 开头，前有注释/文档类型声明）" in out
    documents = {d["file"].rsplit("/", 1)[-1]: d for d in json.loads(report.read_text())["documents"]}
    assert documents["sp08_yishi_ershi.txt"]["format"] == "speech"
    assert documents["sp08_yishi_ershi.txt"]["format_cue"].startswith("标题「在职工代表座谈会上的讲话」")
    assert documents["scr02_meta_midline.txt"]["format_cue"].startswith("网页日期来源行")


@pytest.mark.parametrize(
    ("name", "title"),
    [
        (
            "txt01_long_first_paragraph.txt",
            "今年以来，全市各级工会组织深入一线开展职工技能培训，累计培训产业工人两万余人次…",
        ),
        ("sp12_salutation_first.txt", "今天，我们在这里召开劳模工作座谈会，听取大家的意见和建议"),
    ],
)
def test_an_untitled_document_is_a_draft_flagged_until_an_editor_writes_a_title(
    run_import, tmp_path, name, title
):
    report = tmp_path / "r.json"
    out, err, error = run_import(WILD / name, status="published", report=str(report), verbosity=1)
    assert error is None, err
    piece = (Speech if name.startswith("sp") else Article).objects.get()
    assert (piece.title, piece.title_derived, piece.status) == (title, True, Status.DRAFT)
    assert f"待补标题（没有标题，暂用「{title}」）" in out
    assert "同志们" not in piece.title
    assert json.loads(report.read_text())["documents"][0]["title_derived"] is True
    assert "title_derived" in [problem.field for problem in workflow.content_problems(piece)]
    piece.title, piece.title_derived = "劳模工作座谈会上的讲话", False
    assert "title_derived" not in [problem.field for problem in workflow.content_problems(piece)]


@pytest.fixture
def batch_folder(tmp_path, monkeypatch):
    """The five samples and a sixth document, written in one batch (one transaction)."""
    monkeypatch.setattr(pipeline, "BATCH_SECONDS", 600)
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    (folder / "003b_extra.txt").write_text(
        "班组里的新工匠\n作者：欧阳明远\n　　车间里的机器一刻不停，工人们三班倒地忙碌着。\n", encoding="utf-8"
    )
    return folder


def stored_consistently():
    """Each piece has its one revision and audit entry, and no row points at a piece not there."""
    from editorial.models import TaggedItem

    pieces = {
        (model._meta.model_name, pk)
        for model in (Article, Speech)
        for pk in model.objects.values_list("pk", flat=True)
    }
    for model_name, pk in pieces:
        model = Article if model_name == "article" else Speech
        assert Revision.for_piece(model.objects.get(pk=pk)).count() == 1
        assert AuditEntry.objects.filter(object_id=pk, code=f"gongjiang.{model_name}.created").count() == 1
    tagged = set(TaggedItem.objects.values_list("content_type__model", "object_id"))
    assert tagged <= pieces
    assert Revision.objects.count() == len(pieces)
    return pieces


def test_a_document_failing_mid_batch_leaves_nothing_and_the_others_are_kept(
    run_import, batch_folder, monkeypatch
):
    from django.db import IntegrityError

    from editorial.workflow import actions

    real = actions.record_revision
    failing = "班组里的新工匠"

    def record_revision(piece, *args, **kwargs):
        if piece.title == failing:  # after the piece, its bylines, people and tags were written
            raise IntegrityError("模拟写入失败")
        return real(piece, *args, **kwargs)

    monkeypatch.setattr(actions, "record_revision", record_revision)
    out, err, error = run_import(batch_folder, jobs=1, verbosity=1)
    assert error is not None
    assert err.strip().splitlines() == [f"{batch_folder / '003b_extra.txt'}: 数据库写入失败：模拟写入失败"]
    assert not Article.objects.filter(title=failing).exists()
    assert not Article.objects.filter(original_filename="003b_extra.txt").exists()
    assert len(stored_consistently()) == 5
    # The person its byline created went with it; a later run still creates her.
    assert not Person.objects.filter(name="欧阳明远").exists()
    monkeypatch.setattr(actions, "record_revision", real)
    out, err, error = run_import(batch_folder, jobs=1, verbosity=1)
    assert error is None, err
    assert Article.objects.get(title=failing).bylines.get().person.name == "欧阳明远"
    assert len(stored_consistently()) == 6


def test_a_batch_that_fails_to_commit_is_written_again_one_document_at_a_time(
    run_import, batch_folder, monkeypatch
):
    import contextlib
    from types import SimpleNamespace

    from django.db import OperationalError

    real = transaction.atomic
    batches = []

    @contextlib.contextmanager
    def atomic(*args, **kwargs):
        """The first batch is written, then its commit fails (a full disk): all of it rolls back."""
        batches.append(1)
        if len(batches) > 1:
            with real(*args, **kwargs):
                yield
            return
        with real(*args, **kwargs):
            yield
            transaction.set_rollback(True)
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(pipeline, "transaction", SimpleNamespace(atomic=atomic))
    out, err, error = run_import(batch_folder, jobs=1, verbosity=1)
    assert error is None, err
    assert len(batches) == 1 + 6  # the failed batch (all six documents), then each one again
    assert len(stored_consistently()) == 6
    # People the rolled-back batch had created were forgotten and made again, once.
    assert Person.objects.filter(name="欧阳明远").count() == 1
    assert Article.objects.get(title="班组里的新工匠").bylines.get().person.name == "欧阳明远"
