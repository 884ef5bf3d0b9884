"""Writing a parsed, linked record: the piece through the workflow service, its links in bulk.

Runs inside the caller's per-document transaction (ingest.importer.write_read). What
writing needs that no database does (``prepare``) is done beforehand by the reader, in
a worker process with ``--jobs``.
"""

from dataclasses import dataclass

from editorial.models import VISIBLE_STATUSES, Status
from editorial.text import clean_text
from editorial.workflow import deferred
from ingest import linking
from ingest.record import DocumentError


@dataclass
class Prepared:
    """A record's stored texts, computed without the database."""

    body: str  # the piece's body, sanitised
    section_bodies: list  # each speech section's body, sanitised
    slug: str  # the pinyin of the title, before it is made unique


def prepare(record):
    """Sanitise the bodies and read the title's pinyin: bleach and jieba were two thirds of
    the writer's time per document, and neither needs the database."""
    from editorial.sanitize import sanitize
    from editorial.slugs import pinyin_slug

    body = record.body if record.kind == "speech" or not record.sections else record.article_body()
    return Prepared(
        body=sanitize(body),
        section_bodies=[sanitize(section.body) for section in record.sections],
        slug=pinyin_slug(record.title),
    )


def write(record, data, filename, content_hash, existing, options, vocabulary, prepared=None):
    """Create or update the piece and its links. Runs inside the caller's transaction."""
    from articles.models import Article
    from editorial.slugs import unique_slug
    from speeches.models import Speech

    prepared = prepared or prepare(record)
    model = Speech if record.kind == "speech" else Article
    created = existing is None or not isinstance(existing, model)
    if existing is not None:
        deferred.flush()  # it may have been written earlier in this batch: its rows are read and replaced
    # A new piece's link rows may wait for the end of the batch (one INSERT per table) when
    # nothing reads them before: not for a piece admitted where readers see it, which the
    # content checks and the search index read with its tags, people and sections.
    later = created and options.status not in VISIBLE_STATUSES
    piece = model() if created else existing
    piece.kicker = record.kicker
    piece.title = record.title
    piece.title_derived = record.title_derived
    piece.subtitle = record.subtitle
    piece.summary = record.summary
    piece.set_sanitized_body(prepared.body)
    if created:
        piece.slug = unique_slug(record.title, model._base_manager.all(), make=lambda _title: prepared.slug)
    piece.head_image_url = record.head_image_url
    piece.original_url = record.original_url
    piece.original_document = data
    piece.original_filename = filename[:255]
    piece.content_hash = content_hash
    piece.publish_at = record.published_at
    if created and options.actor is not None:
        piece.created_by = options.actor
    if model is Article:
        piece.author_note = record.author_note
        piece.via = record.via
        piece.source = _source(record.source, vocabulary)
        piece.is_repost = bool(record.source or record.via)
        piece.column = _column(record.column_path, vocabulary)
        piece.responsible_editor_id = (
            _person_pk(record.responsible_editor, vocabulary) if record.responsible_editor else None
        )
    else:
        piece.salutation = record.salutation
        piece.closing = record.closing
        piece.delivered_on = record.delivered_on
        piece.venue = record.venue
        piece.speaker_id = _person_pk(record.speaker, vocabulary) if record.speaker else None
    events = [_event(name, day, vocabulary) for name, day in record.events]
    if model is Speech:
        piece.occasion = (
            next((e for e in events if e.name == record.occasion), None) if record.occasion else None
        )
    # Field checks only: clean() would sanitise the body once more (bleach is the costly
    # step); its other rules (short title, body size) are met by construction above.
    # Foreign keys are excluded too: they come from rows this run just found or created.
    piece.clean_fields(
        exclude=["slug", "body", "original_document", "column", "source", "responsible_editor", "speaker",
                 "occasion", "created_by"]
    )  # fmt: skip

    def relations():
        return _write_relations(piece, record, prepared, events, created, vocabulary, later)

    held = save(piece, created, options, relations)
    if piece.status in VISIBLE_STATUSES:
        _reindex(piece)  # after admit: only visible pieces are indexed
    return piece, created, held


