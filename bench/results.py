"""bench/RESULTS.md: each benchmark rewrites its own fenced sections and nothing else.

A section a benchmark writes sits between two HTML comments, which Markdown does not show::

    <!-- bench:admin -->
    ### 1,000 articles, SQLite
    ...
    <!-- /bench:admin -->

Writing the section again replaces what lies between its fences. Everything outside the
fences (hand-written readings of the figures, the rounds of earlier sessions) is kept as
it is; a section seen for the first time goes at the end, after its introduction.
"""

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TITLE = "# Benchmark results\n"


def fences(name):
    return f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"


def replace_section(text, name, body, introduction=""):
    """``text`` with section ``name`` holding ``body``; ``introduction`` only if it is new."""
    start, end = fences(name)
    block = f"{start}\n{body.strip()}\n{end}"
    begin = text.find(start)
    finish = text.find(end, begin) if begin >= 0 else -1
    if finish >= 0:
        return text[:begin] + block + text[finish + len(end) :]
    parts = [text.rstrip("\n"), introduction.strip(), block]
    return "\n\n".join(part for part in parts if part) + "\n"


def write_sections(sections, path=None):
    """Put each ``name: body`` (or ``name: (body, introduction)``) into ``path`` (RESULTS.md).

    A section with nothing to say (no figures of that kind in bench/out) is left as it was.
    """
    path = path or RESULTS
    text = path.read_text() if path.exists() else TITLE
    for name, body in sections.items():
        body, introduction = body if isinstance(body, tuple) else (body, "")
        if body.strip():
            text = replace_section(text, name, body, introduction)
    path.write_text(text)
