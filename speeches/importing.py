"""How an imported document becomes a speech (the contract: editorial.importing)."""

from editorial.importing import ImportMapping
from editorial.text import clean_text


class SpeechImport(ImportMapping):
    kinds = ("speech",)

    def inline_bodies(self, record):
        return [section.body for section in record.sections]

    def limits(self):
        from people.models import Person
        from speeches.models import SpeechSection

        model = self.model
        return [
            self.field_limit("salutation", model, "salutation"),
            self.field_limit("closing", model, "closing"),
            self.field_limit("venue", model, "venue"),
            self.field_limit("speaker", Person, "name", "讲话人"),
            (
                "sections.heading",
                str(SpeechSection._meta.get_field("heading").verbose_name),
                SpeechSection._meta.get_field("heading").max_length,
                lambda record: [section.heading for section in record.sections],
            ),
        ]

    def fill(self, piece, record):
        piece.salutation = record.salutation
        piece.closing = record.closing
        piece.delivered_on = record.delivered_on
        piece.venue = record.venue

    def link(self, piece, record, links, events):
        piece.speaker_id = links.person(record.speaker) if record.speaker else None
        piece.occasion = (
            next((event for event in events if event.name == record.occasion), None)
            if record.occasion
            else None
        )

    def unsaved_inlines(self, record):
        from speeches.models import SpeechSection

        return [
            SpeechSection(order=order, number=s.number, heading=s.heading, body=s.body)
            for order, s in enumerate(record.sections)
        ]

    def write_inlines(self, piece, record, bodies, links, created):
        from speeches.models import SpeechSection

        if not created:
            piece.sections.all().delete()
        # bulk_create sends no pre_save: the texts are cleaned here as every save cleans them.
        sections = SpeechSection.objects.bulk_create([
            SpeechSection(
                speech=piece, order=order, number=clean_text(s.number), heading=clean_text(s.heading),
                body=clean_text(body),
            )
            for order, (s, body) in enumerate(zip(record.sections, bodies, strict=True))
        ])  # fmt: skip
        return {
            "sections": [
                {"order": s.order, "number": s.number, "heading": s.heading, "body": s.body} for s in sections
            ]
        }
