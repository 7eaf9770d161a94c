"""Fixtures for the post-build tests of the course site (tests/site/).

These tests check the site that `make book` wrote to _build/html; they never build it.
Every page listed in _toc.yml becomes one parametrized case (`toc_page`).
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

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
    """Parametrize ``toc_page`` over every TOC page, ``lab_page`` over the labs only and
    ``references_page`` over the references page, so that no case needs to be skipped."""
    pages = toc_pages()
    selections = {
        "toc_page": pages,
        "lab_page": tuple(p for p in pages if p.is_notebook),
        "references_page": tuple(p for p in pages if p.docname.endswith("references")),
    }
    for name, chosen in selections.items():
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, chosen, ids=[p.docname for p in chosen])


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


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """Serve _build/html on 127.0.0.1 (a free port) for the session; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR
