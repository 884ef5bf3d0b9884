"""Fixtures of the portal tests: users in each role (tests/editorial/roles.py)."""

from tests.editorial.roles import users  # noqa: F401
