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
  document.querySelectorAll(".pic__img").forEach(function (img) {
    if (img.complete && img.naturalWidth === 0) giveWay(img);
    else img.addEventListener("error", function () { giveWay(img); });
  });
})();
