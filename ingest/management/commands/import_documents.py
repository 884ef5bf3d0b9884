"""``python manage.py import_documents PATH...``: bring documents into Gongjiang.

Files or folders (recursively). Each document is decoded, recognised, parsed and
validated completely, then written atomically (its own savepoint in its batch's
transaction: ingest.pipeline); a bad document prints one line ``file: reason`` and
the rest continue. Exit status is non-zero if any failed.
With ``--jobs N`` documents are read in N worker processes while this one writes
(ingest.pipeline); the results are the same as with ``--jobs 1``.
"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from editorial.importing import kinds
from editorial.models import Status
from ingest import pipeline
from ingest.importer import Options, collect, prepare_database, refresh_planner_statistics
from ingest.linking import Vocabulary
from ingest.parsers import FORMATS

RESULTS = ("created", "updated", "unchanged", "failed")


class Command(BaseCommand):
    help = (
        "导入文档（front matter+HTML/Markdown、纯文本、网页文本、讲话稿）；同一文档再次导入时更新而不重复。"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders (folders are read recursively)")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be created or updated; write nothing"
        )
        parser.add_argument("--format", choices=FORMATS, help="skip format detection")
        parser.add_argument(
            "--kind",
            choices=kinds(),
            help="the kind of piece to make (article, speech…), whatever the format says",
        )
        parser.add_argument(
            "--status",
            default=Status.DRAFT,
            choices=[s.value for s in Status],
            help="status new pieces enter with, through the workflow service (default: draft)",
        )
        parser.add_argument(
            "--report", metavar="FILE.json", help="write per-document outcomes and fields as JSON"
        )
        parser.add_argument("--user", help="username recorded as creator and in the audit trail")
        parser.add_argument(
            "--fetch-images",
            action="store_true",
            help="fetch the remote pictures of the pieces written into the image library (as fetch_images)",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=pipeline.default_jobs(),
            help="worker processes that read documents while one writes (default: the number of cores)",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"用户 {options['user']} 不存在")
        if options["jobs"] < 1:
            raise CommandError("--jobs 至少为 1")
        settings = Options(
            format=options["format"], kind=options["kind"], status=options["status"],
            dry_run=options["dry_run"], actor=actor,
        )  # fmt: skip
        if options["fetch_images"] and options["dry_run"]:
            raise CommandError("--fetch-images 不能与 --dry-run 同用")
        files = collect(options["paths"])
        if not files:
            raise CommandError("没有找到要导入的文件：" + "、".join(options["paths"]))
        if not settings.dry_run:
            prepare_database()
        vocabulary = Vocabulary()
        progress = verbosity > 0 and len(files) > 1 and self.stdout.isatty()
        counts = {name: 0 for name in RESULTS}
        notes = []  # (path, note) for the summary: placeholders, held as draft, untitled
        report = open(options["report"], "w", encoding="utf-8") if options["report"] else None  # noqa: SIM115
        try:
            if report:
                report.write(f'{{"dry_run": {json.dumps(settings.dry_run)}, "documents": [\n')
            outcomes = pipeline.run(files, settings, vocabulary, jobs=options["jobs"])
            written = []  # (path, model label, pk) of pieces created or updated, for --fetch-images
            for number, outcome in enumerate(outcomes, 1):
                if outcome.result in ("created", "updated"):
                    written.append((outcome.path, outcome.model, outcome.pk))
                counts[outcome.result.removeprefix("would be ")] += 1
                self._document(outcome, verbosity, progress)
                notes += _notes(outcome)
                if progress:
                    self.stdout.write(f"\r[{number}/{len(files)}] {_bar(number, len(files))} ", ending="")
                    self.stdout.flush()
                if report:
                    separator = ",\n" if number > 1 else ""
                    report.write(separator + json.dumps(outcome.to_json(), ensure_ascii=False))
            if progress:
                self.stdout.write("")
            if report:
                report.write(f'\n], "counts": {json.dumps(counts)}}}\n')
        finally:
            if report:
                report.close()
        if written:
            refresh_planner_statistics()
        if options["fetch_images"]:
            notes += self._fetch_images(written, actor)
        if verbosity > 0:
            self._summary(counts, notes, settings.dry_run)
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} 个文档导入失败（见上方各行）")

    def _fetch_images(self, written, actor):
        """After the run (the network is slower than the writer): each written piece's remote
        pictures into the image library. One that cannot be fetched is a note, not a failure:
        the piece is imported, and readers get that picture over https or the placeholder."""
        from django.apps import apps

        from ingest.remote_images import localise

        notes = []
        for path, label, pk in written:
            piece = apps.get_model(label)._base_manager.get(pk=pk)
            _fetched, failures = localise(piece, actor)
            notes += [(path, f"图片未取回（仍为外站地址）{url}：{reason}") for url, reason in failures]
        return notes

    def _document(self, outcome, verbosity, progress):
        if outcome.result == "failed":
            if progress:
                self.stdout.write("\r" + " " * 45 + "\r", ending="")  # the bar is redrawn after the line
            self.stderr.write(f"{outcome.path}: {outcome.reason}")
            return
        if verbosity > 1:
            if progress:
                self.stdout.write("\r" + " " * 45 + "\r", ending="")
            self.stdout.write(
                f"{outcome.path}: {outcome.result} {outcome.model} #{outcome.pk or '-'}"
                f"（{outcome.format}：{outcome.cue}）"
            )
            if outcome.fields.get("title_derived"):
                self.stdout.write(f"  待补标题：没有标题，主题取自正文「{outcome.fields['title']}」")
            if outcome.fields.get("placeholders"):
                self.stdout.write(f"  占位符: {'；'.join(outcome.fields['placeholders'])}")

    def _summary(self, counts, notes, dry_run):
        title = "导入预演（未写入）" if dry_run else "导入结果"
        self.stdout.write(self.style.MIGRATE_HEADING(title))
        labels = {"created": "新建", "updated": "更新", "unchanged": "未变", "failed": "失败"}
        for name in RESULTS:
            style = self.style.ERROR if name == "failed" and counts[name] else (lambda text: text)
            self.stdout.write(style(f"  {labels[name]} {name:<10}{counts[name]:>6}"))
        for path, note in notes:
            self.stdout.write(self.style.WARNING(f"  {path}: {note}"))


def _notes(outcome):
    """What the summary lists for this document: untitled, placeholders, held as a draft."""
    notes = []
    if outcome.fields.get("title_derived"):
        notes.append((outcome.path, f"待补标题（没有标题，暂用「{outcome.fields['title']}」）"))
    if outcome.fields.get("placeholders"):
        notes.append((outcome.path, f"{len(outcome.fields['placeholders'])} 处占位符待处理（阻止发布）"))
    if outcome.held:
        notes.append((outcome.path, f"未通过内容检查，保存为草稿：{outcome.held[0][:120]}"))
    return notes


def _bar(done, total, width=30):
    filled = int(width * done / total)
    return "#" * filled + "." * (width - filled)
