// A library image field (ImageChooserWidget): choose or upload through the image chooser,
// keep the chosen image's id in the hidden input, show its thumbnail.
import { openImageChooser } from "./image_chooser.js";

function setUp(field) {
  if (field.dataset.ready) return;
  field.dataset.ready = "1";
  const config = JSON.parse(field.dataset.imageChooser);
  const input = field.querySelector("input[type=hidden]");
  const preview = field.querySelector("[data-image-preview]");
  const title = field.querySelector("[data-image-title]");
  const clear = field.querySelector("[data-image-clear]");

  field.querySelector("[data-image-choose]").addEventListener("click", async () => {
    const image = await openImageChooser(config);
    if (!image) return;
    input.value = String(image.id);
    preview.src = image.thumb;
    preview.alt = image.alt;
    preview.hidden = false;
    title.textContent = image.title;
    clear.hidden = false;
  });
  clear.addEventListener("click", () => {
    input.value = "";
    preview.hidden = true;
    preview.removeAttribute("src");
    title.textContent = title.dataset.empty;
    clear.hidden = true;
  });
}

for (const field of document.querySelectorAll("[data-image-chooser]")) setUp(field);
