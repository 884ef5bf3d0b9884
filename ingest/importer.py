"""Import documents: validate each fully, then write it in its own transaction.

``import_file(path, options, vocabulary)`` returns an :class:`Outcome`; it never
raises for a bad document. Re-importing the same document (same original URL, or
the same bytes when there is none) updates the existing piece instead of creating
another, or leaves it alone when nothing changed.
"""

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connections, transaction

from editorial.cache import coalesced_bumps
from editorial.importing import for_kind, mappings
from editorial.models import Status
from editorial.sanitize import plain_text
from editorial.workflow import deferred
from ingest import linking
from ingest.decoding import decode
from ingest.detect import check_format, detect, kind_for
from ingest.limits import validate_lengths
from ingest.parsers import PARSERS
from ingest.record import DocumentError
from ingest.writing import prepare, unchecked_fields, write

MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})


@dataclass
class Options:
    format: str | None = None
    kind: str | None = None
    status: str = Status.DRAFT
    dry_run: bool = False
    actor: object = None

    def for_reading(self):
        """What reading a document depends on (sent to worker processes)."""
        return Options(format=self.format, kind=self.kind, status=self.status, dry_run=self.dry_run)


@dataclass
class Outcome:
    path: str
    result: str  # created / updated / unchanged / failed (prefixed "would be" in a dry run)
    reason: str = ""
    model: str = ""
    pk: int | None = None
    encoding: str = ""
    format: str = ""
    cue: str = ""  # why the document was read in that format
    fields: dict = field(default_factory=dict)
    # Why a piece asked for with a visible --status was kept as a draft (content checks).
    held: list = field(default_factory=list)

    def to_json(self):
        return {
            "file": self.path, "result": self.result, "reason": self.reason, "model": self.model,
            "pk": self.pk, "encoding": self.encoding, "format": self.format, "format_cue": self.cue,
            "title_derived": bool(self.fields.get("title_derived")), "fields": self.fields,
            "held_as_draft": self.held,
        }  # fmt: skip


# Rows ANALYZE samples per index on SQLite: statistics for a 100,000-row archive in well
# under a second (10,000 articles: 0.25 s against 0.5 s reading every row).
ANALYSIS_LIMIT = 1000


def refresh_planner_statistics(connection=None):
    """After an import, SQLite's query planner learns the archive's new shape.

    SQLite keeps no statistics by itself: without ANALYZE it guesses every table's size
    and every index's selectivity, and at 100,000 articles it chose walks that made a
    detail page's related-pieces statement 19 ms (a speech's 200 ms) instead of 0.2 ms.
    An import is when an archive grows by thousands of pieces at once; the admin's few a
    day do not change which walk is best. PostgreSQL's autovacuum analyses a table after
    a tenth of its rows change, so nothing is done there. Returns whether it ran.
    """
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return True


def prepare_database(connection=None):
    """On SQLite, cheap commits for a run of one-transaction-per-document writes.

    The database goes into WAL mode (it stays there: readers then never wait for the
    import, which is what an SQLite site wants anyway) and this connection to
    ``synchronous=NORMAL``: a commit no longer waits for an fsync, which on a busy disk
    was a third of the time per document. A power cut may lose the last documents
    committed, never corrupt the file, and re-running the import brings them back (it is
    idempotent). If another process holds the database the mode stays as it was.
    Returns the journal mode in force.
    """
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite":
        return ""
    with connection.cursor() as cursor:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            mode = cursor.fetchone()[0]
        except OperationalError:  # locked by a reader or writer right now
            cursor.execute("PRAGMA journal_mode")
            mode = cursor.fetchone()[0]
        if mode == "wal":
            cursor.execute("PRAGMA synchronous=NORMAL")
    return mode


def collect(paths):
    """Files named, and text files inside folders (recursively, hidden ones skipped), sorted."""
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files += [
                    Path(root) / name
                    for name in sorted(names)
                    if not name.startswith(".") and Path(name).suffix.lower() in TEXT_SUFFIXES
                ]
        else:
            files.append(path)
    return files


