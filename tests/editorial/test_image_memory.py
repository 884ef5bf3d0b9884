"""One upload's peak memory stays under 256 MB for accepted images at their limits (a 7,300 × 5,470
JPEG peaked at 613 MB). Measured in a fresh process by bench/image_memory.py; no timings here."""

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from bench.image_memory import make_sample, measure
from editorial.images import PIXEL_CAPS, validate_image_upload
from tests.editorial.test_images import image_bytes, upload

LIMIT_KB = 256 * 1024


@pytest.mark.parametrize("case", ["jpeg-40mp", "png-rgba-8mp"])
def test_one_upload_peaks_under_256_mb(case, tmp_path):
    path = make_sample(case, tmp_path)
    report = measure(path, path.name.split("-")[-1])
    assert "error" not in report, report
    assert report["peak_kb"] < LIMIT_KB, f"{case}: {report['peak_kb'] // 1024} MB"
    assert set(report["stored"]) == {"original", "card", "detail"}


@pytest.mark.parametrize(
    ("name", "fmt", "size"),
    [
        ("wide.png", "PNG", (3000, 3000)),
        ("wide.gif", "GIF", (3000, 3000)),
        ("wide.webp", "WEBP", (2500, 2500)),
    ],
)
def test_formats_decoded_in_full_have_lower_pixel_caps(name, fmt, size):
    assert size[0] * size[1] > PIXEL_CAPS[fmt]
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(
            upload(name, image_bytes(fmt, size=size, mode="L" if fmt != "GIF" else "P", color=0))
        )
    assert excinfo.value.code == "too_many_pixels"
    assert f"{fmt} 图片上限" in excinfo.value.messages[0]


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_and_stored_at_most_3000_pixels_wide(tmp_path):
    from editorial.images import process_upload

    path = make_sample("jpeg-40mp", tmp_path)
    with open(path, "rb") as handle:
        files = process_upload(upload("photo.jpg", handle.read()))
    assert Image.open(files["original"]).size == (3000, 2248)


def test_a_large_progressive_jpeg_is_refused_with_its_own_cap(tmp_path):
    path = make_sample("jpeg-40mp-progressive-refused", tmp_path)
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload("photo.jpg", path.read_bytes()))
    assert "渐进式 JPEG" in excinfo.value.messages[0]