def _insert(model, rows, later):
    """``bulk_create(rows)`` now, or with the batch's rows at its end when ``later``."""
    rows = list(rows)
    if later and deferred.insert(rows):
        return rows
    return model.objects.bulk_create(rows)


def _write_relations(piece, record, prepared, events, created, vocabulary, later=False):
    from articles import byline_names
    from articles.models import Article, ArticleAuthor
    from people.models import Person
    from speeches.models import SpeechSection

    links = {}  # what the revision snapshot records, as written here (new pieces only)
    if not isinstance(piece, Article):
        if not created:
            piece.sections.all().delete()
        # bulk_create sends no pre_save: the texts are cleaned here as every save cleans them.
        sections = _insert(SpeechSection, [
            SpeechSection(
                speech=piece, order=order, number=clean_text(s.number), heading=clean_text(s.heading),
                body=clean_text(body),
            )
            for order, (s, body) in enumerate(zip(record.sections, prepared.section_bodies, strict=True))
        ], later)  # fmt: skip
        links["sections"] = [
            {"order": s.order, "number": s.number, "heading": s.heading, "body": s.body} for s in sections
        ]
    else:
        if not created:
            piece.bylines.all().delete()
        bylines = {}
        for order, (name, position) in enumerate(record.authors):
            pk = _person_pk(name, vocabulary)
            if pk in bylines:
                continue
            position = clean_text(position)  # bulk_create sends no pre_save (editorial.text)
            bylines[pk] = ArticleAuthor(article=piece, person_id=pk, position=position, order=order)
            if position and position not in vocabulary.positions_of.get(pk, ()):
                person = Person.objects.get(pk=pk)
                if position not in person.position_list:  # the position as printed, for the person's page
                    person.positions = "\n".join([*person.position_list, position])
                    person.save(update_fields=["positions", "updated_at"])
                vocabulary.positions_of.setdefault(pk, set()).add(position)
        _insert(ArticleAuthor, bylines.values(), later)
        links["bylines"] = [
            {"person": b.person_id, "position": b.position, "order": b.order}
            for b in sorted(bylines.values(), key=lambda b: b.order)
        ]
        # bulk_create sends no signals: the card's names, from the vocabulary, in one write.
        if bylines or not created:
            byline_names.store(piece.pk, [vocabulary.name_of[pk] for pk in bylines])
    people = list(dict.fromkeys(_person_pk(name, vocabulary, alias) for name, alias in record.people))
    events = list(dict.fromkeys(event.pk for event in events))
    for relation, values in ((piece.people, people), (piece.events, events)):
        if not created:
            relation.set(values)
        elif values:
            # A new piece has no links yet: one INSERT, no read first and no m2m signals
            # (the piece's own save already renews the page cache and the search index).
            through = relation.through
            source, target = relation.source_field_name, relation.target_field_name
            _insert(through, [through(**{source: piece, f"{target}_id": pk}) for pk in values], later)
    links.update(people=sorted(people), events=sorted(events))
    links["tags"] = sorted(_set_tags(piece, record.tags, created, vocabulary, later))
    return links if created else None


def save(piece, created, options, relations):
    """Through the workflow service: the editorial save (version, revision and audit entry;
    for a changed document an editor's open form then sees a conflict instead of silently
    overwriting it), then admission into ``--status`` for a new piece that is not a draft.

    A piece that fails final review's content checks (placeholders left in a template,
    an empty body…) is not admitted where readers would see it: it is kept as a draft,
    nothing is lost, and the reasons are returned for the report.
    """
    from editorial import workflow

    try:
        if not created:
            workflow.save_piece(piece, options.actor, related=relations, note="导入更新：import_documents")
            return []
        workflow.save_piece(piece, options.actor, related=relations, note="导入：import_documents")
        if options.status == Status.DRAFT:
            return []
        if options.status in VISIBLE_STATUSES:
            held = [str(problem) for problem in workflow.content_problems(piece)]
            if held:
                return held
        workflow.admit(piece, options.status, actor=options.actor, note="导入：import_documents")
        return []
    except workflow.WorkflowError as exc:
        raise DocumentError(f"无法导入：{exc}") from None


