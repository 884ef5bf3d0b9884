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

// The footer's language switch: cached pages carry no CSRF token, so fetch the language
// page (never cached, with a token) and post its form at once: one click, CSRF kept.
// Without this script, or if the fetch fails, the form opens that page instead.
(function () {
  "use strict";
  var form = document.querySelector("form.language-switch");
  if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = new URLSearchParams(new FormData(form)).toString();
    fetch(form.action + "?" + query, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var choice = new DOMParser().parseFromString(html, "text/html").querySelector("form.language-choice");
        if (!choice || !choice.querySelector("[name=csrfmiddlewaretoken]")) throw new Error("no token");
        choice = document.importNode(choice, true);
        choice.hidden = true;
        document.body.appendChild(choice);
        choice.submit();
      })
      .catch(function () {
        form.submit();
      });
  });
})();
