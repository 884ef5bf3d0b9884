"""Remote pictures brought into the image library, once each, through the upload pipeline.

Imported pieces name their pictures at other sites' addresses; a reader's browser asking
those sites for them leaks the reader to a third party (and fails offline, or as mixed
content over plain http). ``fetch_image(url, …)`` downloads one picture with limits —
http(s) only, public addresses only unless ``IMAGE_FETCH_ALLOW_PRIVATE``, an image type
announced by the server, at most the upload size, within ``IMAGE_FETCH_TIMEOUT`` seconds
in all — and saves it as a library ``Image`` exactly as an upload is saved (validated and
re-encoded by Pillow, metadata dropped, renditions made). The same address is fetched
only once: the image remembers it (``source_url``).
"""

import ipaddress
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from editorial.images import MAX_UPLOAD_BYTES

# Content types a server may announce; anything else (text/html, application/octet-stream…)
# is not downloaded further. What the bytes really are is then Pillow's call.
ACCEPTED_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}
MAX_REDIRECTS = 3
CHUNK = 64 * 1024


class FetchError(Exception):
    """A remote picture that was not brought in; the message (Chinese) says why, in one line."""


def fetch_image(url, *, title, alt, uploaded_by=None):
    """The library image for ``url``: the one fetched before, else a new one. Raises FetchError."""
    from images.models import Image

    existing = Image.objects.filter(source_url=url).order_by("pk").first()
    if existing is not None:
        return existing
    data, content_type = download(url)
    image = Image(
        file=ContentFile(data, name=f"remote{ACCEPTED_TYPES[content_type]}"),
        title=(title or url)[:200],
        alt=(alt or title or "")[:200],
        source=(urlsplit(url).hostname or "")[:100],
        source_url=url,
        uploaded_by=uploaded_by,
    )
    try:
        image.save()  # validation and re-encoding, as for an upload (editorial.images)
    except ValidationError as exc:
        raise FetchError("；".join(exc.messages)) from None
    return image


def download(url):
    """(bytes, announced content type) of ``url``, within the limits above. Raises FetchError."""
    _check_address(url)
    timeout = settings.IMAGE_FETCH_TIMEOUT
    deadline = time.monotonic() + timeout
    opener = urllib.request.build_opener(_CheckedRedirects)
    headers = {"User-Agent": "Gongjiang-image-fetch", "Accept": "image/*"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http(s) only, checked above
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if content_type not in ACCEPTED_TYPES:
                raise FetchError(f"不是图片（服务器答复的类型是 {content_type}）")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > MAX_UPLOAD_BYTES:
                raise FetchError(_too_large(int(length)))
            chunks, size = [], 0
            while chunk := response.read1(CHUNK):  # read1: a slow server cannot hold one read
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise FetchError(_too_large(size))
                if time.monotonic() > deadline:
                    raise FetchError(f"下载超时（{timeout} 秒）")
                chunks.append(chunk)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"服务器答复 {exc.code}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"无法下载：{exc.reason}") from None
    except TimeoutError:
        raise FetchError(f"下载超时（{timeout} 秒）") from None
    except (OSError, ValueError) as exc:  # connection reset, malformed response or address
        raise FetchError(f"无法下载：{exc}") from None
    return b"".join(chunks), content_type


def _too_large(size):
    return f"图片过大（{size / 1048576:.1f} MB，上限 {MAX_UPLOAD_BYTES // 1048576} MB）"


def _check_address(url):
    """http(s) only; and no loopback, private or link-local address (the server's own
    network, a cloud's metadata service) unless IMAGE_FETCH_ALLOW_PRIVATE is set."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("不是 http(s) 图片地址")
    if settings.IMAGE_FETCH_ALLOW_PRIVATE:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)}
    except (OSError, ValueError) as exc:
        raise FetchError(f"无法解析主机名 {parts.hostname}：{exc}") from None
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise FetchError(f"地址 {parts.hostname} 指向内网或本机，不下载")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS, each target checked like the first address."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
