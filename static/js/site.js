// Small enhancements only; every page works without this file.
(function () {
  "use strict";
  // Wide tables in article bodies scroll inside a focusable box, never the whole page.
  document.querySelectorAll(".prose table").forEach(function (table) {
    if (table.parentElement.classList.contains("table-scroll")) return;
    var wrapper = document.createElement("div");
    wrapper.className = "table-scroll";
    wrapper.tabIndex = 0;
    wrapper.setAttribute("role", "region");
    wrapper.setAttribute("aria-label", document.documentElement.lang === "en" ? "Table" : "表格");
    table.parentNode.insertBefore(wrapper, table);
    wrapper.appendChild(table);
  });

  // A picture that cannot be loaded (a remote address down, a reader offline) gives way to
  // the designed card under it (templates/includes/piece_picture.html), never a broken box.
  function giveWay(img) {
    img.closest(".pic").classList.add("pic--failed");
  }
  // A card's, a piece's or a body's picture that fails goes, and the text takes its room.
  function drop(img) {
    var card = img.closest(".card");
    if (card) card.classList.remove("card--with-image");
    var figure = img.closest(".piece__figure");
    (figure || img).remove();
  }
  function watch(selector, onFail) {
    document.querySelectorAll(selector).forEach(function (img) {
      if (img.complete && img.naturalWidth === 0) onFail(img);
      else img.addEventListener("error", function () { onFail(img); });
    });
  }
  watch(".pic__img", giveWay);
  watch(".card__image, .piece__figure img, .prose img", drop);
})();
