"""PostgreSQL, Redis, Varnish and two gunicorn app servers on 127.0.0.1, for a test or a person.

``Stack`` starts throwaway instances on free ports (PostgreSQL from Debian's
/usr/lib/postgresql/*/bin, redis-server, deploy/varnish/run), migrates, loads the demo
and starts two gunicorn servers (2 workers each) sharing that database and cache, with
Varnish in front of both (round robin) and ``EDGE_CACHE_URLS`` pointing at it.
``Stack.stop()`` stops everything it started and removes its files.
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.edge.varnish import Varnish, free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def missing_tools():
    missing = []
    if postgres_bin() is None:
        missing.append("postgresql")
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    if not (shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists()):
        missing.append("varnish varnish-modules")
    if not shutil.which("gunicorn", path=str(Path(sys.executable).parent)):
        missing.append("gunicorn (requirements.txt)")
    return missing


class Stack:
    def __init__(self, log=print):
        self.log = log
        self.processes = []
        self.varnish = None
        self.dir = Path(tempfile.mkdtemp(prefix="gongjiang-stack-"))
        self.dir.chmod(0o755)
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _run(self, args, **kwargs):
        return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)

    def _start(self):
        pg = postgres_bin()
        self.pg_port, self.redis_port = free_port(), free_port()
        self.pg_data = self.dir / "pg"
        self.pg_data.mkdir()
        as_postgres = os.geteuid() == 0
        if as_postgres:
            shutil.chown(self.pg_data, "postgres")

        def pg_command(command):
            return ["su", "postgres", "-c", command] if as_postgres else ["sh", "-c", command]

        self.log(f"PostgreSQL on 127.0.0.1:{self.pg_port}")
        self._run(
            pg_command(f"{pg}/initdb -D {self.pg_data} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8")
        )
        options = f"-c listen_addresses=127.0.0.1 -p {self.pg_port} -k /tmp -c fsync=off"
        self._run(pg_command(f"{pg}/pg_ctl -D {self.pg_data} -o '{options}' -l {self.pg_data}/log -w start"))
        self._pg_stop = pg_command(f"{pg}/pg_ctl -D {self.pg_data} -m fast stop")
        self._run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.pg_port),
                "-U",
                "postgres",
                "-c",
                "CREATE DATABASE gongjiang",
            ]
        )

        self.log(f"Redis on 127.0.0.1:{self.redis_port}")
        redis = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(redis)
        wait_for_port(self.redis_port, process=redis)

        self.app_ports = [free_port(), free_port()]
        edge_port = free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/gongjiang",
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "DJANGO_DEBUG": "1",
            "EDGE_CACHE_URLS": f"http://127.0.0.1:{edge_port}/",
            "EDGE_PURGE_WAIT": "5",
            "TRUSTED_PROXY_COUNT": "1",
            "MEDIA_ROOT": str(self.dir / "media"),
            # Each check reads right after a change; nothing in the environment may differ per server.
            "PAGE_CACHE_GENERATION_FILE": "",
            "PAGE_CACHE_PURGE_LOG": "",
        }
        python = sys.executable
        self.log("migrate, load_demo")
        self._run([python, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=self.env)
        self._run([python, "manage.py", "load_demo"], cwd=ROOT, env=self.env)

        gunicorn = str(Path(python).parent / "gunicorn")
        for port in self.app_ports:
            self.log(f"gunicorn on 127.0.0.1:{port}")
            log = open(self.dir / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - lives as long as the server
            server = subprocess.Popen(
                [gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.processes.append(server)
        for port, server in zip(self.app_ports, self.processes[1:], strict=True):
            wait_for_port(port, seconds=60, process=server)

        self.log(f"Varnish on 127.0.0.1:{edge_port}")
        self.varnish = Varnish(*(f"127.0.0.1:{port}" for port in self.app_ports), port=edge_port)

    def url(self, which):
        """``which``: "server1", "server2" or "edge"."""
        if which == "edge":
            return f"http://127.0.0.1:{self.varnish.port}"
        return f"http://127.0.0.1:{self.app_ports[int(which[-1]) - 1]}"

    def stop(self):
        if self.varnish is not None:
            self.varnish.stop()
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)
        if getattr(self, "_pg_stop", None):
            subprocess.run(self._pg_stop, capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)
