"""Record scheduled pieces that have gone live as published, in the audit log.

Visibility never depends on this command: approved pieces appear at publish_at
through .live() alone. Running it (from cron, or never) only turns "approved,
publish_at passed" into "published" with an audit entry, so the log shows when a
scheduled piece went out. Safe to run repeatedly: a piece already published is
not touched again.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from editorial.models import Status, content_models
from editorial.workflow import record_scheduled_publication


class Command(BaseCommand):
    help = "把已到发布时间的定时稿件记为“已发布”并写入审计日志（可重复运行；可见性不依赖它）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将要记录的稿件，不写入。")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        now = timezone.now()
        done = 0
        for model in content_models():
            # The verbatim original document (megabytes, perhaps) is never needed here.
            due = (
                model._base_manager.filter(status=Status.APPROVED, publish_at__lte=now)
                .exclude(expire_at__lte=now)
                .defer("original_document")
            )
            for piece in due:
                # record_scheduled_publication locks the row and re-checks: a piece published
                # or withdrawn meanwhile is left alone.
                if dry_run or record_scheduled_publication(piece, now):
                    done += 1
                    if dry_run or verbosity > 1:
                        self.stdout.write(f"{model._meta.verbose_name} {piece.pk} {piece}")
        label = "将记录" if dry_run else "已记录"
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{label} {done} 篇定时发布稿件。"))
