"""Peak memory of one image upload, per kind of accepted image at its limits.

    .venv/bin/python bench/image_memory.py [--limit 256] [--cases jpeg-40mp png-rgba-12mp ...]

Each case is written to a temporary file (a smooth picture, so it stays under the 10 MB
upload cap as real photographs do), then a fresh child process sets Django up, opens the
file as an upload and runs editorial.images.process_upload on it: validation, decoding,
re-encoding of the original and both renditions. The child reports its peak resident
memory (VmHWM) before and after; the figure that counts is the peak of the whole
process, Python and Django included, as a gunicorn worker would see it. Exits 1 if any
case peaks at or above --limit MB.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name: (file name, format, mode, size, save options)
CASES = {
    "jpeg-40mp": ("photo.jpg", "JPEG", "RGB", (7300, 5470), {"quality": 90}),
    "jpeg-40mp-square": ("photo.jpg", "JPEG", "RGB", (6320, 6320), {"quality": 90}),
    "jpeg-40mp-cmyk": ("photo.jpg", "JPEG", "CMYK", (7300, 5470), {"quality": 90}),
    "jpeg-40mp-rotated": ("photo.jpg", "JPEG", "RGB", (7300, 5470), {"quality": 90, "orientation": 6}),
    "jpeg-12mp": ("photo.jpg", "JPEG", "RGB", (4240, 2830), {"quality": 90}),
    "jpeg-12mp-cmyk": ("photo.jpg", "JPEG", "CMYK", (4240, 2830), {"quality": 90}),
    "jpeg-12mp-progressive": ("photo.jpg", "JPEG", "RGB", (4240, 2830), {"quality": 90, "progressive": True}),
    "jpeg-20mp-progressive": ("photo.jpg", "JPEG", "RGB", (5600, 3740), {"quality": 90, "progressive": True}),
    "jpeg-10mp-progressive-444": (
        "photo.jpg",
        "JPEG",
        "RGB",
        (3960, 2640),
        {"quality": 90, "progressive": True, "subsampling": 0},
    ),
    "jpeg-40mp-progressive-refused": (
        "photo.jpg",
        "JPEG",
        "RGB",
        (7300, 5470),
        {"quality": 90, "progressive": True},
    ),
    "png-rgba-8mp": ("photo.png", "PNG", "RGBA", (3460, 2310), {}),
    "png-rgb-8mp": ("photo.png", "PNG", "RGB", (3460, 2310), {}),
    "png-palette-8mp": ("photo.png", "PNG", "P", (3460, 2310), {}),
    "png-grey16-8mp": ("photo.png", "PNG", "I;16", (3460, 2310), {}),
    "gif-8mp": ("photo.gif", "GIF", "P", (3460, 2310), {}),
    "webp-rgba-5mp": ("photo.webp", "WEBP", "RGBA", (2730, 1830), {"quality": 80}),
    "webp-rgb-5mp": ("photo.webp", "WEBP", "RGB", (2730, 1830), {"quality": 80}),
    "png-rgba-12mp-refused": ("photo.png", "PNG", "RGBA", (4240, 2830), {}),
}


def make_sample(case, directory):
    """Write the case's file (a gradient with some structure) and return its path."""
    from PIL import Image

    name, fmt, mode, size, options = CASES[case]
    options = dict(options)
    gradient = Image.linear_gradient("L").resize(size)
    if mode == "I;16":
        image = gradient.point(lambda value: value * 256, "I").convert("I;16")
    elif mode == "P":
        image = gradient.convert("P")
    else:
        bands = [gradient, gradient.transpose(Image.Transpose.ROTATE_90).resize(size), gradient]
        image = (
            Image.merge("RGB", bands).convert(mode)
            if mode != "RGBA"
            else Image.merge("RGBA", [*bands, gradient])
        )
    orientation = options.pop("orientation", None)
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        options["exif"] = exif
    path = Path(directory) / f"{case}-{name}"
    image.save(path, fmt, **options)
    return path


def peak_rss_kb():
    """The process's peak resident memory since exec (Linux VmHWM; ru_maxrss would include the
    parent's peak at fork time, carried across exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(path, name):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files import File

    from editorial.images import process_upload

    baseline = peak_rss_kb()
    with open(path, "rb") as handle:
        files = process_upload(File(handle, name=name))
    peak = peak_rss_kb()
    print(
        json.dumps(
            {"baseline_kb": baseline, "peak_kb": peak, "stored": {k: len(f) for k, f in files.items()}}
        )
    )


def measure(path, name):
    """process_upload on the file in a fresh process: {"baseline_kb", "peak_kb", "stored"} or {"error"}."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(path), name],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=256, help="fail if a peak reaches this many MB")
    parser.add_argument("--cases", nargs="*", choices=sorted(CASES), default=list(CASES))
    parser.add_argument("--child", nargs=2, metavar=("PATH", "NAME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    failed = False
    print(f"{'case':<20} {'pixels':>11} {'file':>8} {'baseline':>9} {'peak':>7}  result")
    with tempfile.TemporaryDirectory() as directory:
        for case in args.cases:
            path = make_sample(case, directory)
            width, height = CASES[case][3]
            report = measure(path, CASES[case][0])
            size = f"{path.stat().st_size / 1048576:.1f} MB"
            if "error" in report:
                print(f"{case:<20} {width}×{height:<6} {size:>8} {'':>9} {'':>7}  refused: {report['error']}")
                continue
            baseline, peak = report["baseline_kb"] / 1024, report["peak_kb"] / 1024
            verdict = "ok" if peak < args.limit else f"OVER {args.limit} MB"
            failed |= peak >= args.limit
            print(f"{case:<20} {width}×{height:<6} {size:>8} {baseline:>6.0f} MB {peak:>4.0f} MB  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
