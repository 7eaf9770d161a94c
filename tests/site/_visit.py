"""One browser visit per page, shared by the browser tests of tests/site/.

Opening a page in headless Chromium and letting its saved widgets render is what these tests
wait for; the checks themselves (console errors, axe-core, alt text, the static explorers) are
a few milliseconds each. So each page of each built site is opened ONCE per test session:
:func:`visit_page` loads it from a local server with every other host blocked, waits for it to
settle, records everything the tests look at in a :class:`Visit`, and each test asserts on its
own part of that record. conftest.py caches the visits and keeps every test of one page on one
pytest-xdist worker (``--dist loadgroup``), so a page is never opened twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

TIMEOUT_MS = 15_000
LOCAL_HOSTS = {"127.0.0.1"}
WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")

# For every saved widget view: did the HTML manager render something next to it?
JS_UNRENDERED_VIEWS = """
(selector) => Array.from(document.querySelectorAll(selector))
  .filter((s) => {
    const box = s.parentElement;
    return !box || !box.querySelector('.jupyter-widgets, .widget-subarea > *, .lm-Widget');
  })
  .map((s) => { try { return JSON.parse(s.textContent).model_id; } catch (e) { return '?'; } })
"""

# Output widgets (interactive_output) whose saved outputs did not show up on the page.
JS_EMPTY_OUTPUT_WIDGETS = """
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
JS_BROKEN_IMAGES = """
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

JS_SETTLE = """
async () => {
  if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
    await window.MathJax.startup.promise;
  }
  await document.fonts.ready;
  return true;
}
"""

# Every saved explorer (a widget area with controls): how it runs on the static site
# (book/_widgets/static-explorers.js: "precomputed" or inactive), how many controls are still
# enabled, the static notice and its links.
JS_EXPLORERS = """
(selector) => Array.from(document.querySelectorAll(selector)).map((s) => s.parentElement)
  .filter((area) => area && area.querySelector('input, select, textarea, button, .noUi-target'))
  .map((area) => ({
    mode: area.getAttribute('data-kit-explorer') || 'inactive',
    enabled: Array.from(area.querySelectorAll('input, select, textarea, button'))
      .filter((el) => !el.disabled).length
      + Array.from(area.querySelectorAll('.noUi-target'))
      .filter((el) => !el.hasAttribute('disabled')).length,
    notice: (area.querySelector('.kit-explorer-static') || {}).textContent || '',
    links: Array.from(area.querySelectorAll('.kit-explorer-static a')).map((a) => a.href),
  }))
"""

# alt text of every image in a cell's output (the figures the labs draw)
JS_OUTPUT_IMAGES = """
() => Array.from(document.querySelectorAll('.cell_output img, .output img, .widget-output img'))
  .map((i) => ({src: (i.getAttribute('src') || '').slice(0, 80), alt: i.getAttribute('alt')}))
"""

JS_AXE = """
async ([tags, blocking]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.filter((v) => blocking.includes(v.impact)).map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map((n) =>
      n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')),
    count: v.nodes.length,
  }));
}
"""


def is_outside(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return False
    return parts.hostname not in LOCAL_HOSTS


class Watch:
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
        if is_outside(url):
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


@dataclass
class Visit:
    """What one visit of one page recorded (each browser test asserts on its part)."""

    url: str
    where: str  # "site book/intro.html", for messages
    load_error: str = ""
    report: list[str] = field(default_factory=list)
    explorers: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    axe: list[dict] = field(default_factory=list)
    screenshot: Path | None = None

    def opened(self) -> Visit:
        """This visit, or the test fails when the page could not be opened at all."""
        if self.load_error:
            pytest.fail(f"{self.where}: {self.load_error}", pytrace=False)
        return self


def _wait_for_widgets(page, watch: Watch) -> None:
    n_views = page.locator(WIDGET_VIEW).count()
    if not n_views:
        return
    try:
        page.wait_for_function(
            f"() => ({JS_UNRENDERED_VIEWS})({json.dumps(WIDGET_VIEW)}).length === 0",
            timeout=TIMEOUT_MS,
        )
    except Exception:  # noqa: BLE001 - reported with the model ids below
        pass
    unrendered = page.evaluate(JS_UNRENDERED_VIEWS, WIDGET_VIEW)
    if unrendered:
        watch.problems.append(
            f"{len(unrendered)} of {n_views} saved widget(s) never rendered "
            f"within {TIMEOUT_MS / 1000:.0f} s (model ids {unrendered})"
        )
    empty_outputs = page.evaluate(JS_EMPTY_OUTPUT_WIDGETS)
    if empty_outputs:
        watch.problems.append(f"output widget(s) without their saved output: {empty_outputs}")


def _record(page, watch: Watch, visit: Visit) -> None:
    response = page.goto(visit.url, wait_until="load", timeout=TIMEOUT_MS)
    if response is None or not response.ok:
        visit.load_error = f"HTTP {response and response.status} for {visit.url}"
        return
    try:
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    except Exception:  # noqa: BLE001 - a page that keeps polling is reported
        watch.problems.append(f"network still busy after {TIMEOUT_MS / 1000:.0f} s")
    _wait_for_widgets(page, watch)
    page.evaluate(JS_SETTLE)
    broken = page.evaluate(JS_BROKEN_IMAGES)
    if broken:
        watch.problems.append(f"images that did not load: {broken}")
    visit.explorers = page.evaluate(JS_EXPLORERS, WIDGET_VIEW)
    visit.images = page.evaluate(JS_OUTPUT_IMAGES)


def visit_page(
    browser, url: str, where: str, axe_source: str, screenshot: Path | None = None
) -> Visit:
    """Open `url` once and record the page's problems, explorers, figures and axe violations.

    `screenshot`, when given, is where a full-page screenshot is saved (before axe-core is
    injected, so the picture is the page a reader sees).
    """
    visit = Visit(url=url, where=where, screenshot=screenshot)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = Watch(context, page)
    try:
        _record(page, watch, visit)
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True, timeout=TIMEOUT_MS)
        if not visit.load_error:
            page.add_script_tag(content=axe_source)
            visit.axe = page.evaluate(JS_AXE, [WCAG_TAGS, list(BLOCKING)])
    except Exception as err:  # noqa: BLE001 - every test of the page reports it
        visit.load_error = visit.load_error or f"the page could not be visited: {err}"
    finally:
        context.close()
    visit.report = watch.report()
    return visit
