// Explorers on the published (static) site: their saved widgets render, but no Python runs
// behind them, so a moved slider would change nothing. Rather than controls that silently do
// nothing, every saved widget's controls are shown inactive (disabled), and a notice above the
// explorer says why and links to a live kernel in one click: the lab in JupyterLite (in the
// browser), or the page's Binder / Colab launch buttons. The figure shows the explorer's
// starting state. Loaded on every page (_config.yml html_js_files); JupyterLab never loads it.
// Why no precomputed states: see book/_widgets/README.md, "Explorers on the static site".
(function () {
  "use strict";
  var NOTICE = "kit-explorer-static";

  function liveLinks() {
    var links = [];
    var seen = {};
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      var label = null;
      if (href.indexOf("lite/lab/index.html") >= 0) label = "in your browser (JupyterLite)";
      else if (href.indexOf("/v2/gh/") >= 0) label = "on Binder";
      else if (href.indexOf("colab.research.google.com") >= 0) label = "on Colab";
      if (label && !seen[label]) {
        seen[label] = true;
        links.push({href: href, label: label});
      }
    });
    return links;
  }

  function disable(box) {
    box.querySelectorAll("input, select, textarea, button").forEach(function (el) {
      el.disabled = true;
    });
    box.querySelectorAll(".noUi-target").forEach(function (el) {
      el.setAttribute("disabled", "");
    });
    box.querySelectorAll(".noUi-handle").forEach(function (el) {
      el.setAttribute("aria-disabled", "true");
      el.setAttribute("tabindex", "-1");
    });
  }

  function notice(area) {
    if (area.querySelector("." + NOTICE)) return;
    var note = document.createElement("p");
    note.className = NOTICE;
    note.setAttribute("role", "note");
    note.appendChild(document.createTextNode(
      "Inactive here: this explorer needs a running Python, which this page does not have, " +
      "so its controls are switched off and the figure shows its starting state. "));
    var links = liveLinks();
    if (links.length) {
      note.appendChild(document.createTextNode("Run the lab live: "));
      links.forEach(function (link, k) {
        var a = document.createElement("a");
        a.href = link.href;
        a.textContent = link.label;
        note.appendChild(a);
        if (k < links.length - 1) note.appendChild(document.createTextNode(" · "));
      });
      note.appendChild(document.createTextNode("."));
    } else {
      note.appendChild(document.createTextNode("Open its lab notebook to use it."));
    }
    area.insertBefore(note, area.firstChild);
  }

  function apply() {
    var views = document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]');
    views.forEach(function (script) {
      var area = script.parentElement;
      if (!area) return;
      var rendered = area.querySelector(".jupyter-widgets, .lm-Widget");
      if (!rendered) return;
      // Only explorers (widgets with controls), not plain saved outputs.
      if (!area.querySelector("input, select, textarea, button, .noUi-target")) return;
      disable(area);
      notice(area);
    });
  }

  function start() {
    apply();
    new MutationObserver(apply).observe(document.body, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
