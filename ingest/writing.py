"""Writing a parsed, linked record: the piece through the workflow service, its links in bulk.

Runs inside the caller's per-document transaction (ingest.importer.write_read). What
writing needs that no database does (``prepare``) is done beforehand by the reader, in
a worker process with ``--jobs``.
"""

import functools
from dataclasses import dataclass

from editorial.models import VISIBLE_STATUSES, Status
from editorial.workflow import deferred
from ingest import linking
from ingest.record import DocumentError


@dataclass
class Prepared:
    """A record's stored texts, computed without the database."""

    body: str  # the piece's body, sanitised
    inline_bodies: list  # the bodies of its inline rows (a speech's sections), sanitised
    slug: str  # the pinyin of the title, before it is made unique
    summary: str  # the record's, else the one the piece's save would derive from the body


def prepare(record):
    """Sanitise the bodies, read the title's pinyin and derive the summary: bleach and jieba
    were two thirds of the writer's time per document, the summary a twentieth, and none
    of them needs the database."""
    from editorial.importing import for_kind
    from editorial.sanitize import sanitize
    from editorial.slugs import pinyin_slug
    from editorial.summary import derive_summary

    mapping = for_kind(record.kind)
    body = sanitize(mapping.body(record))
    return Prepared(
        body=body,
        inline_bodies=[sanitize(body) for body in mapping.inline_bodies(record)],
        slug=pinyin_slug(record.title),
        summary=record.summary or derive_summary(body),
    )


def write(record, data, filename, content_hash, existing, options, vocabulary, prepared=None):
    """Create or update the piece and its links. Runs inside the caller's transaction."""
    from editorial.importing import for_kind

    prepared = prepared or prepare(record)
    mapping = for_kind(record.kind)
    model = mapping.model
    created = existing is None or not isinstance(existing, model)
    if existing is not None:
        deferred.flush()  # it may have been written earlier in this batch: its rows are read and replaced
    piece = model() if created else existing
    piece.kicker = record.kicker
    piece.title = record.title
    piece.title_derived = record.title_derived
    piece.subtitle = record.subtitle
    piece.summary = prepared.summary
    piece.set_sanitized_body(prepared.body)
    if created:
        piece.slug = _new_slug(model, record.title, prepared.slug, vocabulary)
    piece.head_image_url = record.head_image_url
    piece.original_url = record.original_url
    piece.original_document = data
    piece.original_filename = filename[:255]
    piece.content_hash = content_hash
    piece.publish_at = record.published_at
    if created and options.actor is not None:
        piece.created_by = options.actor
    # A new piece's link rows may wait for the end of the batch (one INSERT per table) when
    # nothing reads them before: not for a piece admitted where readers see it, which the
    # content checks and the search index read with its tags, people and inlines.
    links = Links(vocabulary, later=created and options.status not in VISIBLE_STATUSES)
    mapping.fill(piece, record)
    events = [links.event(name, day) for name, day in record.events]
    mapping.link(piece, record, links, events)
    # The field checks ran where the document was read (importer.check_piece). clean()
    # would sanitise the body once more (bleach is the costly step); its other rules
    # (short title, body size) are met by construction above.

    def relations():
        return _write_relations(piece, record, prepared, events, created, links, mapping)

    held = save(piece, created, options, relations)
    if piece.status in VISIBLE_STATUSES:
        _reindex(piece)  # after admit: only visible pieces are indexed
    return piece, created, held


@functools.cache
def unchecked_fields(model):
    """Fields an imported piece's field checks leave out: see importer.check_piece."""
    foreign_keys = [field.name for field in model._meta.concrete_fields if field.many_to_one]
    return ["slug", "body", "original_document", *foreign_keys]


def _new_slug(model, title, base, vocabulary):
    """A slug no piece of ``model`` has: the title's pinyin, else ``base-N``.

    After a title this run has seen, the number after the last one it gave is tried first
    by one look-up on the unique index: unique_slug reads every slug starting with the base,
    so a title imported over and over (a daily column's) cost more each time.
    """
    from editorial.slugs import unique_slug

    if not base:  # a title without letters or Chinese: unique_slug's fallback
        return unique_slug(title, model._base_manager.all(), make=lambda _title: base)
    key = ("slug", model._meta.label, base)
    given = vocabulary.rows.get(key)
    candidate = base if given is None else f"{base}-{given + 1}"
    if not _slug_free(model, candidate):
        candidate = unique_slug(title, model._base_manager.all(), make=lambda _title: base)
    suffix = candidate.removeprefix(base).removeprefix("-")
    vocabulary.rows[key] = int(suffix) if suffix.isdigit() else 1
    return candidate


