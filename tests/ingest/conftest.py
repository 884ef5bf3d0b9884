"""Fixtures for the importer tests: the seed corpus, a runner, and a network guard."""

import io
import socket
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"


class NetworkAccess(AssertionError):
    pass


def _database_addresses():
    hosts = set()
    for db in django_settings.DATABASES.values():
        if db.get("HOST"):
            hosts.add(str(db["HOST"]))
    return hosts


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any Python-level connection attempt (other than to the test database) fails the test."""
    allowed = _database_addresses()
    real_connect = socket.socket.connect
    attempts = []

    def guarded(self, address, *args):
        host = address[0] if isinstance(address, tuple) else address
        if self.family == getattr(socket, "AF_UNIX", None) or host in allowed:
            return real_connect(self, address, *args)
        attempts.append(address)
        raise NetworkAccess(f"network access during import: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded)
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: attempts.append(a)
        or (_ for _ in ()).throw(NetworkAccess(f"DNS lookup during import: {a!r}")),
    )
    yield attempts
    assert attempts == [], f"network access attempted: {attempts}"


@pytest.fixture
def seeds():
    return SEEDS


@pytest.fixture
def run_import():
    """call_command('import_documents', ...) → (stdout, stderr, error or None)."""
    from django.core.management.base import CommandError

    def run(*args, **kwargs):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_documents", *[str(a) for a in args], stdout=out, stderr=err, **kwargs)
            error = None
        except CommandError as exc:
            error = exc
        return out.getvalue(), err.getvalue(), error

    return run
