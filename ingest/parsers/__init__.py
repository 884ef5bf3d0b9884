"""One parser per format the newsroom receives; each turns text into an ingest.record.Record."""

from ingest.parsers import frontmatter_html, plain_text, scraped_page, speech

PARSERS = {
    "frontmatter_html": frontmatter_html.parse,
    "plain_text": plain_text.parse,
    "scraped_page": scraped_page.parse,
    "speech": speech.parse,
}
FORMATS = tuple(PARSERS)
