// Drag-and-drop ordering of inline rows (home-page slots, 专题 pieces) in the admin.
// Rows of a fieldset.gj-orderable get a handle to drag and ↑ ↓ buttons for the keyboard;
// the hidden 顺序 inputs are renumbered in the order the rows stand. Without this file
// editors type the 顺序 numbers, which the inputs show then.
(function () {
  "use strict";
  var english = document.documentElement.lang === "en";
  var text = english
    ? { handle: "Drag to reorder", up: "Move up", down: "Move down", moved: "Moved to position " }
    : { handle: "拖动以排序", up: "上移", down: "下移", moved: "已移到第 %s 位" };

  function rows(body) {
    return Array.prototype.filter.call(body.querySelectorAll("tr.form-row"), function (row) {
      return !row.classList.contains("empty-form");
    });
  }

  function chosen(row) {
    var select = row.querySelector("td.field-piece select");
    return !select || select.value !== "" || row.classList.contains("has_original");
  }

  function renumber(body) {
    var position = 0;
    rows(body).forEach(function (row) {
      var input = row.querySelector("input.gj-order-position");
      if (!input) return;
      if (chosen(row)) {
        input.value = String(position);
        position += 1;
      }
    });
  }

  function announce(body, row) {
    var live = body.closest("fieldset").querySelector(".gj-order-status");
    var index = rows(body).indexOf(row) + 1;
    live.textContent = english ? text.moved + index : text.moved.replace("%s", index);
  }

  function move(body, row, step) {
    var list = rows(body);
    var index = list.indexOf(row);
    var target = list[index + step];
    if (!target) return;
    if (step < 0) body.insertBefore(row, target);
    else body.insertBefore(row, target.nextSibling);
    renumber(body);
    announce(body, row);
  }

  function button(label, symbol, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "gj-order-button";
    b.textContent = symbol;
    b.setAttribute("aria-label", label);
    b.title = label;
    b.addEventListener("click", onClick);
    return b;
  }

  var dragged = null;

  // On a phone the rows stand as blocks without the table head: name each cell after it.
  function label(row) {
    var table = row.closest("table");
    Array.prototype.forEach.call(row.children, function (cell) {
      var name = Array.prototype.find.call(cell.classList, function (c) { return c.indexOf("field-") === 0; });
      var head = name
        ? table.querySelector("thead th.column-" + name.slice(6))
        : cell.classList.contains("delete") ? table.querySelector("thead th:last-child") : null;
      if (head) cell.dataset.label = head.textContent.trim();
    });
  }

  function enhance(body, row) {
    if (row.dataset.gjOrderable) return;
    row.dataset.gjOrderable = "1";
    label(row);
    var cell = row.querySelector("td.original") || row.firstElementChild;
    var tools = document.createElement("span");
    tools.className = "gj-order-tools";
    var handle = document.createElement("span");
    handle.className = "gj-order-handle";
    handle.textContent = "⠿";
    handle.title = text.handle;
    handle.setAttribute("aria-hidden", "true");
    tools.appendChild(handle);
    tools.appendChild(button(text.up, "↑", function (event) {
      move(body, row, -1);
      event.currentTarget.focus();
    }));
    tools.appendChild(button(text.down, "↓", function (event) {
      move(body, row, 1);
      event.currentTarget.focus();
    }));
    cell.insertBefore(tools, cell.firstChild);
    row.draggable = true;
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      row.classList.add("gj-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.id || "row");
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("gj-dragging");
      dragged = null;
      renumber(body);
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row || dragged.parentNode !== body) return;
      event.preventDefault();
      var box = row.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      body.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("drop", function (event) {
      event.preventDefault();
      if (dragged) {
        renumber(body);
        announce(body, dragged);
      }
    });
    var select = row.querySelector("td.field-piece select");
    if (select) select.addEventListener("change", function () { renumber(body); });
  }

  function init() {
    document.querySelectorAll("fieldset.gj-orderable").forEach(function (fieldset) {
      var body = fieldset.querySelector("tbody");
      if (!body) return;
      fieldset.classList.add("gj-ordering-js");
      var status = document.createElement("p");
      status.className = "gj-order-status visually-hidden";
      status.setAttribute("role", "status");
      fieldset.appendChild(status);
      rows(body).forEach(function (row) { enhance(body, row); });
      var form = fieldset.closest("form");
      if (form) form.addEventListener("submit", function () { renumber(body); });
    });
  }

  // The admin loads form media in <head>: wait for the rows.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  // Rows added with "Add another" (Django's inlines.js sends formset:added).
  document.addEventListener("formset:added", function (event) {
    var row = event.target;
    var fieldset = row.closest && row.closest("fieldset.gj-orderable");
    if (fieldset) enhance(fieldset.querySelector("tbody"), row);
  });
})();
