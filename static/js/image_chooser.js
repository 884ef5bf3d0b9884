// The image library's chooser (图片库): search the library or upload a new image (file
// picker, drag-and-drop or paste), then pick one. A reusable piece: the body editor, the
// head image and person photo fields (image_field.js) and later galleries all call
// openImageChooser(config), which resolves to the chosen image or null.
//
// config (from the page's data-attributes, never inline script):
//   searchUrl, uploadUrl  the chooser's JSON views (images/views.py)
//   labels                interface strings, translated on the server
//   file                  optional: a pasted or dropped File to upload at once
// image: {id, title, alt, caption, credit, src, width, height, thumb}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") node.textContent = value;
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
  }
  node.append(...children.filter(Boolean));
  return node;
}

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (input) return input.value;
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

export function firstImageFile(dataTransfer) {
  if (!dataTransfer) return null;
  return Array.from(dataTransfer.files || []).find((file) => file.type.startsWith("image/")) || null;
}

const FIELDS = [
  ["title", true],
  ["alt", true],
  ["caption", false],
  ["photographer", false],
  ["source", false],
];

export function openImageChooser(config) {
  const L = config.labels || {};
  return new Promise((resolve) => {
    let chosen = null;
    let page = 1;
    let pendingFile = null;

    const dialog = el("dialog", { class: "image-chooser", "aria-labelledby": "image-chooser-heading" });
    const close = el("button", { type: "button", class: "image-chooser__close", text: L.close });
    const header = el(
      "div",
      { class: "image-chooser__head" },
      el("h2", { id: "image-chooser-heading", text: L.heading }),
      close,
    );

    // Library tab ------------------------------------------------------------
    const search = el("input", { type: "search", class: "image-chooser__search", placeholder: L.search, "aria-label": L.search });
    const grid = el("ul", { class: "image-chooser__grid" });
    const empty = el("p", { class: "image-chooser__empty", hidden: "hidden", text: L.empty });
    const more = el("button", { type: "button", class: "image-chooser__more", hidden: "hidden", text: L.more });
    const libraryPanel = el("section", { class: "image-chooser__panel", "data-panel": "library" }, search, grid, empty, more);

    // Upload tab -------------------------------------------------------------
    const fileInput = el("input", { type: "file", accept: "image/jpeg,image/png,image/gif,image/webp", name: "file", id: "image-chooser-file" });
    const preview = el("img", { class: "image-chooser__preview", alt: "", hidden: "hidden" });
    const drop = el(
      "div",
      { class: "image-chooser__drop", tabindex: "0", "data-drop": "" },
      el("p", { text: L.drop }),
      fileInput,
      preview,
    );
    const form = el("form", { class: "image-chooser__form", novalidate: "novalidate" }, drop);
    const inputs = {};
    for (const [name, required] of FIELDS) {
      const id = `image-chooser-${name}`;
      inputs[name] = el("input", { type: "text", name, id, required: required ? "required" : null, maxlength: name === "caption" ? "500" : "200" });
      form.append(
        el(
          "p",
          { class: "image-chooser__field" },
          el("label", { for: id, text: L[name] + (required ? " *" : "") }),
          inputs[name],
          L[`${name}_help`] ? el("small", { text: L[`${name}_help`] }) : null,
        ),
      );
    }
    const errors = el("ul", { class: "errorlist image-chooser__errors", role: "alert" });
    const submit = el("button", { type: "submit", class: "button default", text: L.upload });
    form.append(errors, submit);
    const uploadPanel = el("section", { class: "image-chooser__panel", "data-panel": "upload", hidden: "hidden" }, form);

    const tabs = el("div", { class: "image-chooser__tabs", role: "tablist" });
    const tabButtons = {};
    for (const [name, label] of [["library", L.library], ["upload", L.newImage]]) {
      tabButtons[name] = el("button", { type: "button", role: "tab", "data-tab": name, text: label });
      tabs.append(tabButtons[name]);
    }

    function show(name) {
      libraryPanel.hidden = name !== "library";
      uploadPanel.hidden = name !== "upload";
      for (const [key, button] of Object.entries(tabButtons)) button.setAttribute("aria-selected", String(key === name));
      (name === "library" ? search : inputs.title).focus();
    }

    async function load(reset) {
      if (reset) {
        page = 1;
        grid.replaceChildren();
      }
      const url = new URL(config.searchUrl, window.location.href);
      url.searchParams.set("q", search.value.trim());
      url.searchParams.set("page", String(page));
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const data = await response.json();
      for (const image of data.results) {
        const pick = el(
          "button",
          { type: "button", class: "image-chooser__item", "data-image-id": String(image.id), title: image.title },
          el("img", { src: image.thumb, alt: image.alt, loading: "lazy" }),
          el("span", { text: image.title }),
        );
        pick.addEventListener("click", () => finish(image));
        grid.append(el("li", {}, pick));
      }
      empty.hidden = grid.children.length > 0;
      more.hidden = !data.has_next;
    }

    function setFile(file) {
      pendingFile = file;
      if (preview.src) URL.revokeObjectURL(preview.src);
      preview.src = URL.createObjectURL(file);
      preview.hidden = false;
      if (!inputs.title.value) inputs.title.value = file.name.replace(/\.[^.]+$/, "").slice(0, 200);
    }

    async function upload(event) {
      event.preventDefault();
      errors.replaceChildren();
      const file = pendingFile || fileInput.files[0];
      const body = new FormData();
      if (file) body.append("file", file, file.name || "pasted.png");
      for (const name of Object.keys(inputs)) body.append(name, inputs[name].value.trim());
      submit.disabled = true;
      try {
        const response = await fetch(config.uploadUrl, {
          method: "POST",
          body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
        });
        const data = await response.json();
        if (response.ok) {
          finish(data);
          return;
        }
        for (const [field, messages] of Object.entries(data.errors || {})) {
          for (const message of messages) {
            const label = L[field] ? `${L[field]}：` : "";
            errors.append(el("li", { text: label + message }));
          }
        }
      } catch (error) {
        errors.append(el("li", { text: L.failed }));
      } finally {
        submit.disabled = false;
      }
    }

    function finish(image) {
      chosen = image;
      dialog.close();
    }

    search.addEventListener("input", () => load(true));
    more.addEventListener("click", () => {
      page += 1;
      load(false);
    });
    close.addEventListener("click", () => dialog.close());
    for (const [name, button] of Object.entries(tabButtons)) button.addEventListener("click", () => show(name));
    fileInput.addEventListener("change", () => fileInput.files[0] && setFile(fileInput.files[0]));
    drop.addEventListener("dragover", (event) => {
      event.preventDefault();
      drop.classList.add("is-over");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("is-over"));
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      drop.classList.remove("is-over");
      const file = firstImageFile(event.dataTransfer);
      if (file) setFile(file);
    });
    dialog.addEventListener("paste", (event) => {
      const file = firstImageFile(event.clipboardData);
      if (file) {
        event.preventDefault();
        show("upload");
        setFile(file);
      }
    });
    form.addEventListener("submit", upload);
    dialog.addEventListener("close", () => {
      if (preview.src) URL.revokeObjectURL(preview.src);
      dialog.remove();
      resolve(chosen);
    });

    dialog.append(header, tabs, libraryPanel, uploadPanel);
    document.body.append(dialog);
    dialog.showModal();
    if (config.file) {
      show("upload");
      setFile(config.file);
    } else {
      show("library");
    }
    load(true);
  });
}
