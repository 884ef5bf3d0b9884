// Every admin page (templates/admin/base_site.html). On a phone the tabular inlines (署名)
// and the change list's rows are stacked one field a line by admin_desk.css; this copies
// each column's heading onto its cells (data-label) so a stacked field still says what it is.
(function () {
  "use strict";
  function label(table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (headings[index] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", headings[index]);
        }
      });
    });
  }
  function labelAll() {
    document.querySelectorAll(".inline-group .tabular table, #result_list").forEach(label);
  }
  document.addEventListener("DOMContentLoaded", labelAll);
  // Rows added with "添加另一个" come from the empty form: label them too.
  document.addEventListener("formset:added", labelAll);
})();

// The navigation sidebar starts closed on screens narrower than 1440 px until the editor
// opens it: open, it leaves a change list with its filters too little room (at 1280 px the
// 发布时间 column was cut off). Django's nav_sidebar.js, which runs after this, reads the choice
// it remembers; the editor's own toggle is remembered from then on.
(function () {
  "use strict";
  var key = "django.admin.navSidebarIsOpen";
  try {
    if (localStorage.getItem(key) === null && window.matchMedia("(max-width: 1439px)").matches) {
      localStorage.setItem(key, "false");
    }
  } catch (error) {
    // Storage refused (private mode): Django's default, open, applies.
  }
})();
