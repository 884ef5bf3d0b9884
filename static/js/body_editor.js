// The body editor: django-prose-editor (Tiptap/ProseMirror) with exactly the constructs
// editorial/sanitize.py keeps — paragraphs, h2–h4, bold/italic/underline, blockquote,
// lists, links, tables, figures with an image and a caption — so what the editor shows
// is what is saved. Images come from the image library through its chooser (button,
// paste or drop of an image file). The HTML source stays reachable through the toolbar's
// "edit HTML" button; whatever is typed there is parsed through the same schema.
//
// Configured by the textarea's data-body-editor attribute (BodyEditorWidget); no inline
// script, so a strict Content-Security-Policy holds.

import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Extension,
  Gapcursor,
  HTML,
  HardBreak,
  Heading,
  History,
  Image,
  Italic,
  Link,
  ListItem,
  Menu,
  Node,
  OrderedList,
  Paragraph,
  Plugin,
  Table,
  TableCell,
  TableHeader,
  TableRow,
  Text,
  Underline,
  initializeEditors,
} from "../django_prose_editor/editor.js";
import { firstImageFile, openImageChooser } from "./image_chooser.js";
import { cleanPastedHTML } from "./paste_cleanup.js";

const ATTRIBUTE = "data-body-editor";

// <figure><img …><figcaption>…</figcaption></figure> without the classes the library's own
// Figure adds (the sanitiser keeps no class attribute).
const BodyFigure = Node.create({
  name: "bodyFigure",
  group: "block",
  content: "image bodyCaption?",
  draggable: true,
  isolating: true,
  parseHTML: () => [{ tag: "figure" }],
  renderHTML: () => ["figure", 0],
});

const BodyCaption = Node.create({
  name: "bodyCaption",
  content: "inline*",
  isolating: true,
  parseHTML: () => [{ tag: "figcaption" }],
  renderHTML: () => ["figcaption", 0],
});

// Only the attributes the sanitiser keeps on <img>.
const BodyImage = Image.extend({
  addAttributes: () => ({
    src: { default: null },
    alt: { default: null },
    width: { default: null },
    height: { default: null },
  }),
});

// Lists and links carry no attributes the sanitiser would drop: no list type or start
// number, no target, rel or class on links (pasted ones included).
const BodyOrderedList = OrderedList.extend({ addAttributes: () => ({}) }).configure({ enableListAttributes: false });

const BodyLink = Link.extend({
  addAttributes() {
    const inherited = this.parent?.() || {};
    return {
      href: inherited.href,
      // An empty title from the link dialog is no title (the sanitiser would keep title="").
      title: {
        default: null,
        parseHTML: (element) => element.getAttribute("title") || null,
        renderHTML: (attributes) => (attributes.title ? { title: attributes.title } : {}),
      },
    };
  },
  // autolink makes the link mark "inclusive": text typed after a link would join it.
}).configure({ enableTarget: false, autolink: false, protocols: ["http", "https", "mailto"] });

function figureFor(image) {
  const caption = [image.caption, image.credit].filter(Boolean).join("　");
  return {
    type: "bodyFigure",
    content: [
      { type: "image", attrs: { src: image.src, alt: image.alt, width: image.width, height: image.height } },
      { type: "bodyCaption", content: caption ? [{ type: "text", text: caption }] : [] },
    ],
  };
}

function LibraryImage(chooser) {
  async function choose(editor, file = null) {
    const image = await openImageChooser({ ...chooser, file });
    // A paragraph after the figure, so typing goes on below it rather than into its caption.
    if (image) editor.chain().focus().insertContent([figureFor(image), { type: "paragraph" }]).run();
  }

  return Extension.create({
    name: "libraryImage",
    addMenuItems({ menu, buttons }) {
      menu.defineItem({
        name: "libraryImage",
        groups: "nodes",
        button: buttons.material("add_photo_alternate", chooser.labels.insert),
        command: (editor) => choose(editor),
        enabled: () => true,
      });
    },
    addProseMirrorPlugins() {
      const editor = this.editor;
      const takeFile = (event, dataTransfer) => {
        const file = firstImageFile(dataTransfer);
        // An image file alone (a screenshot, a photo): upload it into the library.
        // Copied text that merely comes with a picture is pasted as text.
        if (!file || (dataTransfer.getData("text/plain") || "").trim()) return false;
        event.preventDefault();
        choose(editor, file);
        return true;
      };
      return [
        new Plugin({
          props: {
            transformPastedHTML: cleanPastedHTML,
            handlePaste: (view, event) => takeFile(event, event.clipboardData),
            handleDrop: (view, event) => takeFile(event, event.dataTransfer),
          },
        }),
      ];
    },
  });
}

// As django-prose-editor's createTextareaEditor, with Tiptap's injected <style> turned off:
// a strict CSP refuses inline styles, so those rules live in static/css/body_editor.css.
function createTextareaEditor(textarea, extensions) {
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = document.createElement("div");
  wrapper.className = disabled ? "prose-editor disabled" : "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  // The editable area is the field a screen reader lands on: name it after the field's label.
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
  const name = (label ? label.textContent : textarea.name).replace(/[:：]\s*$/, "").trim();
  return new Editor({
    element: wrapper,
    editable: !disabled,
    injectCSS: false,
    editorProps: { attributes: { "aria-label": name, "aria-multiline": "true" } },
    extensions,
    content: textarea.value,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      // An editor holding one empty block is an empty body.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
}

// The toolbar's own names are English; give its buttons the names the server translated.
function nameToolbarButtons(wrapper, labels) {
  for (const item of wrapper.querySelectorAll(".prose-menubar [data-name]")) {
    const label = labels[item.dataset.name];
    if (!label) continue;
    if (item.classList.contains("prose-menubar__option")) {
      const text = item.firstElementChild || item;
      text.textContent = label;
    } else {
      item.title = label;
      item.setAttribute("aria-label", label);
    }
  }
}

function createBodyEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null;
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE));
  const editor = createTextareaEditor(textarea, [
    Document,
    Paragraph,
    Text,
    HardBreak,
    Dropcursor,
    Gapcursor,
    History,
    Menu,
    HTML,
    Heading.configure({ levels: config.headingLevels }),
    Bold,
    Italic,
    Underline,
    Blockquote,
    BulletList,
    BodyOrderedList,
    ListItem,
    BodyLink,
    Table,
    TableRow,
    TableHeader,
    TableCell,
    BodyFigure,
    BodyCaption,
    BodyImage,
    LibraryImage(config.chooser),
  ]);
  // The menu bar is built once the editor's view exists, a moment later.
  setTimeout(() => nameToolbarButtons(textarea.closest(".prose-editor"), config.toolbar || {}), 0);
  textarea.bodyEditor = editor; // for scripts that drive it (the browser tests)
  textarea.dispatchEvent(new CustomEvent("body-editor:ready", { detail: { editor }, bubbles: true }));
  return editor;
}

initializeEditors(createBodyEditor, `[${ATTRIBUTE}]`);
