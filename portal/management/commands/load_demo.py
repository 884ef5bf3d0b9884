"""Demo accounts and a handful of Chinese demo content, for `make run`.

Idempotent: running it twice changes nothing the second time (accounts, columns,
people, events and pieces are looked up by their natural names first). Each kind
of data has its own function so later steps (e.g. importing the sample
documents) are one more function called from Command.handle.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Column, Source
from editorial.models import Status
from events.models import Event
from people.models import Person
from speeches.models import Speech, SpeechSection

DEMO_PASSWORD = "gongjiang-demo"  # noqa: S105 - printed on purpose: demo accounts for a local machine
ADMIN_USERNAME = "admin"
# (username, role group, display name); the groups' permissions come from the
# editorial data migration, this command only puts the users in them.
ROLE_ACCOUNTS = [
    ("zuozhe", "作者", "作者（演示）"),
    ("zebian", "责任编辑", "责任编辑（演示）"),
    ("zhuren", "编辑部主任", "编辑部主任（演示）"),
    ("zongbian", "总编辑", "总编辑（演示）"),
]

PEOPLE = [
    {
        "name": "王进喜",
        "aliases": "铁人",
        "positions": "大庆油田1205钻井队队长",
        "honours": "全国劳动模范",
        "bio": "石油工人的代表，“宁可少活二十年，拼命也要拿下大油田”，被誉为“铁人”。",
    },
    {
        "name": "孟泰",
        "aliases": "高炉卫士",
        "positions": "鞍钢炼铁厂配管组组长",
        "honours": "全国劳动模范",
        "bio": "新中国第一代劳动模范，建起“孟泰仓库”，守护高炉恢复生产。",
    },
    {
        "name": "王晓峰",
        "positions": "全国总工会研究室干部",
        "bio": "长期关注工运理论研究。",
    },
    {
        "name": "张华",
        "positions": "市总工会主席",
        "bio": "演示用人物。",
    },
    {"name": "李明", "positions": "工人日报记者"},
    {"name": "陈静", "positions": "本网编辑"},
]

EVENTS = [
    {
        "name": "全国劳动模范和先进工作者表彰大会",
        "start_date": datetime.date(2020, 11, 24),
        "end_date": datetime.date(2020, 11, 24),
        "place": "北京人民大会堂",
        "description": "表彰全国劳动模范和先进工作者。",
        "tags": ["劳模精神"],
    },
    {
        "name": "首届大国工匠创新交流大会",
        "start_date": datetime.date(2022, 4, 27),
        "end_date": datetime.date(2022, 4, 28),
        "place": "北京",
        "description": "大国工匠交流技艺、展示创新成果。",
        "tags": ["大国工匠", "工匠精神"],
    },
    {
        "name": "全市劳动模范座谈会",
        "start_date": datetime.date(2026, 4, 28),
        "place": "市总工会",
        "description": "“五一”前夕与劳模代表座谈。",
        "tags": ["劳模精神"],
    },
]

ARTICLES = [
    {
        "title": "铁人精神永放光芒",
        "subtitle": "王进喜与大庆石油会战",
        "column": "工运前沿",
        "source": "工人日报",
        "authors": [("李明", "本报记者")],
        "editor": "陈静",
        "people": ["王进喜"],
        "events": [],
        "tags": ["劳模精神", "铁人精神"],
        "days_ago": 6,
        "body": (
            "<p>1960年春，王进喜带领1205钻井队来到大庆，人拉肩扛把钻机运上井场。</p>"
            "<h2>宁可少活二十年</h2>"
            "<p>“宁可少活二十年，拼命也要拿下大油田。”这句话激励了一代又一代石油工人。</p>"
            "<blockquote><p>有条件要上，没有条件创造条件也要上。</p></blockquote>"
            "<p>今天，铁人精神仍在新时代产业工人身上闪光。</p>"
        ),
    },
    {
        "title": "高炉卫士孟泰：以厂为家的老英雄",
        "column": "中工理论",
        "source": "中工网",
        "authors": [("王晓峰", "")],
        "editor": "陈静",
        "people": ["孟泰"],
        "events": [],
        "tags": ["劳模精神"],
        "days_ago": 5,
        "body": (
            "<p>新中国成立之初，孟泰在废墟中刨出上万件材料，建起了有名的“孟泰仓库”。</p>"
            "<p>高炉出现险情，他总是第一个冲上去，被工友们称为“高炉卫士”。</p>"
        ),
    },
    {
        "title": "大力弘扬劳模精神、劳动精神、工匠精神",
        "column": "工运前沿",
        "source": "工人日报",
        "authors": [("王晓峰", "全国总工会研究室")],
        "editor": "陈静",
        "people": ["王进喜", "孟泰"],
        "events": ["全国劳动模范和先进工作者表彰大会"],
        "tags": ["劳模精神", "劳动精神", "工匠精神"],
        "days_ago": 3,
        "body": (
            "<p>劳模精神、劳动精神、工匠精神是以爱国主义为核心的民族精神和以改革创新为核心的时代精神的生动体现。</p>"
            "<h2>一、爱岗敬业、争创一流</h2><p>在平凡岗位上创造不平凡的业绩。</p>"
            "<h2>二、执着专注、精益求精</h2><p>把每一道工序做到极致。</p>"
        ),
    },
    {
        "title": "首届大国工匠创新交流大会在京开幕",
        "column": "工运前沿",
        "source": "中工网",
        "authors": [("李明", "记者")],
        "editor": "陈静",
        "people": [],
        "events": ["首届大国工匠创新交流大会"],
        "tags": ["大国工匠", "工匠精神"],
        "days_ago": 1,
        "body": (
            "<p>首届大国工匠创新交流大会在北京开幕，来自各行各业的大国工匠交流技艺、展示创新成果。</p>"
            "<table><thead><tr><th>展区</th><th>项目数</th></tr></thead>"
            "<tbody><tr><td>先进制造</td><td>120</td></tr><tr><td>航空航天</td><td>45</td></tr></tbody></table>"
        ),
    },
]

SPEECH = {
    "title": "弘扬劳模精神 做新时代奋进者",
    "subtitle": "在全市劳动模范座谈会上的讲话",
    "speaker": "张华",
    "occasion": "全市劳动模范座谈会",
    "delivered_on": datetime.date(2026, 4, 28),
    "venue": "市总工会",
    "salutation": "各位劳模、同志们：",
    "closing": "谢谢大家！",
    "tags": ["劳模精神"],
    "days_ago": 2,
    "body": "<p>大家下午好！“五一”就要到了，今天我们在这里举行全市劳动模范座谈会。</p>",
    "sections": [
        ("一、", "充分认识劳模工作的重要意义", "<p>劳动模范是民族的精英、人民的楷模。</p>"),
        ("二、", "大力弘扬劳模精神", "<p>要让劳模精神在全社会蔚然成风。</p>"),
        ("三、", "关心关爱劳模", "<p>各级工会要当好劳模的“娘家人”。</p>"),
    ],
}

DRAFT_TITLE = "新时代产业工人队伍建设改革观察（待审稿）"


def publish(piece, actor):
    """Put a freshly created demo piece straight into 已发布.

    The only place in this command that changes a status.
    """
    if piece.status == Status.PUBLISHED:
        return
    try:
        from editorial import workflow
    except ImportError:
        workflow = None
    if workflow is not None and hasattr(workflow, "admit"):
        workflow.admit(piece, Status.PUBLISHED, actor=actor, note="演示内容")
        return
    # TODO(workflow): editorial/workflow.py and its admit() do not exist yet; until they
    # do, set the status with an UPDATE so nothing else here assigns piece.status.
    now = timezone.now()
    type(piece).objects.filter(pk=piece.pk).update(
        status=Status.PUBLISHED,
        publish_at=piece.publish_at or now,
        first_published_at=piece.first_published_at or piece.publish_at or now,
    )
    piece.refresh_from_db()


def ensure_accounts():
    """The superuser and one account per role. Existing accounts keep their password."""
    User = get_user_model()
    created = []
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None:
        admin = User.objects.create_superuser(ADMIN_USERNAME, "admin@example.cn", DEMO_PASSWORD)
        created.append(ADMIN_USERNAME)
    for username, role, display in ROLE_ACCOUNTS:
        group, _ = Group.objects.get_or_create(name=role)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username, f"{username}@example.cn", DEMO_PASSWORD, first_name=display, is_staff=True
            )
            created.append(username)
        user.groups.add(group)
    return admin, created


def ensure_columns():
    theory, _ = Column.objects.get_or_create(name="中工理论", parent=None, defaults={"position": 1})
    frontier, _ = Column.objects.get_or_create(name="工运前沿", parent=theory, defaults={"position": 1})
    return {"中工理论": theory, "工运前沿": frontier}


def ensure_sources():
    sources = {}
    for name, url in [("工人日报", "https://www.workercn.cn/"), ("中工网", "https://www.workercn.cn/")]:
        sources[name], _ = Source.objects.get_or_create(name=name, defaults={"url": url})
    return sources


def ensure_people():
    people = {}
    for data in PEOPLE:
        data = dict(data)
        name = data.pop("name")
        people[name], _ = Person.objects.get_or_create(name=name, defaults=data)
    return people


def ensure_events():
    events = {}
    for data in EVENTS:
        data = dict(data)
        tags = data.pop("tags")
        event, created = Event.objects.get_or_create(name=data.pop("name"), defaults=data)
        if created:
            event.tags.add(*tags)
        events[event.name] = event
    return events


def ensure_articles(admin, columns, sources, people, events):
    now = timezone.now()
    pieces = []
    for data in ARTICLES:
        article = Article.objects.filter(title=data["title"]).first()
        if article is None:
            article = Article.objects.create(
                title=data["title"],
                subtitle=data.get("subtitle", ""),
                body=data["body"],
                column=columns[data["column"]],
                source=sources[data["source"]],
                responsible_editor=people[data["editor"]],
                publish_at=now - datetime.timedelta(days=data["days_ago"]),
                created_by=admin,
            )
            for order, (name, position) in enumerate(data["authors"]):
                ArticleAuthor.objects.create(
                    article=article, person=people[name], position=position, order=order
                )
            article.people.add(*(people[name] for name in data["people"]))
            article.events.add(*(events[name] for name in data["events"]))
            article.tags.add(*data["tags"])
        publish(article, admin)
        pieces.append(article)
    return pieces


def ensure_speech(admin, people, events):
    speech = Speech.objects.filter(title=SPEECH["title"]).first()
    if speech is None:
        speech = Speech.objects.create(
            title=SPEECH["title"],
            subtitle=SPEECH["subtitle"],
            body=SPEECH["body"],
            speaker=people[SPEECH["speaker"]],
            occasion=events[SPEECH["occasion"]],
            delivered_on=SPEECH["delivered_on"],
            venue=SPEECH["venue"],
            salutation=SPEECH["salutation"],
            closing=SPEECH["closing"],
            publish_at=timezone.now() - datetime.timedelta(days=SPEECH["days_ago"]),
            created_by=admin,
        )
        for order, (number, heading, body) in enumerate(SPEECH["sections"]):
            SpeechSection.objects.create(
                speech=speech, order=order, number=number, heading=heading, body=body
            )
        speech.people.add(people[SPEECH["speaker"]])
        speech.tags.add(*SPEECH["tags"])
    publish(speech, admin)
    return [speech]


def ensure_draft():
    """One draft by the author account, so the review workflow has something to review."""
    author = get_user_model().objects.get(username=ROLE_ACCOUNTS[0][0])
    article, _ = Article.objects.get_or_create(
        title=DRAFT_TITLE,
        defaults={
            "body": "<p>产业工人队伍建设改革推进以来，技能人才的成长通道进一步打通。</p>",
            "created_by": author,
        },
    )
    return [article]


# --- The publisher's sample documents (owned by ingest; README "Importing documents") ---
SEED_DOCUMENTS = Path(__file__).resolve().parents[3] / "fixtures" / "seeds"


def import_seed_documents():
    """Import fixtures/seeds/ published, through import_documents (idempotent: unchanged the
    second time). Runs outside the demo transaction: each document has its own."""
    import io
    import json
    import tempfile

    from django.core.management import call_command

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        call_command(
            "import_documents", str(SEED_DOCUMENTS), status=Status.PUBLISHED, user=ADMIN_USERNAME,
            report=str(report), verbosity=0, stdout=io.StringIO(),
        )  # fmt: skip
        counts = json.loads(report.read_text(encoding="utf-8"))["counts"]
    return "，".join(f"{name} {count}" for name, count in counts.items())


# --- end of sample documents ---


class Command(BaseCommand):
    help = "创建演示账号（admin 与四个角色）和少量中文演示内容；可重复运行。"

    def handle(self, *args, **options):
        with transaction.atomic():
            admin, created_accounts = ensure_accounts()
            columns = ensure_columns()
            sources = ensure_sources()
            people = ensure_people()
            events = ensure_events()
            pieces = ensure_articles(admin, columns, sources, people, events)
            pieces += ensure_speech(admin, people, events)
            drafts = ensure_draft()
        imported = import_seed_documents()

        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"演示内容就绪：{len(pieces)} 篇已发布稿件，{len(drafts)} 篇待审草稿，"
                    f"{len(people)} 位人物，{len(events)} 个活动。"
                )
            )
            self.stdout.write(self.style.SUCCESS(f"样稿导入（fixtures/seeds）：{imported}"))
        self.print_accounts(created_accounts)

    def print_accounts(self, created_accounts):
        # Printed even at verbosity 0: `make run` exists to hand these to a newcomer.
        self.stdout.write("")
        self.stdout.write(f"后台 /admin/ 演示账号（密码均为 {DEMO_PASSWORD}）：")
        rows = [(ADMIN_USERNAME, "超级用户")] + [(username, role) for username, role, _ in ROLE_ACCOUNTS]
        for username, role in rows:
            note = "" if username in created_accounts else "（已存在，密码未改动）"
            self.stdout.write(f"  {username:<10} {role}{note}")
