"""A run of imports: documents read in worker processes, written by one writer, in file order.

Reading (decoding, detection, parsing, validation, jieba's key terms and the scan of
the text for known names) needs no database, so with ``jobs`` > 1 worker processes do
it while this process links and writes. Results are the same as with one process:
workers scan with a copy of the vocabulary taken at the start, and the writer looks
only for the names added since (people, events and tags this run created), so a name
written by document 3 is still found in document 40. Documents are written in file
order, a batch per transaction and each document in its own savepoint (``run``); at most
``jobs * WINDOW_PER_JOB`` documents are read ahead, so memory stays flat however many
files there are.
"""

import gc
import os
import sys
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from django.db import DatabaseError, transaction

from editorial.cache import coalesced_bumps
from editorial.workflow import deferred
from ingest import worker
from ingest.importer import read_file, write_read

WINDOW_PER_JOB = 8
# Documents sent to a worker at a time: each task costs this process ~0.25 ms of CPU
# (futures, pipes, the executor's threads), a twentieth of writing a document; four
# documents a task make it a quarter of that.
CHUNK = 4
# Below this many documents, starting workers (the dictionaries, ~1 s) costs more than it
# saves: they are read in this process.
MIN_DOCUMENTS_FOR_WORKERS = 40
# Documents are written in batches of at most this many, or as many as come in this many
# seconds: one transaction (one commit) and one renewal of the page cache per batch, each
# document in a savepoint of its own. Readers see a new piece at most one batch late.
BATCH = 50
BATCH_SECONDS = 0.5


def default_jobs():
    return os.cpu_count() or 1


def start_method():
    """Fork where it is safe (Linux): workers start at once with what the parent loaded
    (worker.warm); spawning one re-imported Django and the dictionaries, ~2 s of CPU each,
    a third of a 1,000-document run. Spawn elsewhere (forking is unsafe on macOS)."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


def read_all(files, options, vocabulary, jobs):
    """Each file's ``Read`` in file order; with ``jobs`` > 1 from worker processes."""
    if jobs <= 1 or len(files) < MIN_DOCUMENTS_FOR_WORKERS:
        for path in files:
            yield read_file(path, options)
        return
    method = start_method()
    if method == "fork":
        worker.warm()
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # What is loaded by now (Django, the dictionaries, the IDF table) lives as long as the
    # run: frozen, the writer's full collections no longer walk it (one took 0.2 s, a
    # twentieth of the writer's CPU over 1,000 documents) and forked workers' collections
    # leave the pages they share with this process alone. Collected again after the run.
    gc.freeze()
    try:
        yield from _read_in_workers(files, options.for_reading(), vocabulary, jobs, method)
    finally:
        gc.unfreeze()


def _read_in_workers(files, parse_options, vocabulary, jobs, method):
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=get_context(method),
        initializer=worker.start,
        initargs=(vocabulary.snapshot(),),
    ) as pool:
        pending = deque()
        chunks = _chunks(files)
        for paths in chunks:
            pending.append(pool.submit(worker.read_many, paths, parse_options))
            if len(pending) * CHUNK >= jobs * WINDOW_PER_JOB:
                break
        while pending:
            reads = pending.popleft().result()
            for paths in chunks:  # keep the window full
                pending.append(pool.submit(worker.read_many, paths, parse_options))
                break
            yield from reads


def _chunks(files):
    """``files`` CHUNK at a time, in order (itertools.batched from Python 3.12 on)."""
    for start in range(0, len(files), CHUNK):
        yield files[start : start + CHUNK]


def run(files, options, vocabulary, jobs=1):
    """Import ``files``: yields each document's Outcome in file order once it is committed.

    A batch's documents are written in one transaction, each in its own savepoint (the
    piece, its links, revision and audit entry together): a failing document rolls back
    alone and is reported on its line, the others of the batch are kept. A commit costs
    more than a document's writes on SQLite. The batch's revisions and audit entries are
    written at its end, one INSERT per table (editorial.workflow.deferred), before it
    commits. Should the batch itself fail to commit, its documents are written again one
    transaction each, so one cannot take the others down.
    """
    reads = iter(read_all(files, options, vocabulary, jobs))
    while True:
        batch, outcomes, last = [], [], True
        with coalesced_bumps():
            try:
                with transaction.atomic(), deferred.deferred():
                    started = time.monotonic()
                    for read in reads:
                        batch.append(read)
                        outcomes.append(write_read(read, options, vocabulary))
                        if len(batch) == BATCH or time.monotonic() - started > BATCH_SECONDS:
                            last = False
                            break
            except DatabaseError:
                vocabulary.reload()  # it may remember rows the rollback removed
                outcomes = [_write_alone(read, options, vocabulary) for read in batch]
        yield from outcomes
        if last:
            return


def _write_alone(read, options, vocabulary):
    with transaction.atomic():
        return write_read(read, options, vocabulary)
