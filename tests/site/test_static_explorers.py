"""Explorers on the static site never silently do nothing (book/_widgets/static-explorers.js).

Decided per explorer by what its controls offer (book/_widgets/README.md): an explorer with
few states (drop-downs, check boxes, whole-number sliders; at most STATIC_STATES_MAX) works on
the page from the figures the build drew for every state; any other is shown inactive. Either
way a notice says which, with a link to the lab live in JupyterLite (and Binder / Colab).
"""

from __future__ import annotations

import json
import re

import pytest

from imlib.widgets._live import STATIC_STATES_KEY

#: The labs whose explorer has few enough states to work on the static site.
PRECOMPUTED = {
    "notebooks/06-internal-market": 18,  # raters' grouping (3) x "poor if <=" (1-6)
    "notebooks/08-knowledge-renewal": 6,  # colouring (3) x "mark rework"
}


def _saved_states(html: str) -> list[dict]:
    """The states the build drew into a page's widget state, one entry per explorer."""
    tag = re.search(
        r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', html, re.S
    )
    if tag is None:
        return []
    found = []
    for model in json.loads(tag.group(1))["state"].values():
        for output in model.get("state", {}).get("outputs", []) or []:
            if STATIC_STATES_KEY in output.get("metadata", {}):
                found.append(output["metadata"][STATIC_STATES_KEY])
    return found


def test_static_explorers_work_or_say_they_cannot(visit, site_dir, lab_page) -> None:
    seen = visit("site", site_dir, lab_page).opened()
    states = _saved_states((site_dir / lab_page.html).read_text(encoding="utf-8"))
    expected = PRECOMPUTED.get(lab_page.docname)
    assert [len(s["states"]) for s in states] == ([expected] if expected else []), (
        f"{seen.where}: precomputed states {[len(s['states']) for s in states]}"
    )
    for k, explorer in enumerate(seen.explorers, start=1):
        where = f"{seen.where}, explorer {k}"
        assert any("lite/lab/index.html" in h for h in explorer["links"]), (
            f"{where}: no link to the lab in JupyterLite: {explorer['links']}"
        )
        if explorer["mode"] == "precomputed":
            assert expected, f"{where}: works from precomputed states it should not have"
            assert explorer["enabled"] > 0, f"{where}: precomputed but its controls are off"
            assert f"each of this explorer's {expected} settings" in explorer["notice"], where
        else:
            assert not expected, f"{where}: its precomputed states were not wired up"
            assert explorer["enabled"] == 0, (
                f"{where}: {explorer['enabled']} control(s) still enabled"
            )
            assert "needs a running Python" in explorer["notice"], f"{where}: no inactive notice"


JS_FIGURE = """() => { const i = document.querySelector('.widget-output img');
  return [i.getAttribute('src'), i.getAttribute('alt')]; }"""


def _set(page, spec: dict, label: str) -> None:
    """Set one control of the page's explorer to what `label` shows, as a reader would."""
    if spec["kind"] == "select":
        box = page.locator(".widget-dropdown", has_text=spec["label"])
        box.locator("select").select_option(label=label)
    elif spec["kind"] == "checkbox":
        box = page.locator(".widget-checkbox", has_text=spec["label"])
        box.locator("input").set_checked(label == "true")
    else:  # a whole-number slider: its handle moved by the arrow keys
        box = page.locator(".widget-slider", has_text=spec["label"])
        readout = box.locator(".widget-readout")
        handle = box.locator(".noUi-handle")
        for _ in range(50):
            now = int(readout.text_content().strip())
            if now == int(label):
                break
            handle.press("ArrowRight" if now < int(label) else "ArrowLeft")
        assert readout.text_content().strip() == label, spec


@pytest.mark.parametrize("docname", sorted(PRECOMPUTED))
def test_a_precomputed_explorer_shows_every_state(browser, served, site_dir, docname) -> None:
    """Every state, reached with the page's own controls, shows the figure the build drew for
    it, with that figure's alt text."""
    html_path = site_dir / f"{docname}.html"
    (saved,) = _saved_states(html_path.read_text(encoding="utf-8"))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(served(site_dir) + f"{docname}.html", wait_until="load")
        page.wait_for_selector('[data-kit-explorer="precomputed"] .widget-output img')
        shown = set()
        for key, (png, alt) in saved["states"].items():
            for spec, label in zip(saved["controls"], key.split("|"), strict=True):
                _set(page, spec, label)
            src, page_alt = page.evaluate(JS_FIGURE)
            assert src == "data:image/png;base64," + png, f"{docname}: state {key!r}"
            assert page_alt == alt, f"{docname}: state {key!r}"
            shown.add(src)
        assert len(shown) == len(saved["states"]), f"{docname}: some states look the same"
    finally:
        context.close()
