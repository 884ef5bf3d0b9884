// Clipboard HTML from Word, WPS and web pages, made into what the body editor holds.
//
// The editor's schema already drops what it does not know (styles, fonts, spans, classes,
// Office's <o:p>), so this only repairs what the schema alone would get wrong:
// - Word and WPS do not copy lists as <ul>/<ol> but as paragraphs styled "mso-list" with
//   the bullet or number typed in a span; they become real lists again.
// - <h1> (a document title) and <h5>/<h6> become the levels the body allows (h2–h4).
// - images a browser cannot load from a page (file:, data:, blob:, cid:) are dropped: an
//   image comes in through the image library, not through a local path.

const ORDERED_MARKER = /^\s*(?:\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+|[一二三四五六七八九十]+)\s*[.)、．）]|^\s*[（(][一二三四五六七八九十\d]+[)）]/;
const LOADABLE_SRC = /^(?:https?:)?\/\/|^\/(?!\/)/i;

function isWordListParagraph(node) {
  return node.nodeType === 1 && node.tagName === "P" && /mso-list\s*:\s*l\d/i.test(node.getAttribute("style") || "");
}

function listMarkerText(paragraph) {
  // The typed marker sits in a span styled "mso-list:Ignore" (Word) or as leading text (WPS).
  const ignored = Array.from(paragraph.querySelectorAll("span")).find((span) =>
    /mso-list\s*:\s*ignore/i.test(span.getAttribute("style") || ""),
  );
  if (ignored) {
    const text = ignored.textContent;
    ignored.remove();
    return text;
  }
  return "";
}

function rebuildWordLists(body) {
  const paragraphs = Array.from(body.querySelectorAll("p")).filter(isWordListParagraph);
  let list = null;
  let previous = null;
  for (const paragraph of paragraphs) {
    const marker = listMarkerText(paragraph);
    const ordered = ORDERED_MARKER.test(marker);
    const adjacent = previous && previous.nextElementSibling === paragraph;
    if (!list || !adjacent || (list.tagName === "OL") !== ordered) {
      list = paragraph.ownerDocument.createElement(ordered ? "ol" : "ul");
      paragraph.before(list);
    }
    const item = paragraph.ownerDocument.createElement("li");
    const content = paragraph.ownerDocument.createElement("p");
    content.append(...paragraph.childNodes);
    item.append(content);
    list.append(item);
    previous = paragraph;
    // Keep the paragraph in place (empty) until the run ends, so adjacency still reads.
    paragraph.replaceChildren();
  }
  for (const paragraph of paragraphs) paragraph.remove();
}

function renameHeadings(body) {
  const levels = { H1: "h2", H5: "h4", H6: "h4" };
  for (const heading of Array.from(body.querySelectorAll("h1, h5, h6"))) {
    const replacement = body.ownerDocument.createElement(levels[heading.tagName]);
    replacement.append(...heading.childNodes);
    heading.replaceWith(replacement);
  }
}

function dropUnloadableImages(body) {
  for (const image of Array.from(body.querySelectorAll("img"))) {
    const src = (image.getAttribute("src") || "").trim();
    if (!LOADABLE_SRC.test(src)) image.remove();
  }
}

export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const body = doc.body;
  // Word's conditional comments and <o:p> carry nothing a reader sees.
  for (const node of Array.from(body.querySelectorAll("style, meta, link, xml, title"))) node.remove();
  for (const node of Array.from(body.getElementsByTagName("o:p"))) node.remove();
  rebuildWordLists(body);
  renameHeadings(body);
  dropUnloadableImages(body);
  return body.innerHTML;
}