def read_bytes(path):
    """The file's bytes; files over MAX_BYTES are refused before being read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"无法读取：{exc.strerror or exc}") from None
    if not path.is_file():
        raise DocumentError("不是普通文件")
    if size > MAX_BYTES:
        raise DocumentError(f"文件过大（{size // 1024} KB，上限 {MAX_BYTES // 1024 // 1024} MB）")
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # grew while we looked
        raise DocumentError(f"文件过大（上限 {MAX_BYTES // 1024 // 1024} MB）")
    return data


def read_document(data, options):
    """Bytes → (record, encoding): decoded, recognised and parsed, without the database.

    What this returns depends on the bytes and the options only, so worker processes
    can run it (``--jobs``) while one writer links and writes.
    """
    text, encoding = decode(data)
    if options.format:
        format_name, cue = check_format(options.format), "--format"
    else:
        format_name, cue = detect(text)
    record = PARSERS[format_name](text)
    record.cue = cue
    if options.kind:
        record.kind = options.kind
    elif record.kind != kind_for(format_name):
        record.kind = kind_for(format_name)
    if for_kind(record.kind) is None:
        raise DocumentError(f"未知类型 {record.kind}")
    validate_lengths(record)
    record.placeholders = check_piece(record)
    return record, encoding


def full_text(record):
    """The plain text that people, events and tags are looked for in."""
    return "\n".join(
        [record.title, record.subtitle, plain_text(record.body)]
        + [f"{s.number}{s.heading}\n{plain_text(s.body)}" for s in record.sections]
    )


def link(record, vocabulary, text=None, scanned=None, key_terms=None, matches=None):
    """People, events and tags of a parsed record. ``text``, ``scanned``, ``key_terms`` and
    ``matches``: what the reader (a worker process, ingest.pipeline) already computed; the
    result is the same either way."""
    text = text if text is not None else full_text(record)
    scanned = scanned or {}
    matches = matches or linking.text_matches(text)
    record.people = linking.find_people(text, vocabulary, scanned.get("name_index"), matches)
    record.events = linking.find_events(text, vocabulary, scanned.get("event_names"), matches)
    if record.occasion and record.occasion not in [name for name, _ in record.events]:
        record.events.insert(0, (record.occasion, record.delivered_on))
    record.tags = linking.find_tags(
        text, record.title, record.keywords, vocabulary, scanned.get("tag_names"), key_terms
    )


def check_piece(record):
    """Check the piece this record becomes (unsaved, with the fields the writer gives it from
    the record): the model's field checks (a value no field takes fails here, before anything
    is written, and where the document is read: a twentieth of the writer's time), then the
    workflow's own placeholder check on every field final review looks at, so the report
    lists what will block it. Returns the placeholders."""
    from editorial.workflow import piece_placeholders

    mapping = for_kind(record.kind)
    piece = mapping.model(
        kicker=record.kicker, title=record.title, title_derived=record.title_derived,
        subtitle=record.subtitle, summary=record.summary, body=mapping.body(record),
        head_image_url=record.head_image_url, original_url=record.original_url,
        publish_at=record.published_at,
    )  # fmt: skip
    mapping.fill(piece, record)
    # Not the body (sanitised by the save), the slug (made unique by the writer), the raw
    # original, nor foreign keys (rows the writer finds or creates).
    piece.clean_fields(exclude=unchecked_fields(mapping.model))
    return [str(p) for p in piece_placeholders(piece, mapping.unsaved_inlines(record))]


@dataclass(frozen=True)
class Existing:
    """The piece a document was imported as before (found without reading its body)."""

    model: type
    pk: int
    content_hash: str

    @property
    def label(self):
        return self.model._meta.label

    def load(self):
        return self.model._base_manager.get(pk=self.pk)


def find_existing(record, content_hash):
    """The piece this document was imported as before: by original URL, else by hash, or None.

    One statement for all content models (a UNION ALL of indexed look-ups reading three
    columns): built through the ORM it was two queries and a seventh of the writer's time.
    """
    from django.db import connection

    models = [mapping.model for mapping in mappings()]
    quote = connection.ops.quote_name
    selects, params = [], []
    for order, model in enumerate(models):
        condition = f"{quote('content_hash')} = %s"
        params.append(content_hash)
        if record.original_url:
            condition += f" OR {quote('original_url')} = %s"
            params.append(record.original_url)
        # Names from the models' metadata, values as parameters.
        select = f"SELECT {order}, {quote('id')}, {quote('original_url')}, {quote('content_hash')} "
        selects.append(select + f"FROM {quote(model._meta.db_table)} WHERE {condition}")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        rows = sorted(cursor.fetchall())
    by_url = by_hash = None
    for order, pk, url, stored_hash in rows:
        if record.original_url and url == record.original_url:
            by_url = by_url or Existing(models[order], pk, stored_hash)
        elif stored_hash == content_hash:
            by_hash = by_hash or Existing(models[order], pk, stored_hash)
    return by_url or by_hash


@dataclass
class Read:
    """A document read and parsed, not yet linked or written (what a worker process returns)."""

    path: str
    data: bytes = b""
    record: object = None
    encoding: str = ""
    reason: str = ""  # why it failed, one line
    text: str | None = None  # full_text(record)
    scanned: dict | None = None  # name-index positions found with the worker's vocabulary
    key_terms: list | None = None
    matches: dict | None = None  # linking.text_matches(text)
    prepared: object = None  # writing.prepare(record): sanitised bodies and the slug's pinyin
    content_hash: str = ""  # of the bytes: how a re-import is recognised


def read_file(path, options, indexes=None):
    """Read, decode, parse and validate one file; never raises for a bad document.

    ``indexes``: name indexes to scan the text with (a worker's copy of the vocabulary's).
    """
    read = Read(path=str(path))
    try:
        read.data = read_bytes(Path(path))
        read.content_hash = hashlib.sha256(read.data).hexdigest()
        read.record, read.encoding = read_document(read.data, options)
        read.text = full_text(read.record)
        read.key_terms = linking.key_terms_of(read.text)
        read.matches = linking.text_matches(read.text)
        if indexes is not None:
            read.scanned = linking.scan(read.text, indexes)
        if not options.dry_run:
            read.prepared = prepare(read.record)
    except Exception as exc:  # noqa: BLE001 - _reason re-raises what is not a document's fault
        read.reason, read.data, read.record = _reason(exc), b"", None
    return read


def import_file(path, options, vocabulary):
    return write_read(read_file(path, options), options, vocabulary)


def write_read(read, options, vocabulary):
    """Link and write a document read by read_file, atomically; an Outcome.

    Its own transaction, or a savepoint of the caller's (ingest.pipeline writes a batch
    of documents in one transaction, each in a savepoint): a failing document rolls back
    alone, from the look-up for an earlier import on, and leaves one line.
    """
    path = Path(read.path)
    outcome = Outcome(path=read.path, result="failed", reason=read.reason)
    if read.record is None:
        return outcome
    record, data = read.record, read.data
    try:
        outcome.encoding = read.encoding
        link(record, vocabulary, read.text, read.scanned, read.key_terms, read.matches)
        outcome.format, outcome.cue = record.format, record.cue
        outcome.fields = record.to_json()
        content_hash = read.content_hash
        try:
            # One renewal of the page-cache generation per document, not one per row saved
            # (per batch when the caller wraps a batch in coalesced_bumps too).
            # The rows it queued for the batch (revision, audit entry, links) go with its savepoint.
            with transaction.atomic(), coalesced_bumps(), deferred.kept_with():
                existing = find_existing(record, content_hash)
                if existing is not None and existing.content_hash == content_hash:
                    outcome.result, outcome.model, outcome.pk = "unchanged", existing.label, existing.pk
                elif options.dry_run:
                    outcome.result = "updated" if existing is not None else "created"
                    if existing is not None:
                        outcome.model, outcome.pk = existing.label, existing.pk
                else:
                    piece, created, held = write(
                        record,
                        data,
                        path.name,
                        content_hash,
                        existing and existing.load(),
                        options,
                        vocabulary,
                        read.prepared,
                    )
                    outcome.result = "created" if created else "updated"
                    outcome.model, outcome.pk = piece._meta.label, piece.pk
                    outcome.held = held
        except BaseException:
            vocabulary.reload()  # it may remember rows the rollback removed
            raise
        if options.dry_run and outcome.result != "unchanged":
            outcome.result = f"would be {outcome.result}"
    except Exception as exc:  # noqa: BLE001 - _reason re-raises what is not a document's fault
        outcome.result, outcome.reason = "failed", _reason(exc)
    if outcome.result == "failed":
        outcome.fields = {}
    return outcome


def _reason(exc):
    """The one-line reason a document failed; anything that is no document's fault is re-raised."""
    if isinstance(exc, (DocumentError, ValidationError)):
        return _message(exc)
    if isinstance(exc, (ValueError, UnicodeError, yaml.YAMLError)):
        return f"无法解析：{_message(exc)}"
    if isinstance(exc, RecursionError):
        return "结构嵌套过深，无法解析"
    if isinstance(exc, MemoryError):
        return "文档过大，内存不足"
    if isinstance(exc, DatabaseError):
        return f"数据库写入失败：{_message(exc)}"
    raise exc


def _message(exc):
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
