"""The editors' side of a generated archive: accounts, workflow history, images.

    python -m bench.admin_archive --database-url sqlite:////abs/a100000.sqlite3 [--audit 1000000]

Runs on an archive made by bench.generate (articles, speeches, people, events, tags) and
adds what the admin shows: the demo accounts (one per role) and twenty more writers, each
piece's workflow history — an audit entry for its creation, its saves, its submission,
each review stage's approval and its publication (``--audit`` entries in all, spread over
the pieces), three revisions per piece (JSON snapshots as the workflow writes them), the
sign-offs of the 审稿单 — a share of the pieces waiting at each review stage, and an image
library (one image per five articles; the rows point at files that need not exist, the
admin prints their addresses only). Rows go in with bulk_create in batches; done once per
database (marked in the table bench_admin_archive).
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta

BATCH = 5000
REVISIONS_PER_PIECE = 3
WRITERS = 20  # besides zuozhe: the newsroom's other reporters
IMAGES_PER_ARTICLE = 0.2
# Of the drafts bench.generate makes (2 %), these shares wait at a review stage instead.
STAGES = ("draft", "review_1", "review_2", "review_3")


def _value(field, obj):
    from django.db import connection

    return field.get_db_prep_save(getattr(obj, field.attname), connection)


def insert(model, objects):
    """INSERT ``objects`` with one executemany (bulk_create prepares each value through the
    ORM, about ten times slower for the million audit entries)."""
    from django.db import connection

    if not objects:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})",  # noqa: S608 (model names)
            [[_value(field, obj) for field in fields] for obj in objects],
        )


def write(model, names, objects):
    """UPDATE ``names`` of ``objects`` with one executemany."""
    from django.db import connection

    fields = [model._meta.get_field(name) for name in names]
    assignments = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {model._meta.db_table} SET {assignments} WHERE id = %s",  # noqa: S608 (model names)
            [[*(_value(field, obj) for field in fields), obj.pk] for obj in objects],
        )


def build(audit_total, seed=20261202):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article
    from editorial import workflow
    from editorial.models import AuditEntry, Comment, ReviewSignoff, Revision, Tag, TaggedItem
    from images.models import Image
    from portal.management.commands.load_demo import DEMO_PASSWORD, ensure_accounts
    from speeches.models import Speech

    rng = random.Random(seed)
    started = time.monotonic()
    # The accounts' passwords are never typed here (the bench logs in with force_login): a
    # fast hasher spares five seconds of PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=OFF")
    now = timezone.now()
    User = get_user_model()
    with transaction.atomic():
        admin, _created = ensure_accounts()
        accounts = {user.username: user for user in User.objects.filter(username__startswith="z")}
        writer_hash = accounts["zuozhe"].password  # one password hash for every generated writer
        group = accounts["zuozhe"].groups.first()
        writers = User.objects.bulk_create(
            [
                User(username=f"writer{n}", first_name=f"记者{n}", is_staff=True, password=writer_hash)
                for n in range(1, WRITERS + 1)
            ]
        )
        group.user_set.add(*writers)
        writers = [accounts["zuozhe"], *writers]
        reviewers = [accounts["zebian"], accounts["zhuren"], accounts["zongbian"]]
        publisher = accounts["zongbian"]

        tags = list(Tag.objects.values_list("pk", flat=True))
        image_type = ContentType.objects.get_for_model(Image)
        image_count = int(Article.objects.count() * IMAGES_PER_ARTICLE)
        span = timedelta(days=3 * 365)
        images = []
        for n in range(image_count):
            name = f"images/bench/{n % 97}"
            images.append(
                Image(
                    file=f"{name}.jpg",
                    card=f"{name}-card.webp",
                    detail=f"{name}-detail.webp",
                    width=1600,
                    height=1067,
                    title=f"图片 {n} 车间 劳模 工匠"[: 20 + n % 5],
                    alt="工人在车间操作设备",
                    caption="职工技能大赛现场" if n % 2 else "",
                    photographer=f"摄影{n % 50}",
                    source="工人日报" if n % 3 else "新华社",
                    uploaded_by=writers[n % len(writers)] if n % 4 else admin,
                )
            )
        images = Image.objects.bulk_create(images, batch_size=BATCH)
        # auto_now_add ignored the value: spread the uploads over the archive's three years.
        for image in images:
            image.created_at = now - span * rng.random()
        write(Image, ["created_at"], images)
        insert(
            TaggedItem,
            [
                TaggedItem(tag_id=tag, content_type=image_type, object_id=image.pk)
                for image in images
                for tag in rng.sample(tags, 2)
            ],
        )

        pieces = 0
        audit_left = audit_total
        total_pieces = Article.objects.count() + Speech.objects.count()
        for model in (Article, Speech):
            content_type = ContentType.objects.get_for_model(model)
            code = f"gongjiang.{model._meta.model_name}."
            pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), BATCH):
                chunk = pks[start : start + BATCH]
                queryset = (
                    model.objects.filter(pk__in=chunk).defer("original_document").prefetch_related("tags")
                )
                updates, entries, revisions, signoffs, comments = [], [], [], [], []
                for piece in queryset:
                    pieces += 1
                    author = writers[piece.pk % len(writers)] if piece.pk % 10 else writers[0]
                    piece.created_by = author
                    if piece.status == "draft":
                        piece.status = STAGES[piece.pk % len(STAGES)]
                    stage = workflow.stage_of(piece.status) or 0
                    passed = 3 if piece.status in ("approved", "published") else max(stage - 1, 0)
                    updates.append(piece)
                    end = piece.publish_at if piece.publish_at and piece.publish_at < now else now
                    begin = end - timedelta(hours=rng.uniform(2, 72))
                    share = audit_left // max(total_pieces - pieces + 1, 1)
                    audit_left -= share
                    events = ["created", "submitted"] if stage or passed else ["created"]
                    events += [f"approved{n}" for n in range(1, passed + 1)]
                    if piece.status == "published":
                        events.append("published")
                    saves = max(share - len(events), 0)
                    events[1:1] = ["saved"] * saves
                    events = events[:share]
                    moments = sorted(begin + (end - begin) * rng.random() for _ in events)
                    status = "draft"
                    for event, moment in zip(events, moments, strict=True):
                        actor, before, opinion = author, status, ""
                        if event == "submitted":
                            status = "review_1"
                        elif event.startswith("approved"):
                            n = int(event[-1])
                            actor = reviewers[n - 1]
                            status = "approved" if n == 3 else f"review_{n + 1}"
                            opinion = rng.choice(("同意。", "同意，注意核实数据。", ""))
                            signoffs.append(
                                ReviewSignoff(
                                    content_type=content_type,
                                    object_id=piece.pk,
                                    created_at=moment,
                                    stage=n,
                                    decision="approved",
                                    reviewer=actor,
                                    opinion=opinion,
                                )
                            )
                            event = "approved"
                        elif event == "published":
                            actor, status = publisher, "published"
                        entries.append(
                            AuditEntry(
                                content_type=content_type,
                                object_id=piece.pk,
                                created_at=moment,
                                code=code + event,
                                actor=actor,
                                actor_name=actor.first_name or actor.username,
                                object_repr=piece.title[:200],
                                from_status=before,
                                to_status=status,
                                opinion=opinion,
                                changed_fields=["body", "summary"] if event == "saved" else [],
                            )
                        )
                    snapshot = workflow.snapshot(
                        piece, links={"tags": sorted(tag.name for tag in piece.tags.all())}
                    )
                    paragraphs = snapshot.get("body", "").split("</p>")
                    for version in range(1, REVISIONS_PER_PIECE + 1):
                        # Earlier versions hold fewer paragraphs, so the diffs have something to show.
                        kept = len(paragraphs) * version // REVISIONS_PER_PIECE
                        revisions.append(
                            Revision(
                                content_type=content_type,
                                object_id=piece.pk,
                                created_at=begin + (end - begin) * version / (REVISIONS_PER_PIECE + 1),
                                version=version,
                                snapshot={**snapshot, "body": "</p>".join(paragraphs[:kept])},
                                changed_fields=["body"] if version > 1 else [],
                                created_by=author,
                            )
                        )
                    if piece.pk % 20 == 0:
                        comments.append(
                            Comment(
                                content_type=content_type,
                                object_id=piece.pk,
                                created_at=begin,
                                author=reviewers[0],
                                body="第二段的数据请再核实一下来源。",
                            )
                        )
                write(model, ["created_by", "status"], updates)
                for record_model, rows in (
                    (AuditEntry, entries),
                    (Revision, revisions),
                    (ReviewSignoff, signoffs),
                    (Comment, comments),
                ):
                    insert(record_model, rows)
                print(f"  {model._meta.model_name}: {start + len(chunk):,} / {len(pks):,}", flush=True)
        # A library image as head image for every third article (the list's thumbnails).
        image_ids = [image.pk for image in images]
        if image_ids:
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE articles_article SET head_image_id = %s WHERE id = %s",
                    [
                        [image_ids[pk % len(image_ids)], pk]
                        for pk in list(Article.objects.values_list("pk", flat=True))[::3]
                    ],
                )
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_admin_archive (done integer)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert DEMO_PASSWORD
    return {
        "images": image_count,
        "audit_entries": AuditEntry.objects.count(),
        "revisions": Revision.objects.count(),
        "signoffs": ReviewSignoff.objects.count(),
        "seconds": round(time.monotonic() - started, 1),
    }


def is_built():
    from django.db import connection

    return "bench_admin_archive" in connection.introspection.table_names()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--audit", type=int, help="audit entries in all (default: 9 per piece)")
    args = parser.parse_args(argv)
    if "db.sqlite3" in args.database_url:
        sys.exit("bench.admin_archive refuses to write into the project database")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-admin-archive-only")
    import django

    django.setup()
    if is_built():
        print("bench.admin_archive: already built", flush=True)
        return
    from articles.models import Article
    from speeches.models import Speech

    audit = args.audit or 9 * (Article.objects.count() + Speech.objects.count())
    print(f"bench.admin_archive: adding {audit:,} audit entries, revisions, images …", flush=True)
    print(f"bench.admin_archive: {build(audit)}", flush=True)


if __name__ == "__main__":
    main()
