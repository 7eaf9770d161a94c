"""Browser tests of the built course site, in headless Chromium driven by Playwright.

Each page of _toc.yml is opened from a local server (127.0.0.1) with every other host
blocked, and fails on: any request to another host, failed requests, HTTP errors, console
errors, uncaught exceptions, images that did not load, and saved ipywidgets that never
rendered. A full-page screenshot of each page is kept in _build/screenshots/<page>.png.
The JupyterLite shell (lite/lab/index.html) is opened the same way and must show JupyterLab
with the labs in its file browser (screenshot _build/screenshots/lite-lab.png).

Needs Debian's Chromium at /usr/bin/chromium (scripts/install_browser.sh installs it; override
with KIT_CHROMIUM=/path/to/chromium). Playwright's own browser download is never used.
"""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlsplit

TIMEOUT_MS = 15_000
LOCAL_HOSTS = {"127.0.0.1"}
WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'

# For every saved widget view: did the HTML manager render something next to it?
_JS_UNRENDERED_VIEWS = """
(selector) => Array.from(document.querySelectorAll(selector))
  .filter((s) => {
    const box = s.parentElement;
    return !box || !box.querySelector('.jupyter-widgets, .widget-subarea > *, .lm-Widget');
  })
  .map((s) => { try { return JSON.parse(s.textContent).model_id; } catch (e) { return '?'; } })
"""

# Output widgets (interactive_output) whose saved outputs did not show up on the page.
_JS_EMPTY_OUTPUT_WIDGETS = """
() => {
  const stateType = 'application/vnd.jupyter.widget-state+json';
  const stateTag = document.querySelector(`script[type="${stateType}"]`);
  if (!stateTag) return [];
  const state = JSON.parse(stateTag.textContent).state || {};
  const saved = Object.entries(state).filter(([id, m]) =>
      m.model_name === 'OutputModel' && ((m.state || {}).outputs || []).length > 0);
  const shown = Array.from(document.querySelectorAll('.widget-output'))
      .filter((el) => el.querySelector('img, pre, svg, table, .jp-OutputArea-output'));
  return shown.length >= saved.length ? [] : saved.map(([id]) => id);
}
"""

# Wait for every image (forcing lazy ones) and return the ones that did not decode.
_JS_BROKEN_IMAGES = """
async () => {
  const imgs = Array.from(document.images);
  imgs.forEach((i) => { if (i.loading === 'lazy') i.loading = 'eager'; });
  await Promise.all(imgs.map((i) => i.complete ? null : new Promise((done) => {
    i.addEventListener('load', done); i.addEventListener('error', done); setTimeout(done, 10000);
  })));
  return imgs.filter((i) => i.naturalWidth === 0)
             .map((i) => i.currentSrc || i.src || i.outerHTML.slice(0, 120));
}
"""

_JS_SETTLE = """
async () => {
  if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
    await window.MathJax.startup.promise;
  }
  await document.fonts.ready;
  return true;
}
"""


