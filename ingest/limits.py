"""Every value of a record fits its field whole: an over-long one is an import error naming
the field and its limit (read from the models), never cut."""

from ingest.record import DocumentError


def _field_limits():
    """(record attribute, label, limit) from the models the values go into: one source of truth."""
    from articles.models import Article, ArticleAuthor, Column, Source
    from events.models import Event
    from people.models import Person
    from speeches.models import Speech, SpeechSection

    def field(model, name):
        return model._meta.get_field(name)

    limits = [
        (name, str(field(Article, name).verbose_name), field(Article, name).max_length)
        for name in ("title", "kicker", "subtitle", "author_note", "via", "head_image_url", "original_url")
    ]
    limits += [
        (name, str(field(Speech, name).verbose_name), field(Speech, name).max_length)
        for name in ("salutation", "closing", "venue")
    ]
    return limits + [
        ("source", "来源", field(Source, "name").max_length),
        ("responsible_editor", "责任编辑", field(Person, "name").max_length),
        ("speaker", "讲话人", field(Person, "name").max_length),
        ("occasion", "场合", field(Event, "name").max_length),
        ("column_path", "栏目", field(Column, "name").max_length),
        (
            "sections.heading",
            str(field(SpeechSection, "heading").verbose_name),
            field(SpeechSection, "heading").max_length,
        ),
        (
            "authors.position",
            str(field(ArticleAuthor, "position").verbose_name),
            field(ArticleAuthor, "position").max_length,
        ),
    ]


def _values(record, name):
    if name == "column_path":
        return record.column_path
    if name == "sections.heading":
        return [section.heading for section in record.sections]
    if name == "authors.position":
        return [position for _, position in record.authors]
    return [getattr(record, name)]


def validate_lengths(record):
    """Every value fits its field whole: an over-long one is an error naming the field, never cut."""
    global _LIMITS
    if _LIMITS is None:
        _LIMITS = _field_limits()
    for name, label, limit in _LIMITS:
        for value in _values(record, name):
            if len(value) > limit:
                raise DocumentError(
                    f"{label}过长：{len(value)} 个字符，上限 {limit} 个（不截断，请修改原文）"
                )
    from editorial.sanitize import MAX_BODY_CHARS

    if len(record.article_body()) > MAX_BODY_CHARS:
        raise DocumentError(f"正文超过 {MAX_BODY_CHARS} 个字符")


_LIMITS = None
