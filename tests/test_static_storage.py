"""The production static storage: the manifest's addresses, each worked out once per collectstatic."""

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from config.storage import StaticStorage


def collect(storage, source, text):
    """What collectstatic does with one file: copy it, then post-process (hash, manifest)."""
    (source / "site.css").write_text(text)
    storage.delete("site.css")
    storage.save("site.css", ContentFile(text.encode()))
    files = {"site.css": (FileSystemStorage(location=source), "site.css")}
    list(storage.post_process(files))


def test_addresses_are_the_manifests_and_follow_a_new_collectstatic(tmp_path, settings):
    settings.DEBUG = False
    source, root = tmp_path / "source", tmp_path / "static"
    source.mkdir()
    storage = StaticStorage(location=root, base_url="/static/")
    collect(storage, source, "body { color: black }")
    first = storage.url("site.css")
    assert first == storage.url("site.css")
    assert first.startswith("/static/site.") and first.endswith(".css") and first != "/static/site.css"
    collect(storage, source, "body { color: red }")  # the file changed: a new hashed name
    second = storage.url("site.css")
    assert second != first and second.startswith("/static/site.")
