"""Uploaded images: validate, re-encode, make renditions. All through Pillow.

Accepted uploads are decoded and written anew, which drops anything appended to
the file (HTML, scripts) and every metadata block: EXIF (GPS, camera), XMP, IPTC,
JPEG comments, PNG text chunks and ICC profiles (colours are converted to sRGB
first). The EXIF orientation is applied so the picture still stands the right way up.

Memory: one upload stays under 256 MB of peak process memory whatever is accepted
(bench/image_memory.py measures it; figures in README). A JPEG is decoded at a
reduced DCT scale (``draft``) so that at most DECODE_BUDGET_PIXELS are ever in memory;
formats decoded in full (PNG, GIF, WebP) have lower pixel caps (PIXEL_CAPS).
The stored "original" is at most MAX_ORIGINAL_SIDE pixels on its long side.
"""

import io
import math
import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, JpegImagePlugin, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow refuses (DecompressionBombError) past twice this; we refuse earlier, ourselves.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# A JPEG is decoded at 1/2, 1/4 or 1/8 scale, so it may have MAX_PIXELS. PNG, GIF and WebP
# are decoded in full, 4 bytes a pixel, and resizing RGBA holds two more copies (Pillow
# premultiplies alpha); WebP's decoder keeps its own canvas and a copy besides. Caps set so
# one upload peaks under 256 MB in a worker (bench/image_memory.py; figures in README).
PIXEL_CAPS = {"JPEG": MAX_PIXELS, "PNG": 8_000_000, "GIF": 8_000_000, "WEBP": 5_000_000}
DECODE_BUDGET_PIXELS = 12_000_000
# A progressive JPEG is the exception: libjpeg holds every DCT coefficient of the file
# (2 bytes each) whatever the output scale, so its cap depends on its colour sampling.
PROGRESSIVE_COEFFICIENT_BYTES = 60 * 1024 * 1024
# Coefficients per pixel by JpegImagePlugin.get_sampling(): 4:4:4, 4:2:2, 4:2:0.
SAMPLES_PER_PIXEL = {0: 3, 1: 2, 2: 1.5}
MAX_ORIGINAL_SIDE = 3000
PREMULTIPLIED = {"RGBA": "RGBa", "LA": "La"}

FORMATS_BY_EXTENSION = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".gif": "GIF",
    ".webp": "WEBP",
}
RENDITION_WIDTHS = {"card": 480, "detail": 1200}
ORIENTATION_TAG = 0x0112
# EXIF orientation → the transposition that stands the picture upright (as ImageOps.exif_transpose).
ORIENTATION_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


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
            limit = _pixel_cap(image)
            if width * height > limit:
                raise ValidationError(
                    _("图片尺寸过大（%(w)s×%(h)s 像素），%(format)s 图片上限为 %(mp)s 百万像素。"),
                    code="too_many_pixels",
                    params={
                        "w": width,
                        "h": height,
                        "format": _("渐进式 JPEG") if image.info.get("progressive") else actual,
                        "mp": limit // 1_000_000,
                    },
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


def _pixel_cap(image):
    cap = PIXEL_CAPS.get(image.format, MAX_PIXELS)
    if image.format == "JPEG" and image.info.get("progressive"):
        if image.layers == 1:
            samples = 1
        elif image.layers == 3:
            samples = SAMPLES_PER_PIXEL.get(JpegImagePlugin.get_sampling(image), 3)
        else:
            samples = image.layers
        cap = min(cap, int(PROGRESSIVE_COEFFICIENT_BYTES / (2 * samples)))
    return cap


def _draft(image):
    """Decode a large JPEG at the largest DCT scale (1, 1/2, 1/4, 1/8) within the budget."""
    if image.format != "JPEG":
        return
    width, height = image.size
    scale = 1
    while width * height / (scale * scale) > DECODE_BUDGET_PIXELS and scale < 8:
        scale *= 2
    if scale > 1:
        image.draft(None, (math.ceil(width / scale), math.ceil(height / scale)))


def _to_srgb(image):
    """Convert colours from an embedded ICC profile to sRGB (the profile itself is dropped later)."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in {"RGB", "RGBA", "CMYK"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        output = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=output)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken or hostile profile: keep the pixels as they are


def _normalised(source):
    """First frame, upright, sRGB, at most MAX_ORIGINAL_SIDE, in a mode JPEG or PNG can hold, no metadata."""
    source.seek(0)
    _draft(source)
    source.load()
    try:
        orientation = source.getexif().get(ORIENTATION_TAG, 1)
    except (OSError, SyntaxError, ValueError):  # unreadable EXIF: it is dropped anyway
        orientation = 1
    image = _to_srgb(source)
    if image.mode in {"I;16", "I;16B", "I;16L", "I"}:
        image = image.point(lambda value: value / 256).convert("L")
    elif image.mode == "CMYK":
        image = image.convert("RGB")
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode not in {"RGB", "RGBA", "L", "LA"}:
        image = image.convert("RGB")
    _release(source, image)
    if max(image.size) > MAX_ORIGINAL_SIDE:
        scale = MAX_ORIGINAL_SIDE / max(image.size)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        if image.mode in PREMULTIPLIED:
            # Pillow resizes alpha premultiplied, through a copy it keeps beside the source
            # while it resizes; premultiplying here lets the source go first (32 MB less
            # at the PNG cap).
            premultiplied = image.convert(PREMULTIPLIED[image.mode])
            _release(source, premultiplied)
            image.close()
            image = premultiplied.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
            premultiplied.close()
            image = image.convert({"RGBa": "RGBA", "La": "LA"}[image.mode])
        else:
            image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
            _release(source, image)
    transpose = ORIENTATION_TRANSPOSE.get(orientation)
    if transpose is not None:
        image = image.transpose(transpose)
        _release(source, image)
    # Nothing of the file but its pixels goes on: EXIF, XMP, IPTC, comments, text chunks,
    # ICC. Pillow writes some of these from ``info`` when saving (a JPEG comment did).
    image.info.clear()
    return image


def _release(source, image):
    """Free the decoded source as soon as a converted copy replaces it (memory, not tidiness)."""
    if image is not source:
        source.close()


def _encode(image, width=None):
    if width and image.width > width:
        height = round(image.height * width / image.width)
        image = image.resize((width, max(height, 1)), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if image.mode in {"RGBA", "LA"}:
        image.save(buffer, "PNG", optimize=True)
        extension = "png"
    else:
        # No exif, icc_profile, comment or xmp arguments: the file carries pixels only.
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
    stem = uuid.uuid4().hex
    files = {}
    for label, width in {"original": None, **RENDITION_WIDTHS}.items():
        data, extension = _encode(image, width)
        suffix = "" if label == "original" else f"-{label}"
        files[label] = ContentFile(data, name=f"{stem}{suffix}.{extension}")
    return files
