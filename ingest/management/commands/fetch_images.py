"""``python manage.py fetch_images``: bring pieces' remote pictures into the image library.

Every piece whose head image or body names a picture at another site (imported pieces
keep the addresses their documents gave) gets the picture fetched once into the image
library, through the upload pipeline, and is pointed at it (ingest.remote_images). A
picture that cannot be fetched prints one line ``piece: address: reason`` and stays as
it was; readers then get it over https only, or the placeholder.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ingest.remote_images import localise, pieces_with_remote_pictures


class Command(BaseCommand):
    help = "把稿件引用的外站图片取回图片库（每个地址只取一次），并改为引用图片库中的图片。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list the remote pictures; fetch nothing")
        parser.add_argument("--user", help="username recorded as uploader and in the audit trail")

    def handle(self, *args, **options):
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"用户 {options['user']} 不存在")
        pieces = brought = failed = 0
        for piece in pieces_with_remote_pictures():
            fetched, failures = localise(piece, actor, dry_run=options["dry_run"])
            pieces += 1
            brought += len(fetched)
            failed += len(failures)
            label = f"{piece._meta.verbose_name} #{piece.pk}「{piece.title}」"
            if options["verbosity"] > 1 or options["dry_run"]:
                for url in fetched:
                    self.stdout.write(f"{label}: {url}")
            for url, reason in failures:
                self.stderr.write(f"{label}: {url}: {reason}")
        if options["verbosity"] > 0:
            verb = "将取回" if options["dry_run"] else "已取回"
            summary = f"{pieces} 篇稿件，{verb} {brought} 张图片，{failed} 张未能取回（仍为外站地址）"
            self.stdout.write(summary)
