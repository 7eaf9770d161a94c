// Accessibility repairs for the course site, loaded on every page (_config.yml html_js_files).
// Each fix is for a WCAG 2.1 A/AA failure that axe-core (tests/site/test_accessibility.py)
// found in markup the kit does not write itself (the theme, sphinx-togglebutton, the bibliography,
// the ipywidgets HTML manager). Widgets render after load, so a MutationObserver re-applies them.
(function () {
  "use strict";

  // An element whose aria-label hides its visible text ("label in name", WCAG 2.5.3): let the
  // visible text be the name.
  function nameFromVisibleText(root) {
    root.querySelectorAll(".search-button-field[aria-label], summary[aria-label]").forEach(
      function (el) {
        if (el.textContent.trim()) el.removeAttribute("aria-label");
      });
    // The colour-mode button: its icons' titles (Light / Dark / System Settings) read as text.
    // Font Awesome's script may turn them into <svg><title> first, whichever runs first.
    root.querySelectorAll(".theme-switch-button [title]").forEach(function (icon) {
      icon.removeAttribute("title");
      icon.setAttribute("aria-hidden", "true");
    });
    root.querySelectorAll(".theme-switch-button svg").forEach(function (svg) {
      svg.querySelectorAll("title").forEach(function (t) { t.remove(); });
      svg.removeAttribute("aria-labelledby");
      svg.setAttribute("aria-hidden", "true");
    });
  }

  // docutils writes the bibliography as role="list" whose children are not list items.
  function bibliographyList(root) {
    root.querySelectorAll('.citation-list[role="list"]').forEach(function (el) {
      el.removeAttribute("role");
    });
  }

  // ipywidgets slider handles (noUiSlider) have no accessible name: give each the widget's label.
  function sliderNames(root) {
    root.querySelectorAll(".widget-slider .noUi-handle:not([aria-label])").forEach(function (h) {
      var box = h.closest(".widget-slider");
      var label = box && box.querySelector(".widget-label");
      var text = label ? label.textContent.trim() : "";
      if (text) {
        var upper = h.classList.contains("noUi-handle-upper");
        var range = box.querySelector(".noUi-handle-upper");
        h.setAttribute("aria-label", range ? text + (upper ? " (upper end)" : " (lower end)") : text);
      }
    });
  }

  // Figures inside saved widget outputs are data: PNGs without alt; imlib's plotting layer writes
  // what the figure shows into the PNG's Description text chunk (imlib.plotting.describe).
  function pngDescription(src) {
    var comma = src.indexOf(",");
    if (src.slice(0, 15) !== "data:image/png;" || comma < 0) return "";
    var bin;
    try { bin = atob(src.slice(comma + 1)); } catch (e) { return ""; }
    var at = 8;
    while (at + 8 <= bin.length) {
      var len = ((bin.charCodeAt(at) << 24) >>> 0) + (bin.charCodeAt(at + 1) << 16) +
                (bin.charCodeAt(at + 2) << 8) + bin.charCodeAt(at + 3);
      var type = bin.slice(at + 4, at + 8);
      var data = bin.slice(at + 8, at + 8 + len);
      if (type === "tEXt" || type === "iTXt") {
        var nul = data.indexOf("\0");
        if (data.slice(0, nul) === "Description") {
          var text = data.slice(nul + 1);
          if (type === "iTXt") {  // flag, method, language\0, translated keyword\0, text
            var rest = text.slice(2);
            rest = rest.slice(rest.indexOf("\0") + 1);
            text = rest.slice(rest.indexOf("\0") + 1);
          }
          try { return decodeURIComponent(escape(text)); } catch (e) { return text; }
        }
      }
      if (type === "IDAT" || type === "IEND") break;  // text chunks come first (matplotlib)
      at += 12 + len;
    }
    return "";
  }

  function figureAlt(root) {
    root.querySelectorAll("img:not([alt])").forEach(function (img) {
      var text = pngDescription(img.getAttribute("src") || "");
      img.setAttribute("alt", text || "Figure drawn by the explorer above");
    });
  }

  function repair(root) {
    nameFromVisibleText(root);
    bibliographyList(root);
    sliderNames(root);
    figureAlt(root);
  }

  function start() {
    repair(document);
    new MutationObserver(function () { repair(document); })
      .observe(document.body, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
