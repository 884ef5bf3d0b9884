"""Small Chinese text helpers shared by models and the importer."""

import re

_SEPARATORS = re.compile(r"[\n,，、;；]+")


def split_list(value):
    """「铁人、高炉卫士」 or one per line → ['铁人', '高炉卫士'] (order kept, no blanks)."""
    items = (item.strip() for item in _SEPARATORS.split(value or ""))
    return list(dict.fromkeys(item for item in items if item))