def _set_tags(piece, names, created, vocabulary, later=False):
    """piece.tags.set(names) in one or two queries: taggit saves (and signals) one row at a time."""
    from django.contrib.contenttypes.models import ContentType

    from editorial.models import Tag, TaggedItem

    for name in names:
        if name not in vocabulary.tag_ids:
            tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
            vocabulary.remember_tag(tag.name, tag.pk)
    content_type = ContentType.objects.get_for_model(piece)
    have = set()
    if not created:
        items = TaggedItem.objects.filter(content_type=content_type, object_id=piece.pk)
        items.exclude(tag__name__in=names).delete()
        have = set(items.values_list("tag__name", flat=True))
    _insert(
        TaggedItem,
        [
            TaggedItem(content_type=content_type, object_id=piece.pk, tag_id=vocabulary.tag_ids[n])
            for n in names
            if n not in have
        ],
        later,
    )
    return list(dict.fromkeys(names))


def _reindex(piece):
    """Tags and sections were written in bulk (no signals): index the finished piece once."""
    try:
        from search.indexing import index_object
    except ImportError:  # search is optional for the importer
        return
    index_object(piece)


def _source(name, vocabulary):
    if not name:
        return None
    from articles.models import Source

    key = ("source", name)
    if key not in vocabulary.rows:
        vocabulary.rows[key] = Source.objects.get_or_create(name=name)[0]
    return vocabulary.rows[key]


def _column(path, vocabulary):
    """Nested columns found (or created) by name under their parent: 中工理论 › 工运前沿."""
    from articles.models import Column

    parent = None
    for depth, name in enumerate(path):
        key = ("column", *path[: depth + 1])
        if key not in vocabulary.rows:
            vocabulary.rows[key] = Column.objects.get_or_create(name=name, parent=parent)[0]
        parent = vocabulary.rows[key]
    return parent


def _person_pk(name, vocabulary, alias=""):
    """Existing person by name, then by alias; otherwise a new one (explicit evidence only).

    From the vocabulary: no query unless something must be written. ``@alias`` is a
    person found only by a quoted alias in the text.
    """
    from people.models import Person

    if name.startswith("@"):
        return vocabulary.person_aliases[name[1:]]
    pk = vocabulary.person_names.get(name) or vocabulary.person_aliases.get(name)
    if pk is None:
        aliases = [alias] if alias else list(linking.known_people().get(name, []))
        person = Person.objects.create(name=name, aliases="、".join(aliases))
        vocabulary.remember_person(name, person.pk, aliases)
        return person.pk
    if alias and alias not in vocabulary.aliases_of.get(pk, ()):
        person = Person.objects.get(pk=pk)
        if alias not in person.alias_list:
            person.aliases = "、".join([*person.alias_list, alias])
            person.save(update_fields=["aliases", "updated_at"])
        vocabulary.remember_person(person.name, pk, [alias])
    return pk


def _event(name, day, vocabulary):
    """The event of that name (and that date, when one is given), found or created; cached per run."""
    from events.models import Event

    key = ("events", name)
    if key not in vocabulary.rows:
        vocabulary.rows[key] = list(Event.objects.filter(name=name))
    candidates = vocabulary.rows[key]
    event = next((e for e in candidates if day and e.start_date == day), None)
    event = event or next((e for e in candidates if e.start_date is None or day is None), None)
    if event is None:
        event = Event.objects.create(name=name, start_date=day)
        candidates.append(event)
        vocabulary.remember_event(name)
    elif day and event.start_date is None:
        event.start_date = day
        event.save(update_fields=["start_date", "updated_at"])
    return event
