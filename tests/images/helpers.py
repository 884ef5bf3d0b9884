"""Real image files for the library's tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from images.models import Image


def image_bytes(fmt="JPEG", size=(1600, 900), color=(180, 40, 40), **save_kwargs):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def upload(name="photo.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data if data is not None else image_bytes(), content_type=content_type)


def make_image(**kwargs):
    kwargs.setdefault("file", upload())
    kwargs.setdefault("title", "高炉前的孟泰")
    kwargs.setdefault("alt", "孟泰在高炉前检查设备")
    return Image.objects.create(**kwargs)
