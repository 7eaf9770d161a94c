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

import re

FILE_NAME = re.compile(r"\.(png|jpe?g|svg|gif)\b|_images/|^[0-9a-f]{16,}", re.IGNORECASE)


def test_no_serious_accessibility_violations(visit, site_page) -> None:
    seen = visit(site_page.site, site_page.directory, site_page.page).opened()
    lines = [
        f"- {v['id']} ({v['impact']}, {v['count']} element(s)): {v['help']}\n    "
        + "\n    ".join(v["nodes"])
        for v in seen.axe
    ]
    assert not seen.axe, f"{seen.where}: axe-core (WCAG 2.1 AA):\n" + "\n".join(lines)


def test_lab_figures_have_alt_text(visit, site_dir, lab_page) -> None:
    """Every figure a lab draws is described (title and finding), not named by its file."""
    seen = visit("site", site_dir, lab_page).opened()
    bad = [
        i for i in seen.images if not i["alt"] or len(i["alt"]) < 20 or FILE_NAME.search(i["alt"])
    ]
    assert not bad, f"{seen.where}: figures without a description as alt text: {bad[:5]}"


def test_file_name_pattern_catches_file_names() -> None:
    assert FILE_NAME.search("../_images/f3b7a91c2d4e5f60718293a4b5c6d7e8.png")
    assert FILE_NAME.search("f3b7a91c2d4e5f60718293a4b5c6d7e8")
    assert not FILE_NAME.search("Harbour: index 101.1; the largest gap is reliability")
