"""When each surrogate key was last purged, as a sequence number shared by every process.

A cached page remembers the sequence number read just before it started rendering
(``current()``); it may be served while every key it carries was last purged at or
before that number (``latest(keys)``). A purge (``advance(keys)``) takes a new number,
so a page rendered from rows older than the purge is never served again, while pages
whose keys were not purged stay cached. Purges run when a change is made and again
when it commits, so a page rendered in between (old rows, a number from before the
second purge) is dropped too.

Numbers, not clock times: two servers' clocks never have to agree.

* With a shared cache (Redis, ``CACHE_URL``) numbers come from one counter in that
  cache (INCR) and each key's number is stored beside it: every worker of every server
  sees the same numbers. A key whose number is missing (evicted, Redis flushed) counts
  as purged now, so a lost number can never make an old page valid again.
* With the default local-memory cache each process has its own pages, and a purge
  made in one process must reach the others on the machine: purges are appended to a
  small log file (PAGE_CACHE_PURGE_LOG), and the number is the log's length. Each
  process reads what was appended since its last look (a ``stat`` per request) and
  keeps the latest number of each key in memory. The log starts over (a new file)
  past LOG_LIMIT bytes; numbers carry the file's identity, so a page cached under the
  old file is never valid under the new one.
"""

import hashlib
import os
import tempfile
import threading
from pathlib import Path
from time import time_ns

from django.conf import settings
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

COUNTER_KEY = "gongjiang:purge:counter"
KEY_PREFIX = "gongjiang:purge:key:"
LOG_LIMIT = 4 * 1024 * 1024


class SharedClock:
    def __init__(self, cache):
        self.cache = cache

    def current(self):
        value = self.cache.get(COUNTER_KEY)
        if value is None:
            # Start from the clock, not from 1: a lost counter must never repeat numbers.
            self.cache.add(COUNTER_KEY, time_ns(), timeout=None)
            value = self.cache.get(COUNTER_KEY)
        return int(value)

    def advance(self, keys):
        if not keys:
            return
        try:
            number = self.cache.incr(COUNTER_KEY)
        except ValueError:  # missing counter
            self.cache.add(COUNTER_KEY, time_ns(), timeout=None)
            number = self.cache.incr(COUNTER_KEY)
        self.cache.set_many({KEY_PREFIX + key: number for key in keys}, timeout=None)

    def remember(self, keys, number):
        """Give keys never purged (or whose number was lost) the number a page was just rendered under."""
        names = [KEY_PREFIX + key for key in keys]
        found = self.cache.get_many(names)
        for name in names:
            if name not in found:
                # add(): a purge that got in first keeps its (later) number.
                self.cache.add(name, number, timeout=None)

    def valid(self, keys, number):
        names = [KEY_PREFIX + key for key in keys]
        found = self.cache.get_many(names)
        missing = [name for name in names if name not in found]
        if missing:
            # Unknown: count it as purged now (and remember that, so later pages may be kept).
            now = self.current()
            for name in missing:
                self.cache.add(name, now, timeout=None)
            return False
        return all(int(value) <= number for value in found.values())


class FileClock:
    """Purges of one machine's processes, through an append-only log file."""

    def __init__(self, path):
        self.path = Path(path)
        self.lock = threading.Lock()
        self.identity = None  # (st_dev, st_ino) of the file read so far
        self.offset = 0
        self.latest = {}

    def _refresh(self):
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.touch()
            stat = self.path.stat()
        identity = (stat.st_dev, stat.st_ino)
        if identity != self.identity or stat.st_size < self.offset:
            self.identity, self.offset, self.latest = identity, 0, {}
        if stat.st_size > self.offset:
            with self.path.open("rb") as log:
                log.seek(self.offset)
                data = log.read(stat.st_size - self.offset)
            end = data.rfind(b"\n") + 1  # a line being appended right now is read next time
            position = self.offset
            for line in data[:end].split(b"\n")[:-1]:
                position += len(line) + 1
                for key in line.decode().split():
                    self.latest[key] = position
            self.offset += end
        return self.identity, self.offset

    def current(self):
        with self.lock:
            return self._refresh()

    def remember(self, keys, number):
        pass  # a key missing from the log was never purged since the log began

    def advance(self, keys):
        if not keys:
            return
        line = (" ".join(sorted(keys)) + "\n").encode()
        self._append(line)
        if self.path.stat().st_size > LOG_LIMIT:
            self._start_over()

    def _append(self, line):
        while True:
            # O_APPEND: lines from several processes never interleave (one small write each).
            handle = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(handle, line)
                written_to = os.fstat(handle)
            finally:
                os.close(handle)
            try:
                stat = self.path.stat()
            except FileNotFoundError:
                stat = None
            # The log started over while we wrote: write the purge into the new one too.
            if stat is not None and (stat.st_dev, stat.st_ino) == (written_to.st_dev, written_to.st_ino):
                return

    def _start_over(self):
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".purge-")
        os.close(handle)
        os.replace(temporary, self.path)

    def valid(self, keys, number):
        identity, offset = number
        with self.lock:
            now_identity, _now = self._refresh()
            if now_identity != identity:
                return False
            return all(self.latest.get(key, 0) <= offset for key in keys)


def log_path():
    configured = getattr(settings, "PAGE_CACHE_PURGE_LOG", "")
    if configured:
        return Path(configured)
    # One log per project database, so two checkouts on one machine do not share it.
    database = str(settings.DATABASES["default"].get("NAME", ""))
    digest = hashlib.sha256(f"{settings.BASE_DIR}|{database}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"gongjiang-purges-{digest}.log"


_file_clocks = {}
_file_clocks_lock = threading.Lock()


class NoClock:
    """The dummy cache keeps no page, so there is nothing to date."""

    def current(self):
        return 0

    def advance(self, keys):
        pass

    def remember(self, keys, number):
        pass

    def valid(self, keys, number):
        return False


def clock_for(cache):
    if isinstance(cache, DummyCache):
        return NoClock()
    if not isinstance(cache, LocMemCache):
        return SharedClock(cache)
    path = log_path()
    with _file_clocks_lock:
        clock = _file_clocks.get(path)
        if clock is None:
            clock = _file_clocks[path] = FileClock(path)
        return clock
