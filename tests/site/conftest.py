"""Fixtures for the post-build tests of the course site (tests/site/).

These tests check the site that `make book` wrote to _build/html; they never build it.
Every page listed in _toc.yml becomes one parametrized case (`toc_page`).
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

# --import-mode=importlib puts no test folder on sys.path; the tests import _visit from here.
sys.path.insert(0, str(Path(__file__).parent))

REPO_ROOT = Path(__file__).resolve().parents[2]
TOC_FILE = REPO_ROOT / "_toc.yml"
HTML_DIR = REPO_ROOT / "_build" / "html"
SCREENSHOT_DIR = REPO_ROOT / "_build" / "screenshots"


@dataclass(frozen=True)
class TocPage:
    """One entry of _toc.yml: `docname` is the path without suffix (e.g. 'book/intro')."""

    docname: str
    source: Path | None  # the .md / .ipynb file, when it exists

    @property
    def html(self) -> str:
        """Path of the page relative to _build/html."""
        return f"{self.docname}.html"

    @property
    def is_notebook(self) -> bool:
        return self.source is not None and self.source.suffix == ".ipynb"


def _walk(node: dict | list) -> list[str]:
    """Every `file:` of a jb-book / jb-article TOC, in order (root first)."""
    found: list[str] = []
    if isinstance(node, list):
        for item in node:
            found += _walk(item)
    elif isinstance(node, dict):
        for key in ("root", "file"):
            if key in node:
                found.append(str(node[key]))
        for key in ("parts", "chapters", "sections", "subtrees", "entries"):
            if key in node:
                found += _walk(node[key])
    return found


def _source_of(docname: str) -> Path | None:
    for suffix in (".ipynb", ".md", ".rst"):
        candidate = REPO_ROOT / f"{docname}{suffix}"
        if candidate.is_file():
            return candidate
    return None


@functools.lru_cache(maxsize=1)
def toc_pages() -> tuple[TocPage, ...]:
    toc = yaml.safe_load(TOC_FILE.read_text(encoding="utf-8"))
    docnames = []
    for name in _walk(toc):
        name = name.strip("/")
        for suffix in (".ipynb", ".md", ".rst"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        if name not in docnames:
            docnames.append(name)
    return tuple(TocPage(d, _source_of(d)) for d in docnames)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``toc_page`` over every TOC page, ``lab_page`` over the labs only,
    ``references_page`` over the references page, ``site_page`` over every page of every built
    site and ``site_lab`` over its labs, so that no case needs to be skipped."""
    pages = toc_pages()
    selections = {
        "toc_page": pages,
        "lab_page": tuple(p for p in pages if p.is_notebook),
        "references_page": tuple(p for p in pages if p.docname.endswith("references")),
    }
    for name, chosen in selections.items():
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, chosen, ids=[p.docname for p in chosen])
    for name, labs_only in (("site_page", False), ("site_lab", True)):
        if name in metafunc.fixturenames:
            cases = [
                SitePage(site, directory, p)
                for site, directory in built_sites()
                for p in pages
                if p.is_notebook or not labs_only
            ]
            metafunc.parametrize(name, cases, ids=[f"{c.site}:{c.page.docname}" for c in cases])


STUDENT_HTML_DIR = REPO_ROOT / "_build" / "student-site" / "_build" / "html"


@dataclass(frozen=True)
class SitePage:
    """One TOC page of one built site (`site` is "site" or "student-site")."""

    site: str
    directory: Path
    page: TocPage


def built_sites() -> list[tuple[str, Path]]:
    """The course site always; the student site when built or when KIT_REQUIRE_STUDENT_SITE=1
    (`make test` builds it and sets that, so a missing student site fails there)."""
    sites = [("site", HTML_DIR)]
    if (STUDENT_HTML_DIR / "index.html").is_file() or os.environ.get(
        "KIT_REQUIRE_STUDENT_SITE"
    ) == "1":
        sites.append(("student-site", STUDENT_HTML_DIR))
    return sites


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """_build/html; fails (does not skip) when the site has not been built."""
    if not (HTML_DIR / "index.html").is_file():
        pytest.fail(
            f"The course site is not built: {HTML_DIR / 'index.html'} is missing. "
            "Run `make book` first (these tests check the built site, they do not build it).",
            pytrace=False,
        )
    return HTML_DIR


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


def serve_directory(directory: Path):
    """Serve `directory` on 127.0.0.1 (a free port); returns (base URL, stop function)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return f"http://127.0.0.1:{server.server_address[1]}/", stop


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """Serve _build/html on 127.0.0.1 (a free port) for the session; yields the base URL."""
    url, stop = serve_directory(site_dir)
    try:
        yield url
    finally:
        stop()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


CHROMIUM = os.environ.get("KIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `scripts/install_browser.sh` "
            "(Debian's chromium package) or set KIT_CHROMIUM.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the environment
        pytest.fail(
            "playwright (Python) is not installed: pip install -r requirements-dev.txt",
            pytrace=False,
        )
    with sync_playwright() as pw:
        # Playwright gives every launch a fresh, empty user-data directory.
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def served():
    """A function: site folder -> base URL of a local server for it (one per folder)."""
    servers: dict[Path, str] = {}
    stops = []

    def url_of(site: Path) -> str:
        if site not in servers:
            if not (site / "index.html").is_file():
                pytest.fail(f"{site / 'index.html'} is missing: build it first.", pytrace=False)
            servers[site], stop = serve_directory(site)
            stops.append(stop)
        return servers[site]

    yield url_of
    for stop in stops:
        stop()


AXE_DEFAULT = REPO_ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_JS = Path(os.environ.get("KIT_AXE_JS", AXE_DEFAULT))


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's source, from the local copy `make` installs from npm (never a CDN)."""
    if not AXE_JS.is_file():
        pytest.fail(
            f"axe-core not found at {AXE_JS}: run `make test-site` (it installs axe-core from "
            "npm into .venv/axe) or set KIT_AXE_JS.",
            pytrace=False,
        )
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def visit(browser, served, axe_source, screenshot_dir):
    """A function: (site name, site folder, TocPage) -> its one :class:`_visit.Visit`.

    Each page of each site is opened once per worker; the course site's pages keep a full-page
    screenshot in _build/screenshots/<page>.png (the student site's in
    _build/screenshots/student-site/).
    """
    from _visit import visit_page

    visits = {}

    def of(site: str, directory: Path, page: TocPage):
        key = (site, page.docname)
        if key not in visits:
            folder = screenshot_dir if site == "site" else screenshot_dir / site
            visits[key] = visit_page(
                browser,
                served(directory) + page.html,
                where=f"{site} {page.html}",
                axe_source=axe_source,
                screenshot=folder / f"{page.docname}.png",
            )
        return visits[key]

    return of


def _page_group(item: pytest.Item) -> str | None:
    """The xdist group of a test that visits a page: "<site>:<docname>"."""
    params = getattr(item, "callspec", None)
    params = params.params if params else {}
    if "site_page" in params:
        return f"{params['site_page'].site}:{params['site_page'].page.docname}"
    for name in ("toc_page", "lab_page"):
        if name in params:
            return f"site:{params[name].docname}"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep every browser test of one page on one worker (``--dist loadgroup``), so that the
    page is visited once; tests that open no browser are not grouped."""
    for item in items:
        group = _page_group(item)
        if group and "visit" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(group))
