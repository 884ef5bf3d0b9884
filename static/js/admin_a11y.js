'use strict';
// Django's autocomplete boxes (select2) leave their combobox and search field unnamed and
// put the search field's <li> in a list of choices: name both after the field's <label>,
// and tell assistive technology the choices are not a list. Re-applied whenever select2
// redraws (a choice added or removed).
{
  const nameBox = (container) => {
    const select = container.previousElementSibling;
    if (!select || select.tagName !== 'SELECT') {
      return;
    }
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    const text = (label ? label.textContent : select.name).replace(/[:：]\s*$/, '').trim();
    container.querySelectorAll('.select2-selection, .select2-search__field, [role="textbox"]').forEach((element) => {
      if (element.getAttribute('aria-label') !== text) {
        element.setAttribute('aria-label', text);
      }
    });
    container.querySelectorAll('ul.select2-selection__rendered').forEach((list) => {
      if (list.getAttribute('role') !== 'none') {
        list.setAttribute('role', 'none');
        list.querySelectorAll(':scope > li').forEach((item) => item.setAttribute('role', 'none'));
      }
    });
  };
  const nameAll = () => document.querySelectorAll('.select2-container').forEach(nameBox);
  window.addEventListener('load', () => {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, {childList: true, subtree: true});
  });
}
