"""Generate a realistic throwaway archive for the page benchmark.

    python -m bench.generate --scale 10000 --database-url sqlite:////abs/path.sqlite3 --manifest out.json

Text comes from the sample documents (fixtures/seeds, else /work/shared/seeds): titles
are clauses of real sentences, bodies are paragraphs of real sentences. Rows go in with
bulk_create (model save() is bypassed, so slugs, summaries and sanitised bodies are
built here; the bodies are plain <p> paragraphs of escaped text). ``--scale`` is the
number of articles; speeches, people and events keep the default proportions
(10,000 : 1,000 : 2,000 : 200), tags stay at 300.

The manifest records counts and the URLs of the sample pages the runner measures; it is
rewritten on every call (URLs appear as helpers add views) while the data is generated
only once per database.
"""

import argparse
import html
import json
import os
import random
import re
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = [ROOT / "fixtures" / "seeds", Path("/work/shared/seeds")]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉海文辉力斌宇浩凯"
    "鹏飞晓东雪梅春晖振兴德胜永福国庆卫东建华新民铁成"
)
PLACES = [
    "北京",
    "上海",
    "天津",
    "重庆",
    "大庆",
    "沈阳",
    "武汉",
    "广州",
    "深圳",
    "成都",
    "西安",
    "杭州",
    "南京",
    "济南",
    "郑州",
    "长沙",
]
EVENT_KINDS = [
    "劳动模范表彰大会",
    "大国工匠创新交流大会",
    "职工技能大赛",
    "劳模座谈会",
    "工会代表大会",
    "工匠精神研讨会",
    "五一劳动奖章颁奖仪式",
    "产业工人队伍建设改革推进会",
]
HONOURS = ["全国劳动模范", "全国五一劳动奖章", "大国工匠", "全国先进工作者", "省劳动模范", "市劳动模范"]
POSITIONS = [
    "全国总工会副主席",
    "市总工会主席",
    "高级技师",
    "车间主任",
    "工人日报记者",
    "中工网评论员",
    "首席技师",
    "研究员",
]
COLUMNS = [
    ("中工理论", ["工运前沿", "理论视点", "学习园地"]),
    ("要闻", ["时政", "工会"]),
    ("劳模风采", ["大国工匠", "一线职工"]),
    ("评论", []),
]
SOURCES = [
    "工人日报",
    "中工网",
    "人民日报",
    "新华社",
    "央视网",
    "光明日报",
    "经济日报",
    "求是网",
    "学习强国",
    "ZAKER",
]
CHINESE_NUMERALS = "一二三四五六七八九十"


def read_seeds():
    for folder in SEED_DIRS:
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return [path.read_text(encoding="utf-8-sig", errors="replace") for path in files]
    sys.exit("bench.generate: no sample documents in fixtures/seeds or /work/shared/seeds")


def text_pools(documents):
    """Sentences (bodies), clauses (titles) and words (tags) from the sample texts."""
    sentences, clauses, words = [], [], {}
    import jieba

    for doc in documents:
        doc = re.sub(r"\A\s*---.*?---", "", doc, flags=re.S)  # front matter
        doc = re.sub(r"<[^>]+>", "\n", doc)
        doc = html.unescape(doc).replace("\u3000", "")
        for sentence in re.findall(r"[^。！？\n]{8,160}[。！？]", doc):
            sentence = sentence.strip(' \t“”"')
            if re.search(r"[\u4e00-\u9fff]{6}", sentence) and "X" not in sentence:
                sentences.append(sentence)
        for clause in re.split(r"[，。！？；、,：:\n（）()“”\"]", doc):
            clause = clause.strip()
            if 6 <= len(clause) <= 24 and re.fullmatch(r"[\u4e00-\u9fff0-9]+", clause):
                clauses.append(clause)
        for word in jieba.cut(doc):
            if 2 <= len(word) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
                words[word] = words.get(word, 0) + 1
    common = sorted(words, key=lambda w: -words[w])
    return sorted(set(sentences)), sorted(set(clauses)), common


