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
})();
