"""``python manage.py import_documents PATH...``: bring documents into Gongjiang.

Files or folders (recursively). Each document is decoded, recognised, parsed and
validated completely, then written in its own transaction; a bad document prints one
line ``file: reason`` and the rest continue. Exit status is non-zero if any failed.
"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from editorial.models import Status
from ingest.detect import KINDS
from ingest.importer import Options, collect, import_file, prepare_database
from ingest.linking import Vocabulary
from ingest.parsers import FORMATS

RESULTS = ("created", "updated", "unchanged", "failed")


class Command(BaseCommand):
    help = "导入文档（front matter+HTML、纯文本、网页文本、讲话稿）；同一文档再次导入时更新而不重复。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders (folders are read recursively)")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be created or updated; write nothing"
        )
        parser.add_argument("--format", choices=FORMATS, help="skip format detection")
        parser.add_argument("--kind", choices=KINDS, help="article or speech, whatever the format says")
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

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"用户 {options['user']} 不存在")
        settings = Options(
            format=options["format"], kind=options["kind"], status=options["status"],
            dry_run=options["dry_run"], actor=actor,
        )  # fmt: skip
        files = collect(options["paths"])
        if not files:
            raise CommandError("没有找到要导入的文件：" + "、".join(options["paths"]))
        if not settings.dry_run:
            prepare_database()
        vocabulary = Vocabulary()
        progress = verbosity > 0 and len(files) > 1 and self.stdout.isatty()
        outcomes = []
        for number, path in enumerate(files, 1):
            if progress:
                self.stdout.write(f"\r[{number}/{len(files)}] {_bar(number, len(files))} ", ending="")
                self.stdout.flush()
            outcome = import_file(path, settings, vocabulary)
            outcomes.append(outcome)
            if outcome.result == "failed":
                if progress:
                    self.stdout.write("\r", ending="")
                self.stderr.write(f"{outcome.path}: {outcome.reason}")
            elif verbosity > 1:
                self.stdout.write(f"{outcome.path}: {outcome.result} {outcome.model} #{outcome.pk or '-'}")
            if verbosity > 1 and outcome.fields.get("placeholders"):
                self.stdout.write(f"  占位符: {'；'.join(outcome.fields['placeholders'])}")
        if progress:
            self.stdout.write("")

        counts = {name: 0 for name in RESULTS}
        for outcome in outcomes:
            counts[outcome.result.removeprefix("would be ")] += 1
        if verbosity > 0:
            self._summary(counts, outcomes, settings.dry_run)
        if options["report"]:
            report = {
                "dry_run": settings.dry_run,
                "counts": counts,
                "documents": [o.to_json() for o in outcomes],
            }
            with open(options["report"], "w", encoding="utf-8") as handle:
                json.dump(report, handle, ensure_ascii=False, indent=2)
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} 个文档导入失败（见上方各行）")

    def _summary(self, counts, outcomes, dry_run):
        title = "导入预演（未写入）" if dry_run else "导入结果"
        self.stdout.write(self.style.MIGRATE_HEADING(title))
        labels = {"created": "新建", "updated": "更新", "unchanged": "未变", "failed": "失败"}
        for name in RESULTS:
            style = self.style.ERROR if name == "failed" and counts[name] else (lambda text: text)
            self.stdout.write(style(f"  {labels[name]} {name:<10}{counts[name]:>6}"))
        flagged = [o for o in outcomes if o.fields.get("placeholders")]
        for outcome in flagged:
            self.stdout.write(
                self.style.WARNING(
                    f"  {outcome.path}: {len(outcome.fields['placeholders'])} 处占位符待处理（阻止发布）"
                )
            )
        for outcome in outcomes:
            if outcome.held:
                reason = outcome.held[0][:120]
                self.stdout.write(
                    self.style.WARNING(f"  {outcome.path}: 未通过内容检查，保存为草稿：{reason}")
                )


def _bar(done, total, width=30):
    filled = int(width * done / total)
    return "#" * filled + "." * (width - filled)
