/*
 * Loaded by the course site between require.js and embed-amd.js (see _config.yml,
 * nb_ipywidgets_js). embed-amd.js works out where its font files are from the AMD module id
 * ids of its bundled modules ("@jupyter-widgets/html-manager",
 * "@jupyter-widgets/html-manager/dist/libembed-amd", ...); without a mapping require.js resolves
 * those ids against the page's folder (e.g. notebooks/@jupyter-widgets/...) and the Font Awesome
 * fonts of the widgets 404. Map both prefixes to this folder, wherever the site is served from.
 */
(function () {
  var script = document.currentScript;
  if (!script || typeof require === "undefined" || !require.config) {
    return;
  }
  var here = script.src.replace(/[?#].*$/, "").replace(/\/[^/]*$/, "");
  require.config({
    paths: { "@jupyter-widgets/html-manager/dist": here, "@jupyter-widgets": here },
  });
})();
