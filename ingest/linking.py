"""People, events and tags named in a document.

People are linked to existing Person rows by name (or by an alias written in
quotes), or taken from explicit evidence only: the vocabulary of public figures in
``ingest/data/people.tsv`` and a quoted honorific right before a name
(“铁人”王进喜 → 王进喜, alias 铁人). Names are never guessed from arbitrary text.
Events: the occasion of a speech, events named right after a full date
(「2020年11月24日，在…大会上」), numbered editions (「首届…大会」) and existing
events named in the text. Tags: existing tags and ``data/tags.txt`` terms the text
uses, plus a few frequent key terms from jieba.
"""

import functools
import re
from pathlib import Path

DATA = Path(__file__).parent / "data"
_HAN = "\u4e00-\u9fff"

# Common surnames: a quoted honorific counts only before something that starts like a name.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤巨窦倪"
    "时常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴"
    "霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党"
    "宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
HONORIFIC_NAME = re.compile(
    rf"“(?P<alias>[{_HAN}·]{{2,10}})”(?P<name>[{_HAN}]{{2,4}}?)(?=[、，,。；;等和与及）)\s]|$)"
)
DATED_EVENT = re.compile(
    rf"(?P<y>\d{{4}})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日[，,\s]*在"
    rf"(?P<name>[{_HAN}\w]{{2,40}}?(?:大会|会议|座谈会|论坛|典礼|仪式|峰会|交流会|博览会|开幕式|表彰会|报告会))"
)
NUMBERED_EVENT = re.compile(
    rf"(?P<name>(?:首届|第[一二三四五六七八九十百零\d]+(?:届|次))[{_HAN}\w]{{2,30}}?"
    rf"(?:大会|会议|座谈会|论坛|典礼|峰会|交流会|博览会|表彰会|报告会|运动会))"
)
MIN_EVENT_NAME_CHARS = 6
_QUOTED = re.compile(r"“(?P<inner>[^“”\n]{1,20})”")
MAX_JIEBA_TAGS = 3
MAX_TAGS = 10
JIEBA_SAMPLE_CHARS = 1200  # key terms show early; jieba's cost is linear in this
JIEBA_STOP = frozenset({
    "总书记", "我们", "同志", "工作", "进一步", "重要", "发展", "全国", "社会",
    "大力", "必须", "坚持", "推动",
    "劳动", "精神", "劳动者", "弘扬", "新征程", "我市", "全市", "大家", "这些", "一个",
})  # fmt: skip


