"""Remote pictures of pieces fetched into the image library (images.fetching, ingest.remote_images,
``fetch_images`` and ``import_documents --fetch-images``), from a real HTTP server on 127.0.0.1
serving real image files and hostile answers."""

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image as PILImage

from articles.models import Article
from editorial.models import AuditEntry, Revision
from images.fetching import FetchError, fetch_image
from images.models import Image
from ingest.remote_images import localise
from tests.factories import make_article
from tests.images.helpers import image_bytes

pytestmark = pytest.mark.django_db

PNG = image_bytes("PNG", size=(800, 600))
JPEG = image_bytes("JPEG", size=(1600, 900))


class Handler(BaseHTTPRequestHandler):
    """path → (status, content type, body); /slow sends its headers, then nothing for 5 s."""

    routes = {
        "/photo.jpg": (200, "image/jpeg", JPEG),
        "/photo.png": (200, "image/png", PNG),
        "/page.jpg": (200, "text/html; charset=utf-8", b"<html>not a picture</html>"),
        "/fake.png": (200, "image/png", b"<html>an HTML page served as a PNG</html>"),
        "/huge.jpg": (200, "image/jpeg", None),  # Content-Length over the limit, no body sent
        "/gone.jpg": (404, "text/html", b"not found"),
    }
    hits = []

    def do_GET(self):  # noqa: N802 - http.server's name
        self.hits.append(self.path)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/photo.png")
            self.end_headers()
            return
        if self.path == "/slow.jpg":
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(JPEG)))
            self.end_headers()
            time.sleep(5)
            return
        status, content_type, body = self.routes.get(self.path, (404, "text/plain", b""))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if body is None:
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def remote(settings, tmp_path):
    """Base URL of a server on 127.0.0.1; private addresses allowed for it, 1 s per picture."""
    settings.IMAGE_FETCH_ALLOW_PRIVATE = True
    settings.IMAGE_FETCH_TIMEOUT = 1
    settings.MEDIA_ROOT = tmp_path / "media"
    Handler.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_remote_picture_is_saved_like_an_upload_and_fetched_only_once(remote):
    image = fetch_image(f"{remote}/photo.jpg", title="高炉前", alt="孟泰在高炉前")
    assert (image.width, image.height, image.alt, image.source) == (1600, 900, "孟泰在高炉前", "127.0.0.1")
    assert image.source_url == f"{remote}/photo.jpg"
    with PILImage.open(image.detail) as detail:  # re-encoded through the pipeline, renditions made
        assert detail.size == (1200, 675)
    again = fetch_image(f"{remote}/photo.jpg", title="另一篇", alt="")
    assert again.pk == image.pk
    assert Handler.hits == ["/photo.jpg"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/page.jpg", "不是图片（服务器答复的类型是 text/html）"),
        ("/fake.png", "上传的文件不是有效的图片，或图片已损坏。"),
        ("/huge.jpg", "图片过大（50.0 MB，上限 10 MB）"),
        ("/gone.jpg", "服务器答复 404"),
        ("/slow.jpg", "下载超时（1 秒）"),
    ],
)
def test_hostile_answers_are_refused_with_a_reason_and_leave_nothing(remote, path, reason):
    started = time.monotonic()
    with pytest.raises(FetchError) as refused:
        fetch_image(remote + path, title="t", alt="a")
    assert str(refused.value) == reason
    assert time.monotonic() - started < 4  # the slow server does not hold the import
    assert Image.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://127.0.0.1/x.jpg", "不是 http(s) 图片地址"),
        ("file:///etc/passwd", "不是 http(s) 图片地址"),
        ("http://127.0.0.1:9/x.jpg", "地址 127.0.0.1 指向内网或本机，不下载"),
        ("http://[::1]/x.jpg", "地址 ::1 指向内网或本机，不下载"),
        ("http://169.254.169.254/latest/meta-data", "地址 169.254.169.254 指向内网或本机，不下载"),
        ("http://10.0.0.8/x.jpg", "地址 10.0.0.8 指向内网或本机，不下载"),
    ],
)
def test_other_schemes_and_private_addresses_are_never_fetched(settings, url, reason):
    settings.IMAGE_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchError) as refused:
        fetch_image(url, title="t", alt="a")
    assert str(refused.value) == reason


def test_a_redirect_to_a_private_address_is_refused(remote, settings):
    settings.IMAGE_FETCH_ALLOW_PRIVATE = True
    assert fetch_image(f"{remote}/redirect", title="t", alt="a").width == 800  # followed when allowed
    Image.objects.all().delete()
    from images import fetching

    calls = []
    real = fetching._check_address

    def first_allowed(url):
        calls.append(url)
        if len(calls) > 1:  # the redirect's target is checked too
            settings.IMAGE_FETCH_ALLOW_PRIVATE = False
        return real(url)

    fetching._check_address = first_allowed
    try:
        with pytest.raises(FetchError, match="指向内网或本机"):
            fetch_image(f"{remote}/redirect", title="t", alt="a")
    finally:
        fetching._check_address = real
    assert calls == [f"{remote}/redirect", f"{remote}/photo.png"]


