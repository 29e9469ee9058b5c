/* The editors' admin: a link in the error summary opens the language tab its field is in. */
"use strict";
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-error-target]");
  if (!link) {
    return;
  }
  var field = document.getElementById(link.getAttribute("data-error-target"));
  if (!field) {
    return;
  }
  var panel = field.closest(".ui-tabs-panel");
  if (panel) {
    var tab = document.querySelector('.ui-tabs-nav a[href="#' + panel.id + '"]');
    if (tab) {
      tab.click();
    }
  }
  event.preventDefault();
  field.scrollIntoView({ block: "center" });
  field.focus();
});
