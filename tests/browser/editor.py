"""Driving the body editor and the image chooser in Chromium, as an editor would."""

import base64
import io
from pathlib import Path

from PIL import Image, ImageDraw

CLIPBOARD = Path(__file__).resolve().parents[1] / "editorial" / "clipboard"
EDITABLE = ".prose-editor .ProseMirror[contenteditable]"

# What a browser hands the page when the editor pastes: an HTML fragment, or an image file.
PASTE_HTML = """([selector, html]) => {
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", "pasted");
  document.querySelector(selector).dispatchEvent(
    new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}"""
PASTE_FILE = """([selector, b64, name, type]) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const data = new DataTransfer();
  data.items.add(new File([bytes], name, { type }));
  document.querySelector(selector).dispatchEvent(
    new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}"""


def photo(path, colour=(190, 60, 40), size=(1600, 1000), fmt="JPEG"):
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).rectangle(
        (200, 200, size[0] - 200, size[1] - 200), outline=(255, 255, 255), width=24
    )
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    path.write_bytes(buffer.getvalue())
    return path


def log_in(page, username, password):
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def body_value(page, field="#id_body"):
    return page.input_value(field)


def upload_in_chooser(page, file_path=None, **fields):
    """Fill the chooser's upload form (already open) and wait for it to close."""
    page.click("[data-tab=upload]")
    if file_path is not None:
        page.set_input_files("#image-chooser-file", str(file_path))
    for name, value in fields.items():
        page.fill(f"#image-chooser-{name}", value)
    page.click(".image-chooser__form button[type=submit]")
    page.wait_for_selector("dialog.image-chooser", state="detached")


def paste_html(page, html):
    page.evaluate(PASTE_HTML, [EDITABLE, html])


def paste_image(page, path, type_="image/png"):
    data = base64.b64encode(Path(path).read_bytes()).decode()
    page.evaluate(PASTE_FILE, [EDITABLE, data, "image.png", type_])
    page.wait_for_selector("dialog.image-chooser[open]")
