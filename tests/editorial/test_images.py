"""Uploaded images: bad files refused with a message, good ones re-encoded clean."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from editorial.images import MAX_PIXELS, MAX_UPLOAD_BYTES, process_upload, validate_image_upload

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def image_bytes(fmt="JPEG", size=(60, 40), mode="RGB", color=(200, 30, 30), **save_kwargs):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_with_exif(orientation=6):
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "SecretCamera"
    exif.get_ifd(GPS_IFD)[2] = (39.0, 54.0, 27.0)  # GPSLatitude
    exif.get_ifd(GPS_IFD)[1] = "N"
    return image_bytes(size=(60, 40), exif=exif)


def opened(content_file):
    content_file.seek(0)
    image = Image.open(io.BytesIO(content_file.read()))
    image.load()
    return image


# ---- refused ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", b"<html><script>alert(1)</script></html>", "不是有效的图片"),
        ("photo.jpg", b"", "不是有效的图片"),
        ("photo.jpg", image_bytes("PNG"), "与扩展名"),
        ("photo.png", image_bytes("JPEG"), "与扩展名"),
        ("photo.gif", image_bytes("PNG"), "与扩展名"),
        ("photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "不支持的图片类型"),
        ("photo.html", image_bytes("JPEG"), "不支持的图片类型"),
        ("photo", image_bytes("JPEG"), "不支持的图片类型"),
        ("truncated.jpg", image_bytes("JPEG", size=(400, 400))[:200], "不是有效的图片"),
    ],
)
def test_bad_uploads_are_refused_with_a_chinese_message(name, data, message):
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(name, data))
    assert message in " ".join(excinfo.value.messages)


def test_files_over_ten_megabytes_are_refused_before_decoding():
    data = image_bytes("JPEG") + b"\0" * MAX_UPLOAD_BYTES
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload("big.jpg", data))
    assert excinfo.value.code == "too_large"
    assert "10 MB" in excinfo.value.messages[0]


def test_images_over_the_pixel_cap_are_refused():
    # 8000 × 6000 = 48 MP of one colour: a few kilobytes as PNG.
    data = image_bytes("PNG", size=(8000, 6000), mode="L", color=0)
    assert len(data) < 1_000_000
    assert 8000 * 6000 > MAX_PIXELS
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload("huge.png", data, "image/png"))
    assert excinfo.value.code == "too_many_pixels"
    assert "8000×6000" in excinfo.value.messages[0]


def test_decompression_bombs_past_pillows_own_limit_are_refused_too():
    data = image_bytes("PNG", size=(10000, 9000), mode="1", color=0)
    with pytest.raises(ValidationError):
        validate_image_upload(upload("bomb.png", data, "image/png"))


# ---- accepted and cleaned ---------------------------------------------------


def test_appended_html_is_dropped_by_re_encoding():
    data = image_bytes("JPEG") + b"<html><script>alert(1)</script></html>"
    files = process_upload(upload("polyglot.jpg", data))
    for content in files.values():
        content.seek(0)
        raw = content.read()
        assert b"<script>" not in raw
        assert b"alert(1)" not in raw


def test_exif_orientation_is_applied_and_exif_and_gps_removed():
    files = process_upload(upload("rotated.jpg", jpeg_with_exif(orientation=6)))
    original = opened(files["original"])
    assert original.size == (40, 60)  # orientation 6: rotated a quarter turn
    exif = original.getexif()
    assert ORIENTATION not in exif
    assert MAKE not in exif
    assert not exif.get_ifd(GPS_IFD)
    files["original"].seek(0)
    raw = files["original"].read()
    assert b"SecretCamera" not in raw
    assert b"Exif" not in raw


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rgba.png", image_bytes("PNG", mode="RGBA", color=(10, 20, 30, 128))),
        ("palette.png", image_bytes("PNG", mode="P", color=3)),
        ("palette.gif", image_bytes("GIF", mode="P", color=3)),
        ("cmyk.jpg", image_bytes("JPEG", mode="CMYK", color=(0, 50, 100, 0))),
        ("grey16.png", image_bytes("PNG", mode="I;16", color=40000)),
        ("grey.jpg", image_bytes("JPEG", mode="L", color=128)),
        ("photo.webp", image_bytes("WEBP")),
        ("upper.JPG", image_bytes("JPEG")),
        ("photo.jpeg", image_bytes("JPEG")),
    ],
)
def test_unusual_modes_and_formats_are_accepted_and_re_encoded(name, data):
    files = process_upload(upload(name, data))
    for content in files.values():
        image = opened(content)
        assert image.format in {"JPEG", "PNG"}
        assert image.mode in {"RGB", "RGBA", "L", "LA"}


def test_animated_gif_is_accepted_as_its_first_frame():
    frames = [Image.new("P", (30, 20), color) for color in (1, 2, 3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    files = process_upload(upload("anim.gif", buffer.getvalue(), "image/gif"))
    original = opened(files["original"])
    assert original.size == (30, 20)
    assert getattr(original, "n_frames", 1) == 1


def test_renditions_are_scaled_and_get_generated_names():
    files = process_upload(upload("我的照片 <script>.jpg", image_bytes(size=(2400, 1600))))
    assert opened(files["card"]).size == (480, 320)
    assert opened(files["detail"]).size == (1200, 800)
    assert opened(files["original"]).size == (2400, 1600)
    names = [content.name for content in files.values()]
    assert all("照片" not in name and "script" not in name for name in names)
    assert len({name.split("-")[0].split(".")[0] for name in names}) == 1
    assert names[1].endswith("-card.jpg") and names[2].endswith("-detail.jpg")


# Through the models and the admin: tests/images/ (the image library).
