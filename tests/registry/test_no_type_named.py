"""The shared layer names no content type: it finds them through editorial.registry.

A module outside a type's own app that names the type — its class, an import from its
app, its URL names (``articles:detail``), its admin URL names — fails here. Migrations
are history and are not read; the root URLconf and settings list the apps by design.
"""

import ast
from pathlib import Path

import pytest

from editorial.registry import content_types

ROOT = Path(__file__).resolve().parents[2]
SHARED = ["editorial", "portal", "search", "ingest", "people", "events", "images"]

# What still names a type, each with why; the list may only shrink.
KNOWN = {
    # A model's foreign key names its target by label, for Django and its migrations: the
    # home page's column blocks point at 栏目, which lives in the articles app.
    "portal/models.py",
}


def type_names():
    """Per content type: the words that name it in code."""
    names = {}
    for model in content_types():
        app = model._meta.app_label
        names[model] = {
            "identifiers": {model.__name__},
            "modules": {app},
            "string_prefixes": (f"{app}:", f"{app}.", f"admin:{app}_"),
        }
    return names


def docstring_nodes(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                yield body[0].value


def naming(path, names):
    """(type, what) for each place ``path`` names a type, outside docstrings and comments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node) for node in docstring_nodes(tree)}
    found = set()
    for node in ast.walk(tree):
        for model, words in names.items():
            if isinstance(node, ast.Name) and node.id in words["identifiers"]:
                found.add((model.__name__, node.id))
            elif isinstance(node, ast.Attribute) and node.attr in words["identifiers"]:
                found.add((model.__name__, node.attr))
            elif isinstance(node, ast.alias) and node.name in words["identifiers"]:
                found.add((model.__name__, node.name))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in words["modules"]:
                found.add((model.__name__, f"from {node.module}"))
            elif isinstance(node, ast.Import) and any(
                alias.name.split(".")[0] in words["modules"] for alias in node.names
            ):
                found.add((model.__name__, "import"))
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and node.value.startswith(words["string_prefixes"])
            ):
                found.add((model.__name__, node.value))
    return found


def shared_modules():
    for app in SHARED:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix()


def test_there_are_content_types_to_look_for():
    assert len(content_types()) >= 2


@pytest.mark.parametrize("module", list(shared_modules()))
def test_no_shared_module_names_a_content_type(module):
    found = naming(ROOT / module, type_names())
    if module in KNOWN:
        assert found, f"{module} names no type any more: take it off KNOWN"
    else:
        assert found == set(), f"{module} names a content type: {sorted(found)}"


def test_the_check_sees_a_type_named_in_code(tmp_path):
    names = type_names()
    model = content_types()[0]
    app = model._meta.app_label
    source = tmp_path / "named.py"
    source.write_text(
        f'"""Docstrings may say {model.__name__}."""\n'
        f"from {app}.models import {model.__name__}\n"
        f'URL = "{app}:detail"\n'
        "# comments may too\n"
    )
    assert {what for _type, what in naming(source, names)} == {
        model.__name__,
        f"from {app}.models",
        f"{app}:detail",
    }
