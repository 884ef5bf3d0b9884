"""Two gunicorn servers on one PostgreSQL and one Redis, Varnish in front (tests/edge/two_servers.py).

Starts its own PostgreSQL, Redis, Varnish and servers on free ports of 127.0.0.1, so it
runs once, in the SQLite pass of the suite (CI's PostgreSQL pass skips it: it would only
repeat itself). Without the Debian packages it skips with a message; with
REQUIRE_VARNISH=1 (.ci/run) it fails instead.
"""

import os

import pytest

from tests.edge.stack import Stack, missing_tools
from tests.edge.two_servers import Scenario


@pytest.fixture(scope="module")
def stack():
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs in the SQLite pass: it starts its own PostgreSQL")
    missing = missing_tools()
    if missing:
        message = f"the two-server test needs: apt-get install {' '.join(missing)}"
        if os.environ.get("REQUIRE_VARNISH"):
            pytest.fail(message)
        pytest.skip(message)
    running = Stack(log=lambda line: None)
    yield running
    running.stop()


def test_every_change_on_server_one_shows_at_once_through_varnish_and_server_two(stack):
    steps = []
    Scenario(stack, log=steps.append).run()
    # Every step of the scenario ran and was checked on both reader paths.
    assert any("published" in step for step in steps)
    assert any("its moment passed" in step for step in steps)
    assert any("unpublished, its page" in step for step in steps)
    assert any("valid on server 2" in step for step in steps)
