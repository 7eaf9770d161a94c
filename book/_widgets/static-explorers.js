// Explorers on the published (static) site: their saved widgets render, but no Python runs
// behind them, so a moved control would change nothing. Two kinds of explorer, decided per
// explorer by what its controls offer (book/_widgets/README.md, "Explorers on the static site"):
//
// - Few states (a drop-down, a check box, a whole-number slider; at most 24 combinations):
//   the build drew every state into the starting figure's metadata ("imlib/static-states",
//   imlib.widgets._live.LiveFigure._every_state). Here the controls stay live and each move
//   shows that state's figure and alt text. A notice says so and links to the live lab.
// - Any other explorer: its controls are shown inactive (disabled), and a notice above it says
//   why and links to a live kernel in one click: the lab in JupyterLite (in the browser), or
//   the page's Binder / Colab launch buttons. The figure shows the explorer's starting state.
//
// Loaded on every page (_config.yml html_js_files); JupyterLab never loads it.
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

  function enable(box) {
    box.querySelectorAll("input, select, textarea, button").forEach(function (el) {
      el.disabled = false;
    });
    box.querySelectorAll(".noUi-target").forEach(function (el) {
      el.removeAttribute("disabled");
    });
    box.querySelectorAll(".noUi-handle").forEach(function (el) {
      el.removeAttribute("aria-disabled");
      el.setAttribute("tabindex", "0");
    });
  }

  var INACTIVE = "Inactive here: this explorer needs a running Python, which this page does " +
    "not have, so its controls are switched off and the figure shows its starting state. ";

  function precomputedText(count) {
    return "Works on this page: each of this explorer's " + count + " settings was drawn " +
      "when the site was built, so moving a control shows its figure (no Python runs here). ";
  }

  function notice(area, text) {
    var old = area.querySelector("." + NOTICE);
    if (old) {
      if (old.getAttribute("data-text") === text) return;
      old.remove();
    }
    var note = document.createElement("p");
    note.className = NOTICE;
    note.setAttribute("role", "note");
    note.setAttribute("data-text", text);
    note.appendChild(document.createTextNode(text));
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

  // The page's saved widget models (the one widget-state script), parsed once.
  var models = null;
  function savedModels() {
    if (models === null) {
      models = {};
      var script = document.querySelector(
        'script[type="application/vnd.jupyter.widget-state+json"]');
      try { models = JSON.parse(script.textContent).state || {}; } catch (e) { models = {}; }
    }
    return models;
  }

  // The states the build drew for the explorer whose view `script` names, or null.
  function savedStates(script) {
    var id;
    try { id = JSON.parse(script.textContent).model_id; } catch (e) { return null; }
    var all = savedModels();
    var todo = [id];
    var seen = {};
    while (todo.length) {
      var next = todo.pop();
      if (seen[next] || !all[next]) continue;
      seen[next] = true;
      var state = all[next].state || {};
      var outputs = state.outputs || [];
      for (var k = 0; k < outputs.length; k++) {
        var found = outputs[k].metadata && outputs[k].metadata["imlib/static-states"];
        if (found && found.states && found.controls) return found;
      }
      (state.children || []).forEach(function (ref) {
        if (typeof ref === "string") todo.push(ref.replace(/^IPY_MODEL_/, ""));
      });
    }
    return null;
  }

  function labelled(area, selector, label) {
    var boxes = area.querySelectorAll(selector);
    for (var k = 0; k < boxes.length; k++) {
      var names = Array.from(boxes[k].querySelectorAll(".widget-label, .widget-label-basic span"))
        .map(function (el) { return el.textContent.trim(); });
      if (names.indexOf(label) >= 0) return boxes[k];
    }
    return null;
  }

  // How to read and follow one control of the page, or null when it is not there (yet).
  function control(area, spec) {
    // Each kind: where its control sits, the element that holds its value, how to read it.
    var kinds = {
      select: [".widget-dropdown", "select", function (el) {
        var option = el.options[el.selectedIndex];
        return option ? option.textContent : "";
      }],
      checkbox: [".widget-checkbox", 'input[type="checkbox"]', function (el) {
        return el.checked ? "true" : "false";
      }],
      slider: [".widget-slider", ".widget-readout", function (el) {
        return el.textContent.trim();
      }],
    };
    var kind = Object.prototype.hasOwnProperty.call(kinds, spec.kind) && kinds[spec.kind];
    var box = kind && labelled(area, kind[0], spec.label);
    var element = box && box.querySelector(kind[1]);
    if (!element) return null;
    return {
      read: function () { return kind[2](element); },
      follow: function (then) {
        if (spec.kind === "slider") {  // the readout's text follows the slider's handle
          new MutationObserver(then).observe(
            element, {childList: true, characterData: true, subtree: true});
        } else {
          element.addEventListener("change", then);
        }
      },
    };
  }

  // Make the explorer in `area` show the saved state of its controls; false if it cannot.
  function wire(area, saved) {
    var controls = saved.controls.map(function (spec) { return control(area, spec); });
    var image = area.querySelector(".widget-output img");
    if (!image || controls.some(function (c) { return c === null; })) return false;
    var key = function () { return controls.map(function (c) { return c.read(); }).join("|"); };
    if (!saved.states[key()]) return false;  // the page does not show what the build drew
    var show = function () {
      var state = saved.states[key()];
      if (!state) return;
      var src = "data:image/png;base64," + state[0];
      if (image.getAttribute("src") !== src) {
        image.setAttribute("src", src);
        image.setAttribute("alt", state[1]);
      }
    };
    controls.forEach(function (c) { c.follow(show); });
    return true;
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
      if (area.getAttribute("data-kit-explorer") === "precomputed") return;
      var saved = savedStates(script);
      if (saved && wire(area, saved)) {
        area.setAttribute("data-kit-explorer", "precomputed");
        enable(area);
        notice(area, precomputedText(Object.keys(saved.states).length));
        return;
      }
      disable(area);  // until (if ever) its saved states can be wired
      notice(area, INACTIVE);
    });
  }

  function start() {
    apply();
    new MutationObserver(apply).observe(document.body, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
