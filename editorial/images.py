"""Uploaded images: validate, re-encode, make renditions. All through Pillow.

Accepted uploads are decoded and written anew, which drops anything appended to
the file (HTML, scripts) and all metadata (EXIF, GPS); the EXIF orientation is
applied first so the picture still stands the right way up.
"""

import io
import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow refuses (DecompressionBombError) past twice this; we refuse earlier, ourselves.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

FORMATS_BY_EXTENSION = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".gif": "GIF",
    ".webp": "WEBP",
}
RENDITION_WIDTHS = {"card": 480, "detail": 1200}


def validate_image_upload(upload):
    """Raise ValidationError unless upload is a real image we agree to keep."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("图片不能超过 %(limit)s MB（当前 %(size).1f MB）。"),
            code="too_large",
            params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024), "size": upload.size / 1048576},
        )
    extension = PurePosixPath(upload.name or "").suffix.lower()
    expected = FORMATS_BY_EXTENSION.get(extension)
    if expected is None:
        raise ValidationError(
            _("不支持的图片类型“%(ext)s”，请上传 JPEG、PNG、GIF 或 WebP。"),
            code="bad_extension",
            params={"ext": extension or _("无扩展名")},
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            width, height = image.size
            actual = image.format
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("图片尺寸过大（%(w)s×%(h)s 像素），上限为 %(mp)s 百万像素。"),
                    code="too_many_pixels",
                    params={"w": width, "h": height, "mp": MAX_PIXELS // 1_000_000},
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("上传的文件不是有效的图片，或图片已损坏。"), code="invalid_image") from None
    finally:
        upload.seek(0)
    if actual != expected:
        raise ValidationError(
            _("文件内容（%(actual)s）与扩展名“%(ext)s”不符。"),
            code="mismatch",
            params={"actual": actual, "ext": extension},
        )


def _normalised(image):
    """First frame, upright, in a mode JPEG or PNG can hold."""
    image.seek(0)
    image = ImageOps.exif_transpose(image)
    if image.mode in {"I;16", "I;16B", "I;16L", "I"}:
        image = image.point(lambda value: value / 256).convert("L")
    elif image.mode == "CMYK":
        image = image.convert("RGB")
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode not in {"RGB", "RGBA", "L", "LA"}:
        image = image.convert("RGB")
    return image


def _encode(image, width=None):
    if width and image.width > width:
        height = round(image.height * width / image.width)
        image = image.resize((width, max(height, 1)), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if image.mode in {"RGBA", "LA"}:
        image.save(buffer, "PNG", optimize=True)
        extension = "png"
    else:
        image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
        extension = "jpg"
    return buffer.getvalue(), extension


def process_upload(upload):
    """Re-encode a validated upload. Returns {"original"|"card"|"detail": ContentFile}.

    Every file gets a generated name; the uploader's file name is never used.
    """
    validate_image_upload(upload)
    upload.seek(0)
    with Image.open(upload) as source:
        image = _normalised(source)
        image.load()
    stem = uuid.uuid4().hex
    files = {}
    for label, width in {"original": None, **RENDITION_WIDTHS}.items():
        data, extension = _encode(image, width)
        suffix = "" if label == "original" else f"-{label}"
        files[label] = ContentFile(data, name=f"{stem}{suffix}.{extension}")
    return files
