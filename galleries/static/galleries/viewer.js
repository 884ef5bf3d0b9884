// The gallery viewer (templates/galleries/gallery_detail.html). The track scrolls and
// snaps by itself, so touch swiping needs no script; this adds the ‹ › buttons, the
// arrow/Home/End keys on the focused track and the "3 / 12" counter that follows it.
// No inline script and no external one: it runs under script-src 'self'.

function setUpViewer(viewer) {
  const track = viewer.querySelector("[data-viewer-track]");
  const slides = Array.from(track.children);
  const controls = viewer.querySelector("[data-viewer-controls]");
  const counter = viewer.querySelector("[data-viewer-counter]");
  const previous = viewer.querySelector("[data-viewer-prev]");
  const next = viewer.querySelector("[data-viewer-next]");
  if (slides.length === 0) return;

  const current = () => Math.round(track.scrollLeft / Math.max(track.clientWidth, 1));

  function show(index) {
    const target = Math.min(Math.max(index, 0), slides.length - 1);
    track.scrollTo({ left: target * track.clientWidth });
  }

  function update() {
    const index = Math.min(current(), slides.length - 1);
    counter.textContent = `${index + 1} / ${slides.length}`;
    previous.disabled = index === 0;
    next.disabled = index === slides.length - 1;
    slides.forEach((slide, position) => slide.toggleAttribute("inert", position !== index));
  }

  let pending = false;
  track.addEventListener("scroll", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      update();
    });
  });
  track.addEventListener("keydown", (event) => {
    const moves = { ArrowRight: 1, ArrowLeft: -1, PageDown: 1, PageUp: -1 };
    if (event.key in moves) {
      show(current() + moves[event.key]);
    } else if (event.key === "Home") {
      show(0);
    } else if (event.key === "End") {
      show(slides.length - 1);
    } else {
      return;
    }
    event.preventDefault();
  });
  previous.addEventListener("click", () => show(current() - 1));
  next.addEventListener("click", () => show(current() + 1));
  window.addEventListener("resize", () => show(current()));
  controls.hidden = false;
  viewer.classList.add("viewer--enhanced");
  update();
}

document.querySelectorAll("[data-viewer]").forEach(setUpViewer);
