/*
 * Loaded by the course site between require.js and embed-amd.js on pages with saved widgets
 * (see _config.yml, nb_ipywidgets_js). Part of the kit, not of @jupyter-widgets; BSD-3-Clause
 * like the rest of the kit's vendoring glue.
 *
 * 1. AMD paths. embed-amd.js works out where its font files are from the AMD module ids of
 *    its bundled modules ("@jupyter-widgets/html-manager",
 *    "@jupyter-widgets/html-manager/dist/libembed-amd", ...). Without a mapping require.js
 *    resolves those ids against the page's folder (notebooks/@jupyter-widgets/...) and the
 *    widgets' Font Awesome fonts 404. Map both prefixes to this folder, wherever the site is
 *    served from.
 *
 * 2. MathJax 2 API for the widgets. @jupyter-widgets/controls typesets widget descriptions
 *    with MathJax 2's `MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])` whenever
 *    `window.MathJax` exists; the site loads MathJax 3 (pages with math), which has no `Hub`,
 *    so every widget threw "Cannot read properties of undefined (reading 'Queue')". Give
 *    MathJax 3 a `Hub.Queue` that forwards to `MathJax.typesetPromise`.
 */
(function () {
  var script = document.currentScript;
  if (script && typeof require !== "undefined" && require.config) {
    var here = script.src.replace(/[?#].*$/, "").replace(/\/[^/]*$/, "");
    require.config({
      paths: { "@jupyter-widgets/html-manager/dist": here, "@jupyter-widgets": here },
    });
  }

  function installMathJax2Queue() {
    var mj = window.MathJax;
    // Only MathJax 3 (it has `startup`); leave MathJax 2 and a bare config object alone.
    if (!mj || mj.Hub || !mj.startup || !mj.startup.promise) {
      return;
    }
    mj.Hub = {
      Queue: function () {
        var elements = [];
        Array.prototype.forEach.call(arguments, function (job) {
          if (Array.isArray(job) && job[0] === "Typeset" && job[2]) {
            elements.push(job[2]);
          }
        });
        if (!elements.length) {
          return;
        }
        mj.startup.promise
          .then(function () {
            return mj.typesetPromise(elements);
          })
          .catch(function (err) {
            console.warn("MathJax could not typeset a widget label:", err);
          });
      },
    };
  }

  installMathJax2Queue(); // MathJax already loaded
  document.addEventListener("DOMContentLoaded", installMathJax2Queue); // MathJax is deferred
})();