def _is_outside(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return False
    return parts.hostname not in LOCAL_HOSTS


class _Watch:
    """Blocks every request to another host and records what went wrong on a page."""

    def __init__(self, context, page) -> None:
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.http_errors: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.problems: list[str] = []
        context.route("**/*", self._route)
        page.on("console", self._on_console)
        page.on("pageerror", lambda err: self.page_errors.append(str(err)))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _route(self, route) -> None:
        url = route.request.url
        if _is_outside(url):
            self.outside.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def _on_console(self, msg) -> None:
        where = msg.location or {}
        # A blocked outside request also logs "Failed to load resource"; it is reported once,
        # under "requests to other hosts".
        if msg.type == "error" and where.get("url") not in self.outside:
            line = where.get("lineNumber", "")
            self.console_errors.append(f"{msg.text} [{where.get('url', '')}:{line}]")

    def _on_request_failed(self, request) -> None:
        if request.url not in self.outside:
            self.failed.append(f"{request.url} ({request.failure})")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.http_errors.append(f"{response.status} {response.url}")

    def report(self) -> list[str]:
        report = []
        for title, items in [
            ("requests to other hosts (blocked; the site must be self-contained)", self.outside),
            ("failed requests", self.failed),
            ("HTTP errors", self.http_errors),
            ("console errors", self.console_errors),
            ("uncaught exceptions", self.page_errors),
            ("other problems", self.problems),
        ]:
            if items:
                report.append(f"{title}:\n  " + "\n  ".join(dict.fromkeys(items)))
        return report


def test_page_in_browser(browser, site_url, screenshot_dir, toc_page) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = _Watch(context, page)
    problems = watch.problems

    url = urljoin(site_url, toc_page.html)
    try:
        response = page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        try:
            page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        except Exception:  # noqa: BLE001 - a page that keeps polling is reported below
            problems.append(f"network still busy after {TIMEOUT_MS / 1000:.0f} s")

        n_views = page.locator(WIDGET_VIEW).count()
        if n_views:
            try:
                page.wait_for_function(
                    f"() => ({_JS_UNRENDERED_VIEWS})({json.dumps(WIDGET_VIEW)}).length === 0",
                    timeout=TIMEOUT_MS,
                )
            except Exception:  # noqa: BLE001 - reported with the model ids below
                pass
            unrendered = page.evaluate(_JS_UNRENDERED_VIEWS, WIDGET_VIEW)
            if unrendered:
                problems.append(
                    f"{len(unrendered)} of {n_views} saved widget(s) never rendered "
                    f"within {TIMEOUT_MS / 1000:.0f} s (model ids {unrendered})"
                )
            empty_outputs = page.evaluate(_JS_EMPTY_OUTPUT_WIDGETS)
            if empty_outputs:
                problems.append(f"output widget(s) without their saved output: {empty_outputs}")

        page.evaluate(_JS_SETTLE)
        broken = page.evaluate(_JS_BROKEN_IMAGES)
        if broken:
            problems.append(f"images that did not load: {broken}")
    finally:
        shot = screenshot_dir / f"{toc_page.docname}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(shot), full_page=True, timeout=TIMEOUT_MS)
        finally:
            context.close()

    report = watch.report()
    assert not report, f"{toc_page.html} (screenshot {shot}):\n" + "\n".join(report)


# The JupyterLite app (lite/lab/index.html, built by jupyterlite-sphinx). Only its shell can be
# tested here: starting the Pyodide kernel (opening a lab, ?path=<lab>.ipynb) loads Pyodide
# from its CDN (cdn.jsdelivr.net/pyodide/...), and pandas / matplotlib from Pyodide's full
# distribution, in the reader's browser; that is blocked here like any outside request.
LITE_SHELL = "lite/lab/index.html"
LITE_TIMEOUT_MS = 30_000  # the JupyterLab bundle is large; about 5 s on the kit's machine
LITE_READY = "#jp-main-dock-panel"  # JupyterLab's main area, there once the shell is laid out
LITE_FILE_BROWSER_ITEM = ".jp-DirListing-item"  # one per file of the lite contents


def test_jupyterlite_shell_in_browser(browser, site_dir, site_url, screenshot_dir) -> None:
    """The lite JupyterLab shell loads from this site alone and lists the labs."""
    # Service workers are allowed here: JupyterLite registers its own (it serves the lite
    # files to the kernel); blocking it makes the app throw an uncaught (undefined) rejection.
    # Requests made by the service worker still go through the route and are blocked.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="allow")
    context.set_default_timeout(LITE_TIMEOUT_MS)
    page = context.new_page()
    watch = _Watch(context, page)
    url = urljoin(site_url, LITE_SHELL)
    shot = screenshot_dir / "lite-lab.png"
    labs = []
    try:
        response = page.goto(url, wait_until="load", timeout=LITE_TIMEOUT_MS)
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        try:
            page.wait_for_selector(LITE_READY, state="visible", timeout=LITE_TIMEOUT_MS)
            page.wait_for_selector(LITE_FILE_BROWSER_ITEM, timeout=LITE_TIMEOUT_MS)
            page.wait_for_load_state("networkidle", timeout=LITE_TIMEOUT_MS)
        except Exception as err:  # noqa: BLE001 - reported with the page's errors below
            watch.problems.append(f"the JupyterLab shell did not appear: {err}")
        labs = page.locator(f"{LITE_FILE_BROWSER_ITEM} .jp-DirListing-itemText").all_inner_texts()
    finally:
        try:
            page.screenshot(path=str(shot), full_page=True, timeout=TIMEOUT_MS)
        finally:
            context.close()

    lite_files = sorted(p.name for p in (site_dir / "lite" / "files").glob("*"))
    if not lite_files or sorted(labs) != lite_files:
        watch.problems.append(f"file browser lists {sorted(labs)}, lite/files has {lite_files}")
    report = watch.report()
    assert not report, f"{LITE_SHELL} (screenshot {shot}):\n" + "\n".join(report)
