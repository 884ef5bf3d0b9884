"""Summaries the old derivation made are made again by editorial.summary (whole sentences of
prose: never list items, headings or captions run together). A summary an editor or a
document wrote differs from what the old derivation gives, and is kept as it is."""

import importlib
import re

from django.db import migrations

from editorial.sanitize import plain_text
from editorial.summary import derive_summary

CONTENT = importlib.import_module("editorial.migrations.0003_roles").CONTENT

_HEADINGS = re.compile(r"<(h[1-6])\b[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL)


def old_summary(body, limit=120):
    """EditorialContent.default_summary as it was before editorial.summary (frozen here)."""
    text = plain_text(_HEADINGS.sub("", body or "")).replace("\n", "")
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "。！？；")
    return text[: cut + 1] if cut > limit // 3 else text[:limit] + "…"


def rederive(apps, schema_editor):
    for app_label, model_name, _label in CONTENT:
        model = apps.get_model(app_label, model_name)
        for pk, body, summary in model._base_manager.values_list("pk", "body", "summary").iterator():
            if summary and summary == old_summary(body):
                new = derive_summary(body)
                if new != summary:
                    model._base_manager.filter(pk=pk).update(summary=new)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0006_role_additions"),
        ("articles", "0006_byline_names"),
        ("speeches", "0004_alter_speech_summary"),
    ]

    operations = [migrations.RunPython(rederive, migrations.RunPython.noop)]