def test_a_piece_points_at_the_library_and_keeps_what_could_not_be_fetched(remote, admin_user):
    body = (
        f'<p>正文。</p><p><img alt="焊花" src="{remote}/photo.png"></p>'
        f'<p><img alt="" src="{remote}/gone.jpg"></p><p><img alt="站内" src="/media/images/x.jpg"></p>'
    )
    head = {"head_image_url": f"{remote}/photo.jpg", "head_image_alt": "题图说明"}
    piece = make_article(title="远程图片", body=body, **head)
    versions = piece.version
    fetched, failures = localise(Article.objects.get(pk=piece.pk), admin_user)
    assert fetched == [f"{remote}/photo.jpg", f"{remote}/photo.png"]
    assert failures == [(f"{remote}/gone.jpg", "服务器答复 404")]
    piece = Article.objects.get(pk=piece.pk)
    assert piece.head_image.source_url == f"{remote}/photo.jpg"
    assert (piece.head_image.alt, piece.head_image_url, piece.head_image_alt) == ("题图说明", "", "")
    body_image = Image.objects.get(source_url=f"{remote}/photo.png")
    assert (body_image.alt, body_image.uploaded_by) == ("焊花", admin_user)
    assert f'src="{body_image.detail.url}"' in piece.body
    assert 'width="800" height="600"' in piece.body
    assert f'src="{remote}/gone.jpg"' in piece.body  # stays remote: https or the placeholder for readers
    assert 'src="/media/images/x.jpg"' in piece.body
    assert f"{remote}/photo.png" not in piece.body
    # Through the workflow: a new version, a revision and an audit entry naming the change.
    assert piece.version == versions + 1
    revision = Revision.for_piece(piece).order_by("-pk").first()
    assert revision.note == "取回远程图片：fetch_images"
    assert {"body", "head_image", "head_image_url"} <= set(revision.changed_fields)
    assert AuditEntry.objects.filter(object_id=piece.pk, actor=admin_user).exists()


def test_fetch_images_command_brings_every_piece_in_once_and_names_failures(remote):
    make_article(title="甲", head_image_url=f"{remote}/photo.jpg")
    body = f'<p>正文。</p><p><img src="{remote}/page.jpg"></p>'
    make_article(title="乙", head_image_url=f"{remote}/photo.jpg", body=body)
    make_article(title="丙", body="<p>没有图片。</p>")
    out, err = io.StringIO(), io.StringIO()
    call_command("fetch_images", stdout=out, stderr=err)
    assert Image.objects.count() == 1  # one address, one library image
    with_library_head = Article.objects.filter(head_image__isnull=False).values_list("title", flat=True)
    assert set(with_library_head) == {"甲", "乙"}
    assert err.getvalue().strip().endswith(f"{remote}/page.jpg: 不是图片（服务器答复的类型是 text/html）")
    assert "2 篇稿件，已取回 2 张图片，1 张未能取回（仍为外站地址）" in out.getvalue()
    assert Handler.hits.count("/photo.jpg") == 1
    # Again: the head images are in; only the picture that failed is tried.
    Handler.hits.clear()
    call_command("fetch_images", stdout=io.StringIO(), stderr=io.StringIO())
    assert Handler.hits == ["/page.jpg"]


def test_fetch_images_dry_run_fetches_nothing(remote):
    make_article(title="甲", head_image_url=f"{remote}/photo.jpg")
    out = io.StringIO()
    call_command("fetch_images", dry_run=True, stdout=out)
    assert f"{remote}/photo.jpg" in out.getvalue()
    assert Handler.hits == [] and Image.objects.count() == 0


def test_import_with_fetch_images_brings_the_documents_pictures_in(remote, tmp_path):
    document = tmp_path / "doc.md"
    document.write_text(
        f"---\ntitle: '焊花里的青春'\ndate: 2024-04-30 09:00:00\nheadimg: '{remote}/photo.jpg'\n---\n"
        f'<p>正文第一段。</p><p><img src="{remote}/photo.png" alt="焊接"></p>'
        f'<p><img src="{remote}/gone.jpg"></p>',
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_documents", str(document), fetch_images=True, stdout=out, stderr=io.StringIO())
    piece = Article.objects.get()
    assert piece.head_image.source_url == f"{remote}/photo.jpg"
    assert f"{remote}/photo.png" not in piece.body
    assert f"图片未取回（仍为外站地址）{remote}/gone.jpg：服务器答复 404" in out.getvalue()
    with pytest.raises(CommandError, match="--fetch-images 不能与 --dry-run 同用"):
        call_command("import_documents", str(document), fetch_images=True, dry_run=True, stdout=io.StringIO())
