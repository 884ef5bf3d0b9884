"""The five real documents, imported through the command, give the fields of issue 4's table."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from articles.models import Article
from editorial.models import Status
from events.models import Event
from people.models import Person
from speeches.models import Speech

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(run_import, seeds):
    out, err, error = run_import(seeds, verbosity=0)
    assert error is None, err
    assert err == ""
    return {
        "000": Article.objects.get(original_filename="000_fa4ab69d4d34e2a6.txt"),
        "001": Article.objects.get(original_filename="001_caba9922321d9496.txt"),
        "002": Article.objects.get(original_filename="002_21cf37f44213cd8f.txt"),
        "003": Article.objects.get(original_filename="003_cb0b64c34cfde53f.txt"),
        "004": Speech.objects.get(original_filename="004_1047f13188a3d2d4.txt"),
    }


def local(value):
    return timezone.localtime(value, SHANGHAI).replace(tzinfo=None) if value else None


def names(manager):
    return set(manager.values_list("name", flat=True))


def test_the_five_samples_become_four_articles_and_one_speech(imported):
    assert Article.objects.count() == 4
    assert Speech.objects.count() == 1
    assert {piece.status for piece in imported.values()} == {Status.DRAFT}


def test_sample_000_zaker_article(imported, seeds):
    a = imported["000"]
    assert a.title == "大力弘扬劳模精神 劳动精神 工匠精神"
    assert a.summary.startswith("4月27日，习近平总书记在致信祝贺首届大国工匠创新交流大会中强调")
    # Whole sentences (editorial/summary.py): this first one is 142 characters, kept whole.
    assert a.summary.endswith("贡献智慧和力量。") and len(a.summary) <= 240
    assert local(a.publish_at) == datetime.datetime(2022, 4, 28, 3, 38, 11)
    assert a.via == "ZAKER"
    assert a.source is None
    assert a.bylines.count() == 0
    assert not Person.objects.filter(name="ZAKER").exists()
    assert a.head_image_url == "http://zkres2.myzaker.com/202204/6269e1438e9f094562445416_1024.jpg"
    assert '<img src="http://zkres1.myzaker.com/202204/6269e1438e9f094562445417_1024.jpg"' in a.body
    assert a.body.count("<img") == 3
    for forbidden in ("cors.zfour.workers.dev", "onclick", "class=", "id=", "data-", "referrerpolicy"):
        assert forbidden not in a.body
    assert "“五一”国际劳动节" in a.body
    assert '" 五一 "' not in a.body
    assert names(a.people) == {"习近平"}
    assert names(a.events) == {"首届大国工匠创新交流大会"}
    assert Event.objects.get(name="首届大国工匠创新交流大会").start_date is None  # 4月27日 has no year
    assert {"劳模精神", "劳动精神", "工匠精神"} <= set(a.tags.names())
    assert bytes(a.original_document) == (seeds / "000_fa4ab69d4d34e2a6.txt").read_bytes()


def test_sample_001_plain_text(imported):
    a = imported["001"]
    assert a.title == "大力弘扬劳模精神劳动精神工匠精神"
    assert a.kicker == "深入学习贯彻习近平新时代中国特色社会主义思想"
    assert a.publish_at is None
    assert a.bylines.count() == 0
    assert a.author_note == "作者为中华全国总工会党组书记、副主席、书记处第一书记"
    # No summary in the document: its first sentence.
    assert (
        a.summary
        == "工人阶级是我国的领导阶级，是先进生产力和生产关系的代表，是坚持和发展中国特色社会主义的主力军。"
    )
    assert "作者为" not in a.body
    assert a.body.count("<h2>") == 3
    assert "<h2>劳模精神、劳动精神、工匠精神是民族精神和时代精神的生动体现，具有丰富深刻内涵</h2>" in a.body
    assert (
        "<h2>大力弘扬劳模精神、劳动精神、工匠精神，凝聚亿万职工奋进新征程、建功新时代的磅礴伟力</h2>"
        in a.body
    )
    assert "\u3000" not in a.body
    expected = {
        "习近平",
        "赵占魁",
        "吴运铎",
        "孟泰",
        "王进喜",
        "孔祥瑞",
        "窦铁成",
        "巨晓林",
        "高凤林",
        "李万君",
    }
    assert expected <= names(a.people)
    assert "铁人" in Person.objects.get(name="王进喜").alias_list
    assert "高炉卫士" in Person.objects.get(name="孟泰").alias_list
    event = a.events.get()
    assert (event.name, event.start_date) == ("全国劳动模范和先进工作者表彰大会", datetime.date(2020, 11, 24))
    assert {"劳模精神", "劳动精神", "工匠精神"} <= set(a.tags.names())


def test_sample_002_source_from_closing_line(imported):
    a = imported["002"]
    assert a.title == "培养大国工匠、弘扬工匠精神 习近平这样要求"
    assert local(a.publish_at) == datetime.datetime(2022, 4, 28, 13, 30, 54)
    assert a.source.name == "央视网"
    assert a.via == "ZAKER"
    assert a.bylines.count() == 0
    assert a.head_image_url == "http://zkres1.myzaker.com/202204/626a9274b15ec0282c0bc6cc_1024.jpg"
    assert a.body.count("<img") == 7
    assert "cors.zfour" not in a.body
    # The aggregator's padding is gone from the programme name too (央视网's 《联播+》).
    assert a.summary.startswith("联播+4月27日，首届大国工匠创新交流大会在京开幕。")
    assert "央视网《联播+》特梳理" in a.body
    assert names(a.people) == {"习近平"}
    assert "首届大国工匠创新交流大会" in names(a.events)
    assert {"工匠精神", "大国工匠"} <= set(a.tags.names())


def test_sample_003_scraped_page(imported):
    a = imported["003"]
    assert a.title == "大力弘扬劳模精神、劳动精神、工匠精神"
    assert local(a.publish_at) == datetime.datetime(2020, 11, 26, 8, 27, 11)
    assert [(b.person.name, b.position) for b in a.bylines.all()] == [("王晓峰", "全总劳动和经济工作部部长")]
    assert a.source.name == "工人日报"
    assert a.via == "中工网"
    assert [c.name for c in a.column.path] == ["中工理论", "工运前沿"]
    assert a.responsible_editor.name == "迟语洋"
    assert a.body.startswith("<p>有幸在现场聆听")
    assert a.body.endswith("提供有力支撑。</p>")
    for chrome in (
        "首页学习时政",
        "团结动员亿万职工建功新征程",
        "关于我们",
        "Copyright",
        "扫码关注",
        "编辑:",
        "书评书讯",
    ):
        assert chrome not in a.body
    assert {"劳模精神", "劳动精神", "工匠精神"} <= set(a.tags.names())


def test_sample_004_speech(imported):
    s = imported["004"]
    assert s.title == "弘扬劳模精神 做新时代奋进者"
    assert s.publish_at is None
    assert s.speaker is None
    assert s.subtitle == "——在全市劳动模范座谈会上的讲话"
    assert s.occasion.name == "全市劳动模范座谈会"
    assert s.salutation == "各位劳模、同志们："
    assert s.closing == "谢谢大家！"
    sections = list(s.sections.all())
    assert [sec.number for sec in sections] == ["一、", "二、", "三、"]
    assert sections[0].heading.startswith("劳模精神是时代精神的生动体现")
    assert sections[1].heading.startswith("劳模精神是新时代发展的旗帜")
    assert sections[2].heading.startswith("劳模精神是培育时代新人的重要手段")
    assert "谢谢大家" not in sections[2].body
    assert s.body.startswith("<p>大家下午好！")
    assert "各位劳模、同志们" not in s.body
    assert {"习近平", "李克强", "黄旭华", "黄大发"} <= names(s.people)


def test_speech_placeholders_are_listed_in_the_report(run_import, seeds, tmp_path):
    import json

    report = tmp_path / "report.json"
    run_import(seeds / "004_1047f13188a3d2d4.txt", report=str(report), verbosity=0)
    document = json.loads(report.read_text(encoding="utf-8"))["documents"][0]
    assert document["result"] == "created"
    placeholders = document["fields"]["placeholders"]
    assert any("X月底" in p for p in placeholders)
    assert any("XXX" in p for p in placeholders)
    assert not any("李克强" == p for p in placeholders)
