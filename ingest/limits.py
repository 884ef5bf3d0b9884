"""Every value of a record fits its field whole: an over-long one is an import error naming
the field and its limit (read from the models), never cut."""

from ingest.record import DocumentError


def _field_limits():
    """(key, label, limit, values) from the models the values go into: one source of truth.

    The fields every piece has, then each importing type's own (editorial.importing): a
    record is held to every type's limits, so ``--kind`` never decides what is refused.
    """
    from editorial.importing import ImportMapping, mappings
    from editorial.models import EditorialContent
    from events.models import Event

    limits = [
        ImportMapping.field_limit(name, EditorialContent, name)
        for name in ("title", "kicker", "subtitle", "head_image_url", "original_url")
    ]
    # Any record's occasion becomes one of its events (ingest.importer.link).
    limits.append(ImportMapping.field_limit("occasion", Event, "name", "场合"))
    for mapping in mappings():
        limits.extend(mapping.limits())
    return list({key: (key, label, limit, values) for key, label, limit, values in limits}.values())


def validate_lengths(record):
    """Every value fits its field whole: an over-long one is an error naming the field, never cut."""
    global _LIMITS
    if _LIMITS is None:
        _LIMITS = _field_limits()
    for _key, label, limit, values in _LIMITS:
        for value in values(record):
            if len(value) > limit:
                raise DocumentError(
                    f"{label}过长：{len(value)} 个字符，上限 {limit} 个（不截断，请修改原文）"
                )
    from editorial.sanitize import MAX_BODY_CHARS

    if len(record.article_body()) > MAX_BODY_CHARS:
        raise DocumentError(f"正文超过 {MAX_BODY_CHARS} 个字符")


_LIMITS = None
