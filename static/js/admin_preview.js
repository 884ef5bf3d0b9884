// The side-by-side preview (templates/admin/editorial/preview_compare.html): switch between
// both widths, phone only and desktop only, and scale the 1280 px frame to the room it has.
(function () {
  "use strict";
  var root = document.querySelector(".gj-compare");
  if (!root) {
    return;
  }
  var desktop = root.querySelector(".gj-frame-desktop");
  function fit() {
    var box = desktop.querySelector(".gj-frame-box");
    var frame = box.querySelector("iframe");
    var scale = Math.min(1, box.clientWidth / 1280);
    frame.style.transform = "scale(" + scale + ")";
    box.style.height = Math.round(1480 * scale) + "px";
  }
  function show(mode) {
    root.setAttribute("data-mode", mode);
    root.querySelectorAll(".gj-compare-switch button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-mode") === mode));
    });
    fit();
  }
  root.querySelectorAll(".gj-compare-switch button").forEach(function (button) {
    button.addEventListener("click", function () { show(button.getAttribute("data-mode")); });
  });
  window.addEventListener("resize", fit);
  // A phone has no room for both: start with the phone frame there.
  show(window.innerWidth < 768 ? "phone" : "both");
})();
