"""The articles' own rows of the demo (``load_demo``): the columns and sources its samples use."""

from articles.models import Column, Source


def ensure_columns():
    theory, _ = Column.objects.get_or_create(name="中工理论", parent=None, defaults={"position": 1})
    frontier, _ = Column.objects.get_or_create(name="工运前沿", parent=theory, defaults={"position": 1})
    return {"中工理论": theory, "工运前沿": frontier}


def ensure_sources():
    sources = {}
    for name, url in [("工人日报", "https://www.workercn.cn/"), ("中工网", "https://www.workercn.cn/")]:
        sources[name], _ = Source.objects.get_or_create(name=name, defaults={"url": url})
    return sources