def _slug_free(model, slug):
    """Whether no piece of ``model`` has ``slug`` (nearly every new one: then unique_slug is
    not needed), by one look-up on the unique index. Django built the same query for
    0.3 ms, a twentieth of the writer's time a document; this one costs 0.03 ms."""
    from django.db import connection

    if not slug:
        return False
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Names from the model's metadata, the value as a parameter.
        cursor.execute(f"SELECT 1 FROM {quote(model._meta.db_table)} WHERE {quote('slug')} = %s", [slug])  # noqa: S608
        return cursor.fetchone() is None


def _write_relations(piece, record, prepared, events, created, links, mapping):
    # What the revision snapshot records, as written here (new pieces only).
    written = mapping.write_inlines(piece, record, prepared.inline_bodies, links, created)
    people = list(dict.fromkeys(links.person(name, alias) for name, alias in record.people))
    events = list(dict.fromkeys(event.pk for event in events))
    for relation, values in ((piece.people, people), (piece.events, events)):
        if not created:
            relation.set(values)
        elif values:
            # A new piece has no links yet: one INSERT, no read first and no m2m signals
            # (the piece's own save already renews the page cache and the search index).
            through = relation.through
            fields = (relation.source_field_name, relation.target_field_name)
            links.insert_values(through, fields, [(piece.pk, pk) for pk in values])
    written.update(people=sorted(people), events=sorted(events))
    written["tags"] = sorted(_set_tags(piece, record.tags, created, links))
    return written if created else None


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


def _set_tags(piece, names, created, links):
    """piece.tags.set(names) in one or two queries: taggit saves (and signals) one row at a time."""
    from django.contrib.contenttypes.models import ContentType

    from editorial.models import Tag, TaggedItem

    vocabulary = links.vocabulary
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
    links.insert_values(
        TaggedItem,
        ("content_type", "object_id", "tag"),
        [(content_type.pk, piece.pk, vocabulary.tag_ids[n]) for n in dict.fromkeys(names) if n not in have],
    )
    return list(dict.fromkeys(names))


def _reindex(piece):
    """Tags and sections were written in bulk (no signals): index the finished piece once."""
    try:
        from search.indexing import index_object
    except ImportError:  # search is optional for the importer
        return
    index_object(piece)


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


class Links:
    """What a type's import mapping links a record to (editorial.importing): people, events
    and other rows, found or created once per run through the vocabulary's caches."""

    def __init__(self, vocabulary, later=False):
        self.vocabulary = vocabulary
        self.later = later

    def insert(self, model, rows):
        """``model.objects.bulk_create(rows)`` (no signal): now, or with the batch's rows at
        its end (editorial.workflow.deferred) when nothing reads them before. Returns the rows."""
        rows = list(rows)
        if self.later and deferred.insert(rows):
            return rows
        return model.objects.bulk_create(rows)

    def insert_values(self, model, fields, rows):
        """Rows of ids (a link table: tags, people, events) as ``insert`` writes them, but as
        tuples of ``fields``' values: no model instance built, no field prepared (bulk_create
        spent ~1 ms a document on the dozen link rows of an import)."""
        if self.later:
            deferred.insert_values(model, fields, rows)
        else:
            deferred.write_values(model, fields, rows)

    def person(self, name, alias=""):
        """The pk of the person named (editorial evidence only: see _person_pk)."""
        return _person_pk(name, self.vocabulary, alias)

    def person_name(self, pk):
        return self.vocabulary.name_of[pk]

    def event(self, name, day=None):
        return _event(name, day, self.vocabulary)

    def row(self, key, find):
        """``find()`` (a get_or_create) once per run for ``key``, e.g. ("source", "工人日报")."""
        rows = self.vocabulary.rows
        if key not in rows:
            rows[key] = find()
        return rows[key]

    def add_position(self, pk, position):
        """Add ``position`` as printed in a byline to the person's positions, for their page."""
        from people.models import Person

        vocabulary = self.vocabulary
        if position and position not in vocabulary.positions_of.get(pk, ()):
            person = Person.objects.get(pk=pk)
            if position not in person.position_list:
                person.positions = "\n".join([*person.position_list, position])
                person.save(update_fields=["positions", "updated_at"])
            vocabulary.positions_of.setdefault(pk, set()).add(position)
