"""Pieces' remote pictures brought into the image library (``--fetch-images``, ``fetch_images``).

A piece's head image address becomes a library head image; a body ``<img>`` at another
site becomes the library image's detail rendition, with its size (as the chooser inserts
it). Each picture is fetched once (images.fetching); one that cannot be fetched stays as
it was — readers then get it over https only, or the designed placeholder — and is
reported. The piece is saved through the workflow (new version, revision, audit entry).
"""

import html
import re

from django.db.models import Q
from django.utils.html import escape

from editorial import workflow
from editorial.models import content_models
from images.fetching import FetchError, fetch_image

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# Sanitised bodies quote every attribute with double quotes (bleach's serialiser).
_SRC = re.compile(r'\ssrc="([^"]*)"')
_ALT = re.compile(r'\salt="([^"]*)"')
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
NOTE = "取回远程图片：fetch_images"


def is_remote(url):
    return url.startswith(("http://", "https://", "//"))


def pieces_with_remote_pictures():
    """Every piece (any content type, any status) whose head image or body is at another site."""
    remote = (
        Q(head_image__isnull=True, head_image_url__gt="")
        | Q(body__contains='src="http://')
        | Q(body__contains='src="https://')
        | Q(body__contains='src="//')
    )
    for model in content_models():
        yield from model._base_manager.filter(remote).order_by("pk").iterator(chunk_size=100)


def localise(piece, actor=None, dry_run=False):
    """Fetch the piece's remote pictures into the library and point the piece at them.

    Returns (pictures brought in, [(address, reason)] of those that stay remote). With
    ``dry_run`` only lists the addresses (as brought in) and fetches nothing.
    """
    fetched, failures = [], []

    def bring(url, alt):
        if dry_run:
            fetched.append(url)
            return None
        try:
            image = fetch_image(_absolute(url), title=piece.title, alt=alt or piece.title, uploaded_by=actor)
        except FetchError as exc:
            failures.append((url, str(exc)))
            return None
        fetched.append(url)
        return image

    if piece.head_image_url and not piece.head_image_id and is_remote(piece.head_image_url):
        image = bring(piece.head_image_url, piece.head_image_alt)
        if image is not None:
            piece.head_image, piece.head_image_url, piece.head_image_alt = image, "", ""

    def swap(match):
        tag = match.group(0)
        src = _SRC.search(tag)
        url = html.unescape(src.group(1)) if src else ""
        if not is_remote(url):
            return tag
        alt = _ALT.search(tag)
        image = bring(url, html.unescape(alt.group(1)) if alt else "")
        if image is None:
            return tag
        width, height = image.rendition_size("detail")
        rest = _SIZE.sub("", _SRC.sub("", tag, count=1))[len("<img") : -1].rstrip("/ ")
        return f'<img src="{escape(image.detail.url)}"{rest} width="{width}" height="{height}">'

    body = _IMG.sub(swap, piece.body or "")
    if fetched and not dry_run:
        piece.body = body
        try:
            workflow.save_piece(piece, actor, note=NOTE)
        except workflow.WorkflowError as exc:  # a published piece that no longer passes its checks
            return [], failures + [(url, f"已取回图片库，但稿件未能保存：{exc}") for url in fetched]
    return fetched, failures


def _absolute(url):
    """A protocol-relative address (//host/x.jpg) is fetched over https."""
    return f"https:{url}" if url.startswith("//") else url