def counts_for(scale):
    return {
        "articles": scale,
        "speeches": max(20, scale // 10),
        "people": max(50, scale // 5),
        "events": max(10, scale // 50),
        "tags": 300,
    }


def generate(scale, seed=20261123):
    import django
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from articles import byline_names
    from articles.models import Article, ArticleAuthor, Column, Source
    from editorial.models import Status, Tag, TaggedItem
    from editorial.slugs import pinyin_slug
    from events.models import Event
    from people.models import Person
    from speeches.models import Speech, SpeechSection

    assert django.VERSION
    rng = random.Random(seed)
    sentences, clauses, words = text_pools(read_seeds())
    counts = counts_for(scale)
    now = timezone.now()
    span = timedelta(days=3 * 365)
    started = time.monotonic()

    call_command("migrate", verbosity=0, interactive=False)
    if Article.objects.exists():
        sys.exit(
            "bench.generate: the database already holds articles; give an empty one (run.py --regenerate)"
        )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=OFF")

    slug_memo = {}

    def slug_for(text, n):
        if text not in slug_memo:
            slug_memo[text] = pinyin_slug(text)[:60] or "item"
        return f"{slug_memo[text]}-{n}"

    def body(paragraphs):
        return "".join(
            "<p>" + html.escape("".join(rng.choice(sentences) for _ in range(rng.randint(1, 4)))) + "</p>"
            for _ in range(paragraphs)
        )

    def summary_of(text_html):
        text = re.sub(r"<[^>]+>", "", text_html)
        return html.unescape(text)[:110] + "…"

    def status_and_dates(i, total):
        """95 % published over three years (older ids earlier), some scheduled, drafts, expired."""
        publish_at = now - span + span * (i + rng.random()) / total
        roll = rng.random()
        if roll < 0.02:
            return Status.DRAFT, None, None, None
        if roll < 0.04:
            at = now + timedelta(hours=rng.randint(1, 24 * 30))
            return Status.APPROVED, at, None, None
        if roll < 0.05:
            return Status.PUBLISHED, publish_at, publish_at + timedelta(days=rng.randint(1, 30)), publish_at
        return Status.PUBLISHED, publish_at, None, publish_at

    with transaction.atomic():
        tag_names = [w for w in words if len(w) >= 2][: counts["tags"]]
        while len(tag_names) < counts["tags"]:
            tag_names.append(f"专题{len(tag_names) + 1}")
        tags = Tag.objects.bulk_create(
            [Tag(name=name, slug=slug_for(name, n)) for n, name in enumerate(tag_names)], batch_size=1000
        )

        people = Person.objects.bulk_create(
            [
                Person(
                    name=(name := rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2)))),
                    slug=slug_for(name, n),
                    positions="\n".join(rng.sample(POSITIONS, rng.randint(0, 2))),
                    honours="、".join(rng.sample(HONOURS, rng.randint(0, 2))),
                    bio=body(1),
                )
                for n in range(counts["people"])
            ],
            batch_size=2000,
        )

        events = []
        for n in range(counts["events"]):
            start = (now - span + span * rng.random()).date()
            name = f"{rng.choice(PLACES)}第{n + 1}届{rng.choice(EVENT_KINDS)}"
            events.append(
                Event(
                    name=name,
                    slug=slug_for(name, n),
                    start_date=start,
                    end_date=start + timedelta(days=rng.randint(0, 2)),
                    place=rng.choice(PLACES),
                    description=rng.choice(sentences),
                )
            )
        events = Event.objects.bulk_create(events, batch_size=2000)

        columns = []
        for position, (name, children) in enumerate(COLUMNS):
            parent = Column.objects.create(name=name, slug=slug_for(name, position), position=position)
            columns.append(parent)
            for child_position, child in enumerate(children):
                columns.append(
                    Column.objects.create(
                        name=child,
                        slug=slug_for(child, f"{position}-{child_position}"),
                        parent=parent,
                        position=child_position,
                    )
                )
        sources = [Source.objects.create(name=name) for name in SOURCES]

        article_type = ContentType.objects.get_for_model(Article)
        speech_type = ContentType.objects.get_for_model(Speech)
        # Popular tags get most of the use, as on a real site (Zipf-like weights).
        tag_weights = [1 / (rank + 1) for rank in range(len(tags))]

        def pick_tags(k):
            return set(rng.choices(tags, weights=tag_weights, k=k))

        batch = 5000
        for start in range(0, counts["articles"], batch):
            rows = []
            for i in range(start, min(start + batch, counts["articles"])):
                title = rng.choice(clauses)
                if rng.random() < 0.3:
                    title = f"{title}，{rng.choice(clauses)}"
                status, publish_at, expire_at, first = status_and_dates(i, counts["articles"])
                text = body(rng.randint(6, 14))
                rows.append(
                    Article(
                        title=title[:200],
                        short_title=title[:30] if len(title) > 30 else "",
                        slug=slug_for(title, i),
                        summary=summary_of(text),
                        body=text,
                        status=status,
                        publish_at=publish_at,
                        expire_at=expire_at,
                        first_published_at=first,
                        column=rng.choice(columns),
                        source=rng.choice(sources),
                        is_repost=rng.random() < 0.3,
                        responsible_editor=rng.choice(people),
                        head_image_url="" if rng.random() < 0.6 else f"https://img.example.cn/{i}.jpg",
                    )
                )
            rows = Article.objects.bulk_create(rows, batch_size=1000)
            bylines, mentions, tagged = [], [], []
            for article in rows:
                for order, person in enumerate(rng.sample(people, rng.randint(1, 2))):
                    bylines.append(
                        ArticleAuthor(
                            article=article, person=person, order=order, position=rng.choice(POSITIONS)
                        )
                    )
                for person in rng.sample(people, rng.randint(0, 2)):
                    mentions.append(Article.people.through(article_id=article.pk, person_id=person.pk))
                for tag in pick_tags(rng.randint(0, 3)):
                    tagged.append(TaggedItem(content_type=article_type, object_id=article.pk, tag=tag))
            ArticleAuthor.objects.bulk_create(bylines, batch_size=2000)
            byline_names.refresh([article.pk for article in rows])  # bulk_create sends no signals
            Article.people.through.objects.bulk_create(mentions, batch_size=2000)
            TaggedItem.objects.bulk_create(tagged, batch_size=2000)

        speeches = []
        for i in range(counts["speeches"]):
            title = f"在{rng.choice(events).name}上的讲话"
            status, publish_at, expire_at, first = status_and_dates(i, counts["speeches"])
            text = body(2)
            speeches.append(
                Speech(
                    title=title[:200],
                    short_title=title[:30] if len(title) > 30 else "",
                    slug=slug_for(title, i),
                    summary=summary_of(text),
                    body=text,
                    status=status,
                    publish_at=publish_at,
                    expire_at=expire_at,
                    first_published_at=first,
                    speaker=rng.choice(people),
                    occasion=rng.choice(events),
                    delivered_on=(publish_at or now).date(),
                    venue=rng.choice(PLACES),
                    salutation="各位劳模、同志们：",
                    closing="谢谢大家！",
                )
            )
        speeches = Speech.objects.bulk_create(speeches, batch_size=1000)
        sections, tagged, occasions = [], [], []
        for speech in speeches:
            for order in range(rng.randint(3, 6)):
                sections.append(
                    SpeechSection(
                        speech=speech,
                        order=order,
                        number=f"{CHINESE_NUMERALS[order]}、",
                        heading=rng.choice(clauses),
                        body=body(rng.randint(2, 4)),
                    )
                )
            for tag in pick_tags(rng.randint(0, 3)):
                tagged.append(TaggedItem(content_type=speech_type, object_id=speech.pk, tag=tag))
            occasions.append(Speech.events.through(speech_id=speech.pk, event_id=speech.occasion_id))
        SpeechSection.objects.bulk_create(sections, batch_size=2000)
        TaggedItem.objects.bulk_create(tagged, batch_size=2000)
        Speech.events.through.objects.bulk_create(occasions, batch_size=2000)

    # Rows went in without signals: the search index is built as the command builds it.
    indexed = time.monotonic()
    call_command("rebuild_search_index", in_batches=True, verbosity=0)
    search_seconds = round(time.monotonic() - indexed, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a production database would have
    return {**counts, "seconds": round(time.monotonic() - started, 1), "search_index_seconds": search_seconds}


def sample_urls():
    """Paths of one typical page of each kind (None where the URL is not wired yet)."""
    from django.db.models import Count, Q
    from django.urls import NoReverseMatch, reverse

    from articles.models import Article
    from editorial.models import Tag
    from events.models import Event
    from people.models import Person
    from speeches.models import Speech

    def url(name, **kwargs):
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            return None

    live_articles = Article.objects.live().order_by("-publish_at", "-pk")
    middle = live_articles.values_list("slug", flat=True)[live_articles.count() // 2]
    speech = Speech.objects.live().order_by("-publish_at", "-pk").values_list("slug", flat=True).first()
    # A typical busy tag and author: the 10th most used, not the single outlier.
    tag = Tag.objects.annotate(n=Count("tagged_items")).order_by("-n", "pk").values_list("slug", flat=True)[9]
    person = (
        Person.objects.annotate(n=Count("bylines")).order_by("-n", "pk").values_list("slug", flat=True)[9]
    )
    event = (
        Event.objects.annotate(n=Count("speeches", filter=Q(speeches__status="published")))
        .order_by("-n", "pk")
        .values_list("slug", flat=True)[0]
    )
    article_list = url("articles:list")
    search = url("search:results")
    return {
        "home": url("portal:home"),
        "article_list_1": article_list,
        "article_list_200": f"{article_list}?page=200" if article_list else None,
        "article_detail": url("articles:detail", slug=middle),
        "speech_detail": url("speeches:detail", slug=speech),
        "tag": url("portal:tag", slug=tag),
        "person": url("people:detail", slug=person),
        "event": url("events:detail", slug=event),
        "search": f"{search}?q=%E5%B7%A5%E5%8C%A0%E7%B2%BE%E7%A5%9E" if search else None,  # 工匠精神
    }


def explain():
    """EXPLAIN of the article list query (page 1 and page 200, 20 a page) and of its count."""
    from django.db import connection

    from articles.models import Article

    plans = {}
    listing = Article.objects.for_cards()
    queries = {
        "article list page 1 (Article.objects.for_cards()[:20])": listing[:20],
        # As editorial.views.PublicPaginator asks for a deep page: the ids first, then the rows.
        "article list page 200 (ids of for_listing()[3980:4000], then their rows)": listing.filter(
            pk__in=listing[3980:4000].values("pk")
        ),
    }
    statements = {title: queryset.query.sql_with_params() for title, queryset in queries.items()}
    # What the paginator counts (once per content change: editorial.cache.FreshCountPaginator).
    sql, params = Article.objects.live().order_by().values("pk").query.sql_with_params()
    statements["article list count (paginator: live().count())"] = (
        f"SELECT COUNT(*) FROM ({sql}) live",
        params,
    )
    for title, (sql, params) in statements.items():
        with connection.cursor() as cursor:
            explain_sql = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            cursor.execute(explain_sql + sql, params)
            plans[title] = "\n".join(str(row[-1]) for row in cursor.fetchall())
    return plans


def read_only(database_url):
    """``database_url`` opened so that nothing can write to it: for measuring an archive
    someone else built (the 100,000-article archives), which must stay as it is."""
    separator = "&" if "?" in database_url else "?"
    if database_url.startswith("sqlite:"):
        return f"{database_url}{separator}init_command=PRAGMA%20query_only%3D1"
    return f"{database_url}{separator}options=-c%20default_transaction_read_only%3Don"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10_000, help="number of articles (default 10000)")
    parser.add_argument(
        "--database-url", required=True, help="throwaway database, e.g. sqlite:////tmp/b.sqlite3"
    )
    parser.add_argument("--manifest", required=True, type=Path)
    parser.add_argument("--explain", action="store_true", help="also store EXPLAIN of the list query")
    args = parser.parse_args(argv)

    if "db.sqlite3" in args.database_url and "bench/out" not in args.database_url:
        sys.exit("bench.generate refuses to write into the project database")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("SECRET_KEY", "bench-generate-only")
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection

    manifest = json.loads(args.manifest.read_text()) if args.manifest.exists() else {}
    # A cached archive follows the code's migrations (new columns, data they fill). SQLite
    # rebuilds a table to add a column, and a rebuilt table has no planner statistics.
    call_command("migrate", verbosity=0, interactive=False)
    if manifest.get("generated") and "search_index_seconds" not in manifest["generated"]:
        # An archive made before bench.generate built the search index gets one now.
        print("bench.generate: building the search index …", flush=True)
        indexed = time.monotonic()
        call_command("rebuild_search_index", in_batches=True, verbosity=0)
        manifest["generated"]["search_index_seconds"] = round(time.monotonic() - indexed, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    if manifest.get("scale") != args.scale or not manifest.get("generated"):
        print(f"bench.generate: building an archive of {args.scale:,} articles …", flush=True)
        manifest = {"scale": args.scale, "generated": generate(args.scale)}
        print(f"bench.generate: done in {manifest['generated']['seconds']} s", flush=True)
    manifest["urls"] = sample_urls()
    if args.explain:
        manifest["explain"] = explain()
    args.manifest.write_text(json.dumps(manifest, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
