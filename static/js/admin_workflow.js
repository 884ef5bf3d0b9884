// Workflow forms in the admin (change page, revisions). Two guards, texts from the templates:
// a move that is hard to undo (退稿, 撤回, 归档, restoring an old version) asks first, and a
// workflow or comment form never silently drops what the editor typed in the change form
// above it (they are separate forms: submitting one reloads the page).
(function () {
  "use strict";
  var dirty = false;
  var changeForm = document.querySelector("#content-main form[id$='_form']");
  if (changeForm) {
    changeForm.addEventListener("input", function () { dirty = true; });
    changeForm.addEventListener("change", function () { dirty = true; });
    changeForm.addEventListener("submit", function () { dirty = false; });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form === changeForm) {
      return;
    }
    var messages = [];
    if (dirty && form.dataset.dirtyWarning) {
      messages.push(form.dataset.dirtyWarning);
    }
    var button = event.submitter;
    var confirmText = (button && button.dataset.confirm) || form.dataset.confirm;
    if (confirmText) {
      messages.push(confirmText);
    }
    if (messages.length && !window.confirm(messages.join("\n\n"))) {
      event.preventDefault();
    }
  });
})();
