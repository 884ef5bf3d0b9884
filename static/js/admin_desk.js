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
