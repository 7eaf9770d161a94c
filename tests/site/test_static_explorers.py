"""Explorers on the static site never silently do nothing (book/_widgets/static-explorers.js).

On every lab page, each saved explorer (a widget area with controls) must show its controls
disabled and a notice that says why, with at least one link to a live kernel (the lab in
JupyterLite, or Binder / Colab).
"""

from __future__ import annotations


def test_static_explorers_are_visibly_inactive(visit, site_dir, lab_page) -> None:
    seen = visit("site", site_dir, lab_page).opened()
    for k, explorer in enumerate(seen.explorers, start=1):
        where = f"{seen.where}, explorer {k}"
        assert explorer["enabled"] == 0, f"{where}: {explorer['enabled']} control(s) still enabled"
        assert "needs a running Python" in explorer["notice"], f"{where}: no inactive notice"
        assert any("lite/lab/index.html" in h for h in explorer["links"]), (
            f"{where}: no link to the lab in JupyterLite: {explorer['links']}"
        )
