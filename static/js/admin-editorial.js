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
    var tab = document.querySelector('.ui-tabs-nav li[aria-controls="' + panel.id + '"]');
    if (tab) {
      tab.click();
    }
  }
  event.preventDefault();
  field.scrollIntoView({ block: "center" });
  field.focus();
});

/* Accessibility of modeltranslation's language tabs (jQuery UI). Each tab is an <li role="tab">
 * that jQuery UI makes focusable and keyboard-operable. Inside it sits a link jQuery UI no longer
 * needs once the tabs are built; left as is it would be a second, nested control. So it loses its
 * href (jQuery UI finds each panel through the tab's aria-controls, and is told below that a tab
 * without an href is a local one), and the tab is named by the language's full name. The "all
 * languages" switch gets the label the page provides. Runs again whenever an inline adds tabs. */
function tidyTranslationTabs() {
  document.querySelectorAll(".ui-tabs-nav li[role='tab'] > a[href]").forEach(function (link) {
    link.removeAttribute("href");
    if (link.title) {
      link.parentElement.setAttribute("aria-label", link.title);
    }
  });
  var languageSwitch = document.getElementById("modeltranslation-main-switch");
  var label = document.getElementById("modeltranslation-switch-label");
  if (languageSwitch && label && !languageSwitch.hasAttribute("aria-labelledby")) {
    languageSwitch.setAttribute("aria-labelledby", label.id);
  }
}

/* modeltranslation's "all languages" menu starts at its first language while the tabs open at
 * the admin's language: the menu is set once to the language the tabs show. The tabs may be
 * built before or after the page's load event (jQuery runs ready handlers asynchronously), so
 * this runs at load and on each change to the page until the menu and its tabs exist. */
var languageSwitchMatched = false;
function matchLanguageSwitchToTabs() {
  var languageSwitch = document.getElementById("modeltranslation-main-switch");
  var active = document.querySelector(".ui-tabs-nav li.ui-tabs-active");
  if (languageSwitchMatched || !languageSwitch || !languageSwitch.options.length || !active) {
    return;
  }
  languageSwitch.value = String(Array.prototype.indexOf.call(active.parentElement.children, active));
  languageSwitchMatched = true;
}

window.addEventListener("load", function () {
  var tabs = window.django && django.jQuery && django.jQuery.ui && django.jQuery.ui.tabs;
  if (!tabs) {
    return;
  }
  var isLocal = tabs.prototype._isLocal;
  tabs.prototype._isLocal = function (anchor) {
    return !anchor.getAttribute("href") || isLocal.call(this, anchor);
  };
  tidyTranslationTabs();
  matchLanguageSwitchToTabs();
  new MutationObserver(function () {
    tidyTranslationTabs();
    matchLanguageSwitchToTabs();
  }).observe(document.body, {
    childList: true,
    subtree: true,
  });
});

/* A step's box starts two lines high and grows with its text, so a one-line step is not a tall
 * empty box and a long one needs no inner scrolling. */
function fitStepBox(box) {
  box.style.height = "auto";
  box.style.height = box.scrollHeight + 2 + "px";
}
document.addEventListener("input", function (event) {
  if (event.target.matches(".inline-group textarea")) {
    fitStepBox(event.target);
  }
});
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".inline-group textarea").forEach(fitStepBox);
});
