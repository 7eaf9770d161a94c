"""Accessibility of the built sites: axe-core (WCAG 2.1 A and AA rules) on every page.

Every page of _toc.yml on the course site (_build/html) and, when it is built, on the student
site (_build/student-site/_build/html; `make test` builds it and sets KIT_REQUIRE_STUDENT_SITE=1
so that a missing one fails) is opened from a local server with every other host blocked, its
saved widgets are left to render, and axe-core is injected from the local copy that `make`
installs from npm into .venv/axe (tests/site/package-lock.json pins it; never a CDN). A page
fails on any violation of impact "serious" or "critical" (the pages: `site_page`, in
tests/site/conftest.py). A second test checks that every
figure of a lab carries alt text that says what it shows (not a file name).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

AXE_DEFAULT = REPO_ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_JS = Path(os.environ.get("KIT_AXE_JS", AXE_DEFAULT))
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
TIMEOUT_MS = 15_000
WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'

_JS_AXE = """
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

_JS_WIDGETS_RENDERED = """
(selector) => Array.from(document.querySelectorAll(selector)).every((s) => {
  const box = s.parentElement;
  return box && box.querySelector('.jupyter-widgets, .widget-subarea > *, .lm-Widget');
})
"""

# alt text of every image in a cell's output (the figures the labs draw)
_JS_OUTPUT_IMAGES = """
() => Array.from(document.querySelectorAll('.cell_output img, .output img, .widget-output img'))
  .map((i) => ({src: (i.getAttribute('src') || '').slice(0, 80), alt: i.getAttribute('alt')}))
"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(
            f"axe-core not found at {AXE_JS}: run `make test-site` (it installs axe-core from "
            "npm into .venv/axe) or set KIT_AXE_JS.",
            pytrace=False,
        )
    return AXE_JS.read_text(encoding="utf-8")


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else route.abort("blockedbyclient")
        ),
    )
    page = context.new_page()
    response = page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    try:
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        if page.locator(WIDGET_VIEW).count():
            page.wait_for_function(
                f"() => ({_JS_WIDGETS_RENDERED})({json.dumps(WIDGET_VIEW)})", timeout=TIMEOUT_MS
            )
    except Exception:  # noqa: BLE001 - test_browser.py reports pages that never settle
        pass
    return context, page


def test_no_serious_accessibility_violations(browser, served, axe_source, site_page) -> None:
    toc_page, site_name = site_page.page, site_page.site
    url = urljoin(served(site_page.directory), toc_page.html)
    context, page = _open(browser, url)
    try:
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(_JS_AXE, [WCAG_TAGS, list(BLOCKING)])
    finally:
        context.close()
    lines = [
        f"- {v['id']} ({v['impact']}, {v['count']} element(s)): {v['help']}\n    "
        + "\n    ".join(v["nodes"])
        for v in violations
    ]
    assert not violations, f"{site_name} {toc_page.html}: axe-core (WCAG 2.1 AA):\n" + "\n".join(
        lines
    )


FILE_NAME = re.compile(r"\.(png|jpe?g|svg|gif)\b|_images/|^[0-9a-f]{16,}", re.IGNORECASE)


def test_lab_figures_have_alt_text(browser, served, lab_page) -> None:
    """Every figure a lab draws is described (title and finding), not named by its file."""
    toc_page = lab_page
    url = urljoin(served(REPO_ROOT / "_build" / "html"), toc_page.html)
    context, page = _open(browser, url)
    try:
        images = page.evaluate(_JS_OUTPUT_IMAGES)
    finally:
        context.close()
    bad = [i for i in images if not i["alt"] or len(i["alt"]) < 20 or FILE_NAME.search(i["alt"])]
    assert not bad, f"{toc_page.html}: figures without a description as alt text: {bad[:5]}"
