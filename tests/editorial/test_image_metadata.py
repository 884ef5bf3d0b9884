"""Re-encoding keeps the pixels and nothing else: no EXIF, XMP, IPTC, ICC, comment or text chunk
survives in any stored file (original and both renditions). Hostile files made with Pillow."""

import io
import struct

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from editorial.images import process_upload
from tests.editorial.test_images import upload

MARKER = b"SecretMarker"
SCRIPT = b"<script>alert(1)</script>"
ALLOWED_JPEG_SEGMENTS = {0xE0, 0xDB, 0xC0, 0xC1, 0xC2, 0xC4, 0xDD}  # JFIF, tables, frame
METADATA_KEYS = {"exif", "icc_profile", "comment", "xmp", "photoshop", "XML:com.adobe.xmp"}
ALLOWED_PNG_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


def _save(fmt, mode="RGB", size=(64, 48), **kwargs):
    buffer = io.BytesIO()
    color = {"RGB": (200, 30, 30), "RGBA": (200, 30, 30, 128)}.get(mode, 3)
    Image.new(mode, size, color).save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def _exif():
    exif = Image.Exif()
    exif[0x010F] = "SecretMarker camera"  # Make
    exif[0x9286] = "SecretMarker comment"  # UserComment
    exif.get_ifd(0x8825)[2] = (39.0, 54.0, 27.0)  # GPS latitude
    return exif


def _xmp():
    return b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>SecretMarker</rdf:Description></x:xmpmeta>'


def _srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _with_iptc(jpeg):
    """Insert a Photoshop APP13 segment with an IPTC caption right after SOI."""
    caption = b"SecretMarker caption " + SCRIPT
    iptc = b"\x1c\x02\x78" + struct.pack(">H", len(caption)) + caption
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def _png_with_text():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "SecretMarker tEXt " + SCRIPT.decode())
    info.add_text("Description", "SecretMarker zTXt", zip=True)
    info.add_itxt("XML:com.adobe.xmp", _xmp().decode(), lang="en", tkey="SecretMarker")
    return _save("PNG", pnginfo=info)


HOSTILE = {
    "jpeg-exif": ("photo.jpg", _save("JPEG", exif=_exif())),
    "jpeg-xmp": ("photo.jpg", _save("JPEG", xmp=_xmp())),
    "jpeg-iptc": ("photo.jpg", _with_iptc(_save("JPEG"))),
    "jpeg-icc": ("photo.jpg", _save("JPEG", icc_profile=_srgb_profile())),
    "jpeg-bad-icc": ("photo.jpg", _save("JPEG", icc_profile=b"SecretMarker, not a profile" * 10)),
    "jpeg-comment": ("photo.jpg", _save("JPEG", comment=SCRIPT + b" SecretMarker")),
    "jpeg-cmyk-icc": ("photo.jpg", _save("JPEG", mode="CMYK", icc_profile=_srgb_profile(), comment=MARKER)),
    "png-text": ("photo.png", _png_with_text()),
    "png-exif": ("photo.png", _save("PNG", exif=_exif())),
    "png-icc": ("photo.png", _save("PNG", icc_profile=_srgb_profile())),
    "png-rgba-icc": ("photo.png", _save("PNG", mode="RGBA", icc_profile=_srgb_profile())),
    "webp-all": ("photo.webp", _save("WEBP", exif=_exif(), xmp=_xmp(), icc_profile=_srgb_profile())),
    "gif-comment": ("photo.gif", _save("GIF", mode="P", comment=SCRIPT + b" SecretMarker")),
}


def jpeg_segments(data):
    assert data[:2] == b"\xff\xd8"
    position, markers = 2, []
    while True:
        assert data[position] == 0xFF
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: no metadata after this point in a baseline file
            return markers
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        markers.append(marker)
        position += 2 + length


def png_chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunks.append(data[position + 4 : position + 8])
        position += 12 + length
    return chunks


@pytest.mark.parametrize("case", HOSTILE)
def test_no_metadata_block_survives_in_any_stored_file(case):
    name, data = HOSTILE[case]
    source = Image.open(io.BytesIO(data))
    # The hostile file really carries what we claim it does.
    assert MARKER in data or "icc_profile" in source.info, case
    files = process_upload(upload(name, data))
    assert set(files) == {"original", "card", "detail"}
    for label, content in files.items():
        content.seek(0)
        stored = content.read()
        assert MARKER not in stored, (case, label)
        assert SCRIPT not in stored and b"Photoshop" not in stored and b"ICC_PROFILE" not in stored
        image = Image.open(io.BytesIO(stored))
        assert not (
            {"exif", "icc_profile", "comment", "xmp", "photoshop", "XML:com.adobe.xmp"} & set(image.info)
        )
        if image.format == "JPEG":
            assert set(jpeg_segments(stored)) <= ALLOWED_JPEG_SEGMENTS, (case, label)
        else:
            assert set(png_chunks(stored)) <= ALLOWED_PNG_CHUNKS, (case, label)


def test_colours_survive_the_srgb_conversion():
    name, data = HOSTILE["jpeg-icc"]
    original = Image.open(io.BytesIO(process_upload(upload(name, data))["original"].read()))
    red, green, blue = original.convert("RGB").getpixel((10, 10))
    assert red > 170 and green < 60 and blue < 60
