"""Demo accounts and content for `make run`: the publisher's five sample documents.

The public content is the real samples in fixtures/seeds, published through
import_documents, except what the workflow's content checks hold back: the speech
sample is a template with some thirty placeholders (X月底, XX…), so it stays a
draft, with the placeholders listed on its admin page, until someone fills them in.
Around them: the superuser and one account per review role, the columns and the two
people and events the samples name, one draft by the author account for the review
workflow, and a few short pieces taken through it so that each role's desk (我的工作台)
has work at first login. Nothing invented about real people.

Idempotent: running it twice changes nothing the second time.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from editorial.models import Status
from editorial.registry import column_model, content_types, main_flow
from events.models import Event
from people.models import Person

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

# Only facts that hold: the importer links these names and aliases in the samples,
# and the two events are the ones the samples name, with their real dates.
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
        "place": "北京",
        "description": "大国工匠交流技艺、展示创新成果。",
        "tags": ["大国工匠", "工匠精神"],
    },
]

DRAFT_TITLE = "新时代产业工人队伍建设改革观察（待审稿）"


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


def ensure_draft():
    """One draft by the author account, so the review workflow has something to review."""
    author = get_user_model().objects.get(username=ROLE_ACCOUNTS[0][0])
    article, _ = main_flow().objects.get_or_create(
        title=DRAFT_TITLE,
        defaults={
            "body": "<p>产业工人队伍建设改革推进以来，技能人才的成长通道进一步打通。</p>",
            "created_by": author,
        },
    )
    return [article]


# Pieces at each review stage, so each role finds something on its desk (我的工作台) at
# first login: the 初审 and 复审 reviewers a piece each, the 总编辑 one carrying a
# placeholder (XX人) that the content checks show and final approval refuses, and the
# author one sent back with an opinion. Everyday workshop topics; no real person named.
DESK_PIECES = [
    ("班组长的一天", "<p>早上七点半，班组长已经站在生产线旁，逐台检查设备运行情况。</p>", ["submit"], ""),
    (
        "技能比武场上的年轻人",
        "<p>比武现场，参赛选手在规定时间内完成了零件加工和装配。</p>",
        ["submit", "approve:zebian"],
        "",
    ),
    (
        "一线工人谈技能提升",
        "<p>今年共有XX人参加技能培训，多数学员取得了新的职业技能等级证书。</p>",
        ["submit", "approve:zebian", "approve:zhuren"],
        "",
    ),
    (
        "车间里的安全课",
        "<p>安全员用身边的案例讲解操作规程，工友们听得很认真。</p>",
        ["submit", "send_back:zebian"],
        "请补充讲课安全员的岗位，以及培训覆盖了多少名工人。",
    ),
]


def ensure_desk_pieces():
    """The pieces of DESK_PIECES, taken through the workflow once (kept as they are after that)."""
    from editorial import workflow

    users = {user.username: user for user in get_user_model().objects.all()}
    author = users[ROLE_ACCOUNTS[0][0]]
    pieces = []
    for title, body, steps, opinion in DESK_PIECES:
        existing = main_flow().objects.filter(title=title).first()
        if existing is not None:
            pieces.append(existing)
            continue
        article = workflow.save_piece(main_flow()(title=title, body=body), author)
        for step in steps:
            action, _, actor = step.partition(":")
            note = opinion if action == "send_back" else ""
            workflow.transition(article, action, users[actor] if actor else author, opinion=note)
        pieces.append(article)
    return pieces


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
        result = json.loads(report.read_text(encoding="utf-8"))
    summary = "，".join(f"{name} {count}" for name, count in result["counts"].items())
    held = [Path(doc["file"]).name for doc in result["documents"] if doc["held_as_draft"]]
    if held:
        summary += f"；未通过内容检查、保存为草稿：{'、'.join(held)}"
    return summary


# --- end of sample documents ---


def ensure_front_page():
    """Arrange the home page from the imported samples only, as the desk would.

    头条: the newest sample with a picture; 要闻: the other samples, newest first; 焦点图
    and the 中工理论 block follow their rules (pictures; the column). Slots an editor has
    already arranged are left alone. Returns the number of pieces placed.
    """
    from django.db.models import Q

    from portal.models import Slot
    from portal.placements import arrange

    samples = list(
        main_flow()
        .objects.live()
        .exclude(original_document=None)
        .order_by("-publish_at", "-pk")
        .only("pk", "title")
    )
    if not samples:
        return 0
    with_picture = set(
        main_flow()
        .objects.filter(pk__in=[a.pk for a in samples])
        .filter(~Q(head_image_url="") | Q(head_image__isnull=False))
        .values_list("pk", flat=True)
    )
    lead = next((article for article in samples if article.pk in with_picture), samples[0])
    admin = get_user_model().objects.get(username=ADMIN_USERNAME)
    placed = 0
    plan = {Slot.Kind.LEAD: [lead], Slot.Kind.TOP: [article for article in samples if article != lead]}
    for kind, pieces in plan.items():
        slot = Slot.objects.get(kind=kind)
        if not slot.placements.exists():
            arrange(slot, admin, pieces)
            placed += len(pieces)
    theory = column_model().objects.filter(name="中工理论", parent=None).first()
    if theory is not None:
        Slot.objects.get_or_create(kind=Slot.Kind.COLUMN, column=theory, defaults={"size": 6, "position": 1})
    return placed


def ensure_topic():
    """A 专题 on 劳模精神 gathering the samples by their tag (title from the tag; no text invented)."""
    from editorial.models import Tag
    from portal.models import Topic

    tag = Tag.objects.filter(name="劳模精神").first()
    if tag is None:
        return None
    topic, _ = Topic.objects.get_or_create(title="劳模精神", defaults={"tag": tag, "is_published": True})
    return topic


class Command(BaseCommand):
    help = "创建演示账号（admin 与四个角色）和少量中文演示内容；可重复运行。"

    def handle(self, *args, **options):
        with transaction.atomic():
            _, created_accounts = ensure_accounts()
            for model in content_types():
                model.load_demo_rows()  # an article's columns and sources
            people = ensure_people()
            events = ensure_events()
            drafts = ensure_draft()
            ensure_desk_pieces()
        imported = import_seed_documents()
        placed = ensure_front_page()
        topic = ensure_topic()

        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"演示内容就绪：{len(drafts)} 篇待审草稿，{len(people)} 位人物，{len(events)} 个活动。"
                )
            )
            self.stdout.write(self.style.SUCCESS(f"样稿导入（fixtures/seeds）：{imported}"))
            self.stdout.write(self.style.SUCCESS(f"首页推荐位：放入 {placed} 篇样稿（头条、要闻）。"))
            if topic is not None:
                self.stdout.write(
                    self.style.SUCCESS(f"专题：{topic.title}（按标签收入样稿）{topic.get_absolute_url()}")
                )
        self.print_accounts(created_accounts)

    def print_accounts(self, created_accounts):
        # Printed even at verbosity 0: `make run` exists to hand these to a newcomer.
        self.stdout.write("")
        self.stdout.write(f"后台 /admin/ 演示账号（密码均为 {DEMO_PASSWORD}）：")
        rows = [(ADMIN_USERNAME, "超级用户")] + [(username, role) for username, role, _ in ROLE_ACCOUNTS]
        for username, role in rows:
            note = "" if username in created_accounts else "（已存在，密码未改动）"
            self.stdout.write(f"  {username:<10} {role}{note}")
