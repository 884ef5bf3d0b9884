"""Start Debian's Varnish with deploy/varnish/gongjiang.vcl for a test (or a script)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "run"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_varnish():
    if shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists():
        return
    message = (
        "the edge tests need Debian's varnish and varnish-modules (apt-get install varnish varnish-modules)"
    )
    if os.environ.get("REQUIRE_VARNISH"):
        pytest.fail(message)
    pytest.skip(message)


def wait_for_port(port, seconds=30, process=None):
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"exited with {process.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on {port}") from None
            time.sleep(0.1)


class Varnish:
    def __init__(self, *backends, port=None):
        self.port, self.admin_port = port or free_port(), free_port()
        self.workdir = tempfile.mkdtemp(prefix="gongjiang-varnish-")
        self.log = open(Path(self.workdir) / "varnishd.log", "w")  # noqa: SIM115 - closed in stop()
        env = {**os.environ, "PATH": f"{os.environ.get('PATH', '')}:/usr/sbin"}
        self.process = subprocess.Popen(
            [str(RUN), f"127.0.0.1:{self.port}", f"127.0.0.1:{self.admin_port}", self.workdir, *backends],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        try:
            wait_for_port(self.port, process=self.process)
        except RuntimeError:
            log = (Path(self.workdir) / "varnishd.log").read_text()
            self.stop()
            raise RuntimeError(log) from None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.log.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


def fetch(varnish, path, headers=None):
    request = urllib.request.Request(varnish.url.rstrip("/") + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()
