"""Record scheduled pieces that have gone live as published, in the audit log.

Visibility never depends on this command: approved pieces appear at publish_at
through .live() alone. Running it (from cron, or never) only turns "approved,
publish_at passed" into "published" with an audit entry, so the log shows when a
scheduled piece went out. Safe to run repeatedly: a piece already published is
not touched again.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from editorial.models import Status
from editorial.workflow import record_scheduled_publication
from speeches.models import Speech

MODELS = (Article, Speech)


class Command(BaseCommand):
    help = "把已到发布时间的定时稿件记为“已发布”并写入审计日志（可重复运行；可见性不依赖它）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将要记录的稿件，不写入。")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        now = timezone.now()
        done = 0
        for model in MODELS:
            due = model._base_manager.filter(status=Status.APPROVED, publish_at__lte=now).exclude(
                expire_at__lte=now
            )
            for pk in due.values_list("pk", flat=True):
                if dry_run:
                    piece = model._base_manager.get(pk=pk)
                    self.stdout.write(f"{model._meta.verbose_name} {pk} {piece}")
                    done += 1
                    continue
                with transaction.atomic():
                    piece = model._base_manager.select_for_update().get(pk=pk)
                    if record_scheduled_publication(piece, now):
                        done += 1
                        if verbosity > 1:
                            self.stdout.write(f"{model._meta.verbose_name} {pk} {piece}")
        label = "将记录" if dry_run else "已记录"
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{label} {done} 篇定时发布稿件。"))
