"""How well the importer reads documents from the wild: per-field accuracy on a scored corpus.

    .venv/bin/python bench/import_accuracy.py [FOLDER] [--show] [--json FILE]

FOLDER (default ``tests/ingest/documents/wild``) holds documents and ``expected.yaml``, the
fields an editor reads in each (title, kicker, subtitle, kind, date, authors, source,
column, editor, salutation, section count; a document without a title is ``untitled``
and its title is the one the importer should derive). Each document is read as
``import_documents`` reads it (decoding, format detection, parsing; no database) and
every field is compared. Prints the per-field table and the overall figure; ``--show``
prints every mismatch. A refused document scores nothing; a crash (any exception other
than a refusal) is counted apart and makes the exit status non-zero.
``tests/ingest/test_wild_corpus.py`` holds the suite to the same table.
"""

import argparse
import json
import os
import sys
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "ingest" / "documents" / "wild"
FIELDS = ("title", "kicker", "subtitle", "kind", "date", "authors", "source", "column", "editor",
          "salutation", "sections")  # fmt: skip
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def expected_fields(entry):
    """The expected.yaml entry with every field present (missing means empty)."""
    return {
        "title": (str(entry.get("title", "")), bool(entry.get("untitled", False))),
        "kicker": str(entry.get("kicker", "")),
        "subtitle": str(entry.get("subtitle", "")),
        "kind": entry.get("kind", "article"),
        "date": str(entry.get("date", "")),
        "authors": list(entry.get("authors", [])),
        "source": str(entry.get("source", "")),
        "column": str(entry.get("column", "")),
        "editor": str(entry.get("editor", "")),
        "salutation": str(entry.get("salutation", "")),
        "sections": int(entry.get("sections", 0)),
    }


def _date(record):
    value = record.delivered_on if record.kind == "speech" and record.delivered_on else record.published_at
    if value is None:
        return ""
    if hasattr(value, "hour"):
        local = value.astimezone(SHANGHAI)
        return (
            local.strftime("%Y-%m-%d")
            if (local.hour, local.minute) == (0, 0)
            else local.strftime("%Y-%m-%d %H:%M")
        )
    return value.isoformat()


def read_fields(record):
    """The same fields, as the importer read them."""
    return {
        "title": (record.title, bool(getattr(record, "title_derived", False))),
        "kicker": record.kicker,
        "subtitle": record.subtitle,
        "kind": record.kind,
        "date": _date(record),
        "authors": [name for name, _ in record.authors],
        "source": record.source,
        "column": " › ".join(record.column_path),
        "editor": record.responsible_editor,
        "salutation": record.salutation,
        "sections": len(record.sections),
    }


def read_record(data):
    """Bytes → Record as import_documents reads them, without the database."""
    from ingest import importer

    if hasattr(importer, "read_document"):
        return importer.read_document(data, importer.Options())[0]
    # The importer before issue 14 had no database-free entry point: its parsing steps.
    from ingest.decoding import decode
    from ingest.detect import detect_format, kind_for
    from ingest.parsers import PARSERS

    text, _ = decode(data)
    format_name = detect_format(text)
    record = PARSERS[format_name](text)
    record.kind = kind_for(format_name)
    return record


def score(folder=CORPUS):
    """{"documents": [...], "fields": {field: (right, total)}, "overall": float, "crashes": [...]}."""
    import yaml

    from ingest.record import DocumentError

    expected = yaml.safe_load((Path(folder) / "expected.yaml").read_text(encoding="utf-8"))
    fields = {name: [0, 0] for name in FIELDS}
    documents, crashes = [], []
    for name in sorted(expected):
        want = expected_fields(expected[name])
        data = (Path(folder) / name).read_bytes()
        got, error = None, ""
        try:
            got = read_fields(read_record(data))
        except DocumentError as exc:
            error = f"refused: {exc}"
        except Exception as exc:  # noqa: BLE001 - a crash is what this counts
            error = f"crash: {type(exc).__name__}: {exc}"
            crashes.append((name, error))
        wrong = {}
        for field in FIELDS:
            fields[field][1] += 1
            if got is not None and got[field] == want[field]:
                fields[field][0] += 1
            else:
                wrong[field] = (want[field], got[field] if got else error)
        documents.append({"name": name, "wrong": wrong, "error": error})
    right = sum(r for r, _ in fields.values())
    total = sum(t for _, t in fields.values())
    return {
        "documents": documents,
        "fields": {name: tuple(value) for name, value in fields.items()},
        "overall": right / total if total else 0.0,
        "crashes": crashes,
    }


def table(result):
    lines = [f"{'field':<11} {'right':>5} / {'of':<4} {'accuracy':>8}"]
    for name, (right, total) in result["fields"].items():
        lines.append(f"{name:<11} {right:>5} / {total:<4} {100 * right / total:>7.1f} %")
    documents = len(result["documents"])
    perfect = sum(1 for d in result["documents"] if not d["wrong"])
    lines.append(
        f"overall {100 * result['overall']:.1f} % of {documents * len(FIELDS)} fields; "
        f"{perfect}/{documents} documents read entirely right; {len(result['crashes'])} crashes"
    )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--show", action="store_true", help="print every field read wrong")
    parser.add_argument("--json", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "import-accuracy")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    result = score(args.folder)
    if args.show:
        for document in result["documents"]:
            for field, (want, got) in document["wrong"].items():
                print(f"{document['name']}: {field}: expected {want!r}, read {got!r}")
    print(table(result))
    if args.json:
        figures = {name: round(100 * r / t, 1) for name, (r, t) in result["fields"].items()}
        figures["overall"] = round(100 * result["overall"], 1)
        args.json.write_text(json.dumps(figures, ensure_ascii=False))
    return 1 if result["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
