"""How an imported document becomes an article (the contract: editorial.importing)."""

from editorial.importing import ImportMapping
from editorial.text import clean_text


class ArticleImport(ImportMapping):
    kinds = ("article",)

    def body(self, record):
        # A speech imported as an article (--kind article) keeps its sections as headings.
        return record.article_body() if record.sections else record.body

    def limits(self):
        from articles.models import ArticleAuthor, Column, Source
        from people.models import Person

        model = self.model
        return [
            self.field_limit("author_note", model, "author_note"),
            self.field_limit("via", model, "via"),
            self.field_limit("source", Source, "name", "来源"),
            self.field_limit("responsible_editor", Person, "name", "责任编辑"),
            (
                "column_path",
                "栏目",
                Column._meta.get_field("name").max_length,
                lambda record: record.column_path,
            ),
            (
                "authors.position",
                str(ArticleAuthor._meta.get_field("position").verbose_name),
                ArticleAuthor._meta.get_field("position").max_length,
                lambda record: [position for _name, position in record.authors],
            ),
        ]

    def fill(self, piece, record):
        piece.author_note = record.author_note
        piece.via = record.via
        piece.is_repost = bool(record.source or record.via)

    def link(self, piece, record, links, events):
        from articles.models import Column, Source

        if record.source:
            piece.source = links.row(
                ("source", record.source), lambda: Source.objects.get_or_create(name=record.source)[0]
            )
        else:
            piece.source = None
        # Nested columns found (or created) by name under their parent: 中工理论 › 工运前沿.
        column = None
        for depth, name in enumerate(record.column_path):
            column = links.row(
                ("column", *record.column_path[: depth + 1]),
                lambda name=name, parent=column: Column.objects.get_or_create(name=name, parent=parent)[0],
            )
        piece.column = column
        piece.responsible_editor_id = (
            links.person(record.responsible_editor) if record.responsible_editor else None
        )
        if piece._state.adding:
            # A new article's card names go in with its INSERT, not in an UPDATE after its
            # bylines (the same people, found or created here once, in byline order).
            authors = dict.fromkeys(links.person(name) for name, _position in record.authors)
            piece.byline_names = "\n".join(links.person_name(pk) for pk in authors)

    def write_inlines(self, piece, record, bodies, links, created):
        from articles import byline_names
        from articles.models import ArticleAuthor

        if not created:
            piece.bylines.all().delete()
        bylines = {}
        for order, (name, position) in enumerate(record.authors):
            pk = links.person(name)
            if pk in bylines:
                continue
            position = clean_text(position)  # bulk_create sends no pre_save (editorial.text)
            bylines[pk] = ArticleAuthor(article=piece, person_id=pk, position=position, order=order)
            links.add_position(pk, position)
        links.insert(ArticleAuthor, bylines.values())
        # bulk_create sends no signals: an updated article's card names, from the vocabulary,
        # in one write (a new one's were written with it: link()).
        if not created:
            byline_names.store(piece.pk, [links.person_name(pk) for pk in bylines])
        return {
            "bylines": [
                {"person": b.person_id, "position": b.position, "order": b.order}
                for b in sorted(bylines.values(), key=lambda b: b.order)
            ]
        }
