"""Browser tests of the built course site, in headless Chromium driven by Playwright.

Each page of _toc.yml is opened from a local server (127.0.0.1) with every other host
blocked, and fails on: any request to another host, failed requests, HTTP errors, console
errors, uncaught exceptions, images that did not load, and saved ipywidgets that never
rendered, on the course site and the student site. A full-page screenshot of each page is kept in
_build/screenshots/<page>.png (the student site's under _build/screenshots/student-site/). Each
page is opened once for all the browser tests (tests/site/_visit.py).
The JupyterLite shell (lite/lab/index.html) is opened the same way and must show JupyterLab
with the labs in its file browser (screenshot _build/screenshots/lite-lab.png).

Needs Debian's Chromium at /usr/bin/chromium (scripts/install_browser.sh installs it; override
with KIT_CHROMIUM=/path/to/chromium). Playwright's own browser download is never used.
"""

from __future__ import annotations

from urllib.parse import urljoin

from _visit import TIMEOUT_MS, Watch


def test_page_in_browser(visit, site_page) -> None:
    """The page loads from this site alone, without errors, with its widgets and images."""
    seen = visit(site_page.site, site_page.directory, site_page.page).opened()
    assert not seen.report, f"{seen.where} (screenshot {seen.screenshot}):\n" + "\n".join(
        seen.report
    )


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
    watch = Watch(context, page)
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
