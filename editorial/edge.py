"""Purging surrogate keys from the HTTP caches in front of the app (Varnish with xkey).

``EDGE_CACHE_URLS`` lists the Varnish instances (``http://127.0.0.1:6081/``); empty,
nothing is sent. After a change commits, ``purge(keys)`` hands the keys to one
background sender per instance and waits at most ``EDGE_PURGE_WAIT`` seconds for them
to go out, so a reader's next request finds the fresh page while a slow or missing
Varnish never holds the editor up for long and never fails the save. A sender that
cannot deliver (refused, timed out, not 200) keeps the keys, adds whatever was purged
meanwhile, and tries again after 0.5, 2, 8… seconds, up to ``EDGE_PURGE_ATTEMPTS``
times; then it logs an error and drops them, and those pages live out their edge
lifetime (``EDGE_CACHE_SECONDS``, never past the next scheduled moment).

The request is ``PURGE /`` with the keys in an ``xkey-purge`` header, which
deploy/varnish/gongjiang.vcl answers (from the addresses it trusts) with
``xkey.purge()``.
"""

import atexit
import http.client
import logging
import os
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger("gongjiang.edge")

KEYS_PER_REQUEST = 200  # keeps each header well under Varnish's 8 KB default
EXIT_WAIT = 10  # seconds a finishing command waits for its last purges


class PurgeRefused(Exception):
    pass


def send(url, keys, timeout):
    """One PURGE request carrying ``keys``; raises on anything but 200."""
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("PURGE", parts.path or "/", headers={"xkey-purge": " ".join(sorted(keys))})
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise PurgeRefused(f"{url} answered {response.status} {response.reason}")


class Sender:
    """Delivers purges to one Varnish in order, merging what queued up while it was busy."""

    def __init__(self, url):
        self.url = url
        self.condition = threading.Condition()
        self.pending = set()
        self.waiting = []  # events of purges not yet delivered (or given up)
        self.busy = False
        self.thread = threading.Thread(target=self._run, name=f"edge-purge {url}", daemon=True)
        self.thread.start()

    def submit(self, keys):
        done = threading.Event()
        with self.condition:
            self.pending |= set(keys)
            self.waiting.append(done)
            self.condition.notify()
        return done

    def idle(self):
        with self.condition:
            return not self.pending and not self.busy

    def _run(self):
        while True:
            with self.condition:
                while not self.pending:
                    self.condition.wait()
                keys, self.pending = self.pending, set()
                waiting, self.waiting = self.waiting, []
                self.busy = True
            try:
                self._deliver(keys, waiting)
            finally:
                with self.condition:
                    self.busy = False

    def _deliver(self, keys, waiting):
        attempts = max(1, int(getattr(settings, "EDGE_PURGE_ATTEMPTS", 5)))
        timeout = float(getattr(settings, "EDGE_PURGE_TIMEOUT", 2.0))
        delay = 0.5
        for attempt in range(1, attempts + 1):
            try:
                ordered = sorted(keys)
                for start in range(0, len(ordered), KEYS_PER_REQUEST):
                    send(self.url, ordered[start : start + KEYS_PER_REQUEST], timeout)
            except (OSError, http.client.HTTPException, PurgeRefused) as error:
                if attempt == attempts:
                    logger.error(
                        "Edge purge gave up after %d attempts at %s (%s); these expire on their own: %s",
                        attempts,
                        self.url,
                        error,
                        " ".join(sorted(keys)),
                    )
                    break
                logger.warning("Edge purge failed at %s (%s); retrying in %.1f s", self.url, error, delay)
                # Let the editor go on while we wait to retry.
                for event in waiting:
                    event.set()
                time.sleep(delay)
                delay *= 4
                with self.condition:  # whatever queued meanwhile goes in the same request
                    keys |= self.pending
                    self.pending = set()
                    waiting += self.waiting
                    self.waiting = []
            else:
                break
        for event in waiting:
            event.set()


_senders = {}
_senders_pid = None
_senders_lock = threading.Lock()


def _sender(url):
    global _senders_pid
    with _senders_lock:
        if _senders_pid != os.getpid():  # threads do not survive a fork (gunicorn workers)
            _senders.clear()
            _senders_pid = os.getpid()
        if url not in _senders:
            _senders[url] = Sender(url)
        return _senders[url]


def urls():
    return [url for url in getattr(settings, "EDGE_CACHE_URLS", []) if url]


def purge(keys):
    """Send ``keys`` to every edge cache; wait at most EDGE_PURGE_WAIT seconds. Never raises."""
    targets = urls()
    if not targets or not keys:
        return
    try:
        events = [_sender(url).submit(keys) for url in targets]
        deadline = time.monotonic() + float(getattr(settings, "EDGE_PURGE_WAIT", 0.5))
        for event in events:
            event.wait(max(0.0, deadline - time.monotonic()))
    except Exception:  # noqa: BLE001 - a purge must never fail the change that caused it
        logger.exception("Edge purge could not be queued: %s", " ".join(sorted(keys)))


def flush(timeout=EXIT_WAIT):
    """Wait (at most ``timeout`` seconds) until every queued purge is delivered or given up."""
    deadline = time.monotonic() + timeout
    with _senders_lock:
        senders = list(_senders.values()) if _senders_pid == os.getpid() else []
    for sender in senders:
        while not sender.idle() and time.monotonic() < deadline:
            time.sleep(0.02)


atexit.register(flush)