def _lines(name):
    with open(DATA / name, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                yield line


@functools.cache
def known_people():
    """{name: [aliases]} from data/people.tsv."""
    people = {}
    for line in _lines("people.tsv"):
        name, aliases, *_ = [*line.split("\t"), "", ""]
        people[name.strip()] = [alias for alias in re.split(r"[、,，]", aliases) if alias.strip()]
    return people


@functools.cache
def known_outlets():
    return tuple(sorted((line.strip() for line in _lines("outlets.txt")), key=len, reverse=True))


@functools.cache
def starting_tags():
    return tuple(line.strip() for line in _lines("tags.txt"))


def outlet_in(text):
    """The known outlet named in a credit line (longest match), or ''."""
    text = text or ""
    found = [outlet for outlet in known_outlets() if outlet in text]
    if not found:
        return ""
    # 「中央广播电视总台央视网」: the outlet written last is the one that published it.
    return max(found, key=lambda outlet: (text.rfind(outlet) + len(outlet), len(outlet)))


FEW_PREFIXES = 32


class NameIndex:
    """Which of many names a text contains, in time that grows with the text, not the names.

    Linking asks this of every known person, event and tag for every document; with an
    archive's thousands of names a ``text.find`` per name cost more than the rest of the
    parsing. Names are filed by their first two characters, the text is read once, and
    only names sharing the two characters at a position are compared there.
    """

    def __init__(self, names=()):
        self.by_prefix = {}
        self.single = set()  # one-character names, looked up directly
        self.recent = None  # after mark(): the names added since, in an index of their own
        for name in names:
            self.add(name)

    def add(self, name):
        if len(name) == 1:
            if name not in self.single and self.recent is not None:
                self.recent.add(name)
            self.single.add(name)
        elif name:
            bucket = self.by_prefix.setdefault(name[:2], [])
            if name not in bucket:
                bucket.append(name)
                if self.recent is not None:
                    self.recent.add(name)

    def names(self):
        return [*self.single, *(name for bucket in self.by_prefix.values() for name in bucket)]

    def mark(self, known=None):
        """From now on also keep the names added in ``recent``: what a copy taken now (a worker's)
        lacks. ``known``: the names that copy has, when this index was rebuilt since."""
        self.recent = NameIndex()
        if known is not None:
            for name in self.names():
                if name not in known:
                    self.recent.add(name)

    def snapshot(self):
        """A copy without ``recent``, to send to worker processes."""
        copy = NameIndex()
        copy.by_prefix = {prefix: list(bucket) for prefix, bucket in self.by_prefix.items()}
        copy.single = set(self.single)
        return copy

    def first_positions(self, text):
        """{name: index of its first occurrence in text}."""
        found = {}
        by_prefix = self.by_prefix
        if len(by_prefix) <= FEW_PREFIXES:  # a few names (the run's new ones): str.find is quicker
            for name in (name for bucket in by_prefix.values() for name in bucket):
                if (index := text.find(name)) >= 0:
                    found[name] = index
            by_prefix = {}
        for index in range(len(text) - 1 if by_prefix else 0):
            if bucket := by_prefix.get(text[index : index + 2]):
                for name in bucket:
                    if name not in found and text.startswith(name, index):
                        found[name] = index
        for name in self.single:
            if (index := text.find(name)) >= 0:
                found[name] = index
        return found


class Vocabulary:
    """Names already in the database, loaded once per import run."""

    def __init__(self):
        self.reload()

    def reload(self):
        from editorial.models import Tag
        from editorial.text import split_list
        from events.models import Event
        from people.models import Person

        self.rows = {}  # sources, columns and events found or created this run, by natural key
        self.name_index = NameIndex()
        self.person_names = {}
        self.name_of = {}  # pk → the person's name, for the article's byline_names
        self.person_aliases = {}
        self.aliases_of = {}  # pk → set of aliases, so linking needs no query per person
        self.positions_of = {}  # pk → positions known to be on the person already
        for pk, name, aliases, positions in Person.objects.values_list("pk", "name", "aliases", "positions"):
            self.remember_person(name, pk, split_list(aliases))
            # As Person.position_list reads them: one per line (a position may contain 、).
            self.positions_of[pk] = {line.strip() for line in (positions or "").splitlines() if line.strip()}
        self.event_names = NameIndex(
            name for name in Event.objects.values_list("name", flat=True) if len(name) >= MIN_EVENT_NAME_CHARS
        )
        self.tag_ids = dict(Tag.objects.values_list("name", "pk"))
        self.tag_names = NameIndex([*self.tag_ids, *starting_tags()])
        if getattr(self, "snapshot_names", None) is not None:  # reloaded during a parallel run
            for key, index in self.indexes().items():
                index.mark(known=self.snapshot_names[key])

    INDEXES = ("name_index", "event_names", "tag_names")

    def indexes(self):
        return {key: getattr(self, key) for key in self.INDEXES}

    def snapshot(self):
        """The name indexes as they are now, for worker processes that scan texts with them
        (``ingest.pipeline``); from now on this vocabulary also keeps what they lack."""
        self.snapshot_names = {key: set(index.names()) for key, index in self.indexes().items()}
        copies = {key: index.snapshot() for key, index in self.indexes().items()}
        for index in self.indexes().values():
            index.mark()
        return copies

    def positions(self, key, text, scanned=None):
        """{name: first index} of this vocabulary's names in ``text``. ``scanned``: what a worker
        found with the snapshot; only the names added since are then looked for here."""
        index = getattr(self, key)
        if scanned is None:
            return index.first_positions(text)
        found = dict(scanned)
        if index.recent is not None:
            for name, position in index.recent.first_positions(text).items():
                found.setdefault(name, position)
        return found

    def remember_person(self, name, pk, aliases=()):
        self.name_of.setdefault(pk, name)  # the first name given is the person's own
        self.person_names.setdefault(name, pk)
        if len(name) >= 2:
            self.name_index.add(name)
        self.aliases_of.setdefault(pk, set()).update(aliases)
        for alias in aliases:
            self.person_aliases.setdefault(alias, pk)

    def remember_event(self, name):
        if len(name) >= MIN_EVENT_NAME_CHARS:
            self.event_names.add(name)

    def remember_tag(self, name, pk):
        self.tag_ids[name] = pk
        self.tag_names.add(name)


def scan(text, indexes):
    """What the name indexes find in ``text`` ({key: {name: first index}}), for ``positions``."""
    return {key: index.first_positions(text) for key, index in indexes.items()}


def text_matches(text):
    """What linking finds in ``text`` whatever the database holds: quoted honorifics before a
    name, the public figures of data/people.tsv, quoted words (maybe an alias), dated and
    numbered events. Computed where the document is read (a worker process with ``--jobs``):
    these scans were half of linking, the writer's part of it."""
    people = known_people()
    return {
        "honorifics": [(m.start(), m["name"], m["alias"]) for m in HONORIFIC_NAME.finditer(text)],
        "known_people": [
            (name, position, next((a for a in aliases if f"“{a}”{name}" in text), ""))
            for name, aliases in people.items()
            if (position := text.find(name)) >= 0
        ],
        "quoted": [(m.start(), m["inner"]) for m in _QUOTED.finditer(text)],
        "dated_events": [(m.start(), m["name"], m["y"], m["m"], m["d"]) for m in DATED_EVENT.finditer(text)],
        "numbered_events": [(m.start(), m["name"]) for m in NUMBERED_EVENT.finditer(text)],
    }


def find_people(text, vocabulary, scanned=None, matches=None):
    """[(name, alias)] in order of first mention; alias is '' unless the text gives one.
    ``matches``: text_matches(text), when the reader computed it."""
    matches = matches or text_matches(text)
    found = {}
    for start, name, alias in matches["honorifics"]:
        if name[0] in SURNAMES or name in vocabulary.person_names or name in known_people():
            found.setdefault(name, (start, alias))
    for name, position, alias in matches["known_people"]:
        found.setdefault(name, (position, alias))
    for name, position in vocabulary.positions("name_index", text, scanned).items():
        found.setdefault(name, (position, ""))
    for start, inner in matches["quoted"]:
        # An alias alone counts only when quoted (“铁人”): bare words are too ambiguous.
        if inner in vocabulary.person_aliases:
            found.setdefault(f"@{inner}", (start, inner))
    for name in _inside_longer_names(text, [name for name in found if not name.startswith("@")]):
        del found[name]
    ordered = sorted(found.items(), key=lambda item: item[1][0])
    return [(name, alias) for name, (_, alias) in ordered]


def _occurrences(text, name):
    start = text.find(name)
    while start >= 0:
        yield start
        start = text.find(name, start + 1)


def _inside_longer_names(text, names):
    """Names found only as part of a longer name found too: 王进 in every 王进喜 of the text.

    Known names are matched as substrings, so with both 王进 and 王进喜 on file, a text
    about 王进喜 alone would otherwise link both.
    """
    shorter = [name for name in names if any(len(other) > len(name) and name in other for other in names)]
    if not shorter:  # nearly always: nothing to look for
        return []
    spans = {name: [(start, start + len(name)) for start in _occurrences(text, name)] for name in names}
    inside = []
    for name in shorter:
        longer = [
            span for other in names if len(other) > len(name) and name in other for span in spans[other]
        ]
        if longer and all(
            any(start <= at and at + len(name) <= end for start, end in longer) for at, _ in spans[name]
        ):
            inside.append(name)
    return inside


def find_events(text, vocabulary, scanned=None, matches=None):
    """[(name, date or None)], each name once, in order of first mention."""
    import datetime

    matches = matches or text_matches(text)
    found = {}
    for start, name, year, month, day in matches["dated_events"]:
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            date = None
        found.setdefault(name, (start, date))
    for start, name in matches["numbered_events"]:
        found.setdefault(name, (start, None))
    for name, position in vocabulary.positions("event_names", text, scanned).items():
        found.setdefault(name, (position, None))
    ordered = sorted(found.items(), key=lambda item: item[1][0])
    return [(name, day) for name, (_, day) in ordered]


def find_tags(text, title, keywords, vocabulary, scanned=None, key_terms=None):
    """Tag names: the document's own keywords, known terms it uses, then jieba's key terms.

    jieba terms must have three or more characters: two-character terms it ranks high
    (「建设」「竞争」) are too general to be useful tags.
    """
    tags = list(dict.fromkeys(keyword for keyword in keywords if 1 <= len(keyword) <= 50))
    scored = []
    for term in vocabulary.positions("tag_names", text, scanned):
        if (count := text.count(term)) >= 2 or term in title:
            scored.append((-(count + (5 if term in title else 0)), term))
    tags += [term for _, term in sorted(scored)]
    tags += (key_terms if key_terms is not None else key_terms_of(text))[:MAX_JIEBA_TAGS]
    unique = list(dict.fromkeys(tags))
    # 「劳动」「精神」 say nothing once 「劳动精神」 is a tag: a tag found in another (a longer
    # one: they are unique) goes. One count over all of them, joined by NUL, which no decoded
    # document holds (ingest.decoding), instead of comparing every pair: that was a tenth
    # of the writer's Python calls.
    joined = "\0".join(unique)
    chosen = [tag for tag in unique if joined.count(tag) == 1]
    return chosen[:MAX_TAGS]


def key_terms_of(text):
    """Key terms by TF-IDF over jieba words (dictionary cut without HMM: 3-4× faster,
    and the HMM only helps with out-of-vocabulary words, which make poor tags anyway).

    The cut is rjieba's (jieba-rs: jieba's algorithm and dictionary in Rust), ~20× faster
    than jieba's pure-Python one, which was two thirds of reading a document. The Chinese
    words it finds are jieba's (compared on every line of the test documents and samples;
    runs of Latin letters and digits may be grouped otherwise, and are no key terms).
    The IDF table is jieba's.
    """
    import rjieba

    sample = text[:JIEBA_SAMPLE_CHARS]
    idf = _idf()
    counts = {}
    for word in rjieba.cut(sample, hmm=False):
        if len(word) >= 3 and word not in JIEBA_STOP and _TERM.fullmatch(word):
            counts[word] = counts.get(word, 0) + 1
    scored = sorted(
        (-count * float(idf.get(word, MEDIAN_IDF)), word) for word, count in counts.items() if count >= 3
    )
    return [word for _, word in scored[:12]]


_TERM = re.compile(rf"[{_HAN}]{{3,6}}")
# The IDF that jieba.analyse gives a word missing from its table: the table's median, which
# only changes with jieba's pinned version (tests/ingest/test_key_terms.py reads it from the
# table). Sorting the table's 270,000 values for it was a third of reading the table.
MEDIAN_IDF = 11.9547675029


@functools.cache
def _idf():
    """jieba's IDF table ({word: idf as written}) for the words a key term can be (_TERM), read
    as jieba.analyse reads the table (IDFLoader: a word listed twice keeps its last value)
    without importing jieba.analyse (jieba.posseg and its tables, 1.5 s of every reading
    worker's start), nor jieba itself (0.2 s): only its package's folder is looked up.
    Keeping only those words, picked by one regular expression, halves the table's load."""
    from importlib.util import find_spec

    path = Path(find_spec("jieba").submodule_search_locations[0]) / "analyse" / "idf.txt"
    return dict(_IDF_LINE.findall(path.read_text(encoding="utf-8")))


_IDF_LINE = re.compile(rf"^([{_HAN}]{{3,6}}) (\S+)$", re.MULTILINE)
