"""Explorers on the static site never silently do nothing (book/_widgets/static-explorers.js).

On every lab page, each saved explorer (a widget area with controls) must show its controls
disabled and a notice that says why, with at least one link to a live kernel (the lab in
JupyterLite, or Binder / Colab).
"""

from __future__ import annotations

import json
from urllib.parse import urljoin

TIMEOUT_MS = 15_000
WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'

_JS_EXPLORERS = """
(selector) => Array.from(document.querySelectorAll(selector)).map((s) => s.parentElement)
  .filter((area) => area && area.querySelector('input, select, textarea, button, .noUi-target'))
  .map((area) => ({
    enabled: Array.from(area.querySelectorAll('input, select, textarea, button'))
      .filter((el) => !el.disabled).length
      + Array.from(area.querySelectorAll('.noUi-target'))
      .filter((el) => !el.hasAttribute('disabled')).length,
    notice: (area.querySelector('.kit-explorer-static') || {}).textContent || '',
    links: Array.from(area.querySelectorAll('.kit-explorer-static a')).map((a) => a.href),
  }))
"""

_JS_RENDERED = """
(selector) => Array.from(document.querySelectorAll(selector)).every((s) =>
  s.parentElement && s.parentElement.querySelector('.jupyter-widgets, .lm-Widget'))
"""


def test_static_explorers_are_visibly_inactive(browser, site_url, lab_page) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(urljoin(site_url, lab_page.html), wait_until="load")
        page.wait_for_load_state("networkidle")
        if page.locator(WIDGET_VIEW).count():
            page.wait_for_function(f"() => ({_JS_RENDERED})({json.dumps(WIDGET_VIEW)})")
        explorers = page.evaluate(_JS_EXPLORERS, WIDGET_VIEW)
    finally:
        context.close()
    for k, explorer in enumerate(explorers, start=1):
        where = f"{lab_page.html}, explorer {k}"
        assert explorer["enabled"] == 0, f"{where}: {explorer['enabled']} control(s) still enabled"
        assert "needs a running Python" in explorer["notice"], f"{where}: no inactive notice"
        assert any("lite/lab/index.html" in h for h in explorer["links"]), (
            f"{where}: no link to the lab in JupyterLite: {explorer['links']}"
        )
