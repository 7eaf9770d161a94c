"""Static checks of the built course site (_build/html): the pages exist and look finished.

Run after `make book`; see conftest.py.
"""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml


class _Classes(HTMLParser):
    """Collects (tag, class list, attrs) of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[str], dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, attrs.get("class", "").split(), attrs))


def _tags(html: str) -> list[tuple[str, list[str], dict[str, str]]]:
    parser = _Classes()
    parser.feed(html)
    return parser.tags


def _read(site_dir: Path, rel: str) -> str:
    return (site_dir / rel).read_text(encoding="utf-8")


def test_index_exists(site_dir: Path) -> None:
    index = site_dir / "index.html"
    assert index.is_file()
    assert index.stat().st_size > 0


def test_toc_page_exists(site_dir: Path, toc_page) -> None:
    assert toc_page.source is not None, (
        f"_toc.yml lists {toc_page.docname!r} but no {toc_page.docname}.md/.ipynb exists"
    )
    page = site_dir / toc_page.html
    assert page.is_file(), f"{toc_page.docname} is in _toc.yml but {page} was not built"
    html = page.read_text(encoding="utf-8")
    assert "<h1" in html, f"{toc_page.html} has no title (h1)"


# Things that must never reach a published page. Each: (what, pattern).
_DEFECTS = [
    ("a Python traceback", re.compile(r"Traceback \(most recent call last\)")),
    ("an error output cell", re.compile(r'class="[^"]*\bhighlight-ipythontb\b')),
    (
        "a docutils/Sphinx system message (build error or warning)",
        re.compile(r'class="[^"]*\bsystem-message\b'),
    ),
    (
        "a cell's stderr output (warnings printed by the code)",
        re.compile(r'class="[^"]*\boutput stderr\b'),
    ),
    ("an unresolved cross-reference", re.compile(r'class="[^"]*\bxref\b[^"]*\bmissing\b')),
    (
        "a literal MyST directive (`{...}` not rendered)",
        re.compile(r"<pre>[^<]*\{(exercise|solution|code-cell|bibliography|figure)[-a-z]*\}"),
    ),
]


def test_page_has_no_error_output(site_dir: Path, toc_page) -> None:
    html = _read(site_dir, toc_page.html)
    found = [what for what, pattern in _DEFECTS if pattern.search(html)]
    assert not found, f"{toc_page.html} contains: {', '.join(found)}"


def test_references_list_citations(site_dir: Path, references_page) -> None:
    toc_page = references_page
    tags = _tags(_read(site_dir, toc_page.html))
    entries = [t for t in tags if t[2].get("role") == "doc-biblioentry" or "citation" in t[1]]
    assert entries, f"{toc_page.html} lists no bibliography entry (sphinxcontrib-bibtex)"


def test_lab_has_exercises_and_dropdown_solutions(site_dir: Path, lab_page) -> None:
    toc_page = lab_page
    tags = _tags(_read(site_dir, toc_page.html))
    exercises = [t for t in tags if t[0] == "div" and "exercise" in t[1] and "admonition" in t[1]]
    solutions = [t for t in tags if t[0] == "div" and "solution" in t[1] and "admonition" in t[1]]
    assert exercises, f"{toc_page.html}: no rendered exercise (sphinx-exercise)"
    assert solutions, f"{toc_page.html}: no rendered solution (sphinx-exercise)"
    not_dropdown = [t[2].get("id", "?") for t in solutions if "dropdown" not in t[1]]
    assert not not_dropdown, (
        f"{toc_page.html}: solutions not in a dropdown (add `:class: dropdown`): {not_dropdown}"
    )


def test_no_third_party_assets_in_pages(site_dir: Path, toc_page) -> None:
    """Scripts, stylesheets, fonts and images come from the site itself (links may go out)."""
    html = _read(site_dir, toc_page.html)
    outside = []
    for tag, _classes, attrs in _tags(html):
        url = ""
        if tag in ("script", "img", "iframe", "source", "video", "audio"):
            url = attrs.get("src", "")
        elif tag == "link" and set(attrs.get("rel", "").split()) & {
            "stylesheet",
            "preload",
            "modulepreload",
            "icon",
            "prefetch",
            "preconnect",
        }:
            url = attrs.get("href", "")
        if re.match(r"^(https?:)?//", url):
            outside.append(f"<{tag}> {url}")
    assert not outside, f"{toc_page.html} loads assets from other sites: {outside}"


def test_lab_launch_buttons_follow_the_repository_setting(site_dir: Path, lab_page) -> None:
    """Binder, Colab (and JupyterHub when configured) all point at _config.yml's repository."""
    toc_page = lab_page
    config = yaml.safe_load((site_dir.parents[1] / "_config.yml").read_text(encoding="utf-8"))
    repository = config["repository"]
    repo = repository["url"].rstrip("/")
    branch = repository.get("branch", "main")
    owner_name = repo.split("github.com/")[-1]
    book = (repository.get("path_to_book") or "").strip("/")
    path = f"{book}/{toc_page.docname}.ipynb".lstrip("/")
    launch = config.get("launch_buttons", {})
    hrefs = [a[2].get("href", "") for a in _tags(_read(site_dir, toc_page.html)) if a[0] == "a"]

    def find(prefix: str) -> dict[str, str] | None:
        for href in hrefs:
            if href.startswith(prefix):
                return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
        return None

    problems = []
    if launch.get("binderhub_url"):
        hub = launch["binderhub_url"].rstrip("/")
        query = find(f"{hub}/v2/gh/{owner_name}/{branch}?")
        if query is None or not query.get("urlpath", "").endswith(f"/{path}"):
            problems.append(f"Binder link for {owner_name}@{branch}:{path}")
    if launch.get("colab_url"):
        colab = launch["colab_url"].rstrip("/")
        if f"{colab}/github/{owner_name}/blob/{branch}/{path}" not in hrefs:
            problems.append(f"Colab link for {owner_name}@{branch}:{path}")
    if launch.get("jupyterhub_url"):
        hub = launch["jupyterhub_url"].rstrip("/")
        query = find(f"{hub}/hub/user-redirect/git-pull?")
        if (
            query is None
            or query.get("repo") != repo
            or query.get("branch") != branch
            or not query.get("urlpath", "").endswith(f"/{path}")
        ):
            problems.append(f"JupyterHub (nbgitpuller) link for {repo}@{branch}:{path}")
    assert not problems, f"{toc_page.html}: launch links missing or wrong: {problems}"


# JupyterLite (jupyterlite-sphinx builds it into _build/html/lite/; kit_site adds the button).
LITE_APP = "lite/lab/index.html"


def _jupyterlite_links(site_dir: Path, toc_page) -> list[str]:
    return [
        t[2]["href"]
        for t in _tags(_read(site_dir, toc_page.html))
        if t[0] == "a" and urlsplit(t[2].get("href", "")).path.endswith(LITE_APP)
    ]


def test_lab_has_a_working_jupyterlite_link(site_dir: Path, lab_page) -> None:
    """The JupyterLite button opens this lab in the site's own JupyterLite (lite/)."""
    toc_page = lab_page
    links = _jupyterlite_links(site_dir, toc_page)
    assert links, f"{toc_page.html}: no JupyterLite launch link (to {LITE_APP}?path=...)"
    lite = site_dir / "lite"
    for href in links:
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, f"{toc_page.html}: {href} is not relative"
        target = ((site_dir / toc_page.html).parent / parts.path).resolve()
        assert target == (site_dir / LITE_APP).resolve() and target.is_file(), (
            f"{toc_page.html}: {href} does not lead to {LITE_APP} of this site (was "
            "JupyterLite built? see jupyterlite_* in _config.yml)"
        )
        path = parse_qs(parts.query).get("path", [""])[0]
        name = Path(toc_page.docname).name + ".ipynb"
        assert path == name, f"{toc_page.html}: {href} opens {path!r}, not {name!r}"
        copy = lite / "files" / path
        assert copy.is_file(), f"{toc_page.html}: {path} is not in the JupyterLite contents"
        listed = json.loads((lite / "api" / "contents" / "all.json").read_text(encoding="utf-8"))
        assert path in [item["path"] for item in listed["content"]], (
            f"{path} is missing from lite/api/contents/all.json (JupyterLite's file browser)"
        )
        source = json.loads(toc_page.source.read_text(encoding="utf-8"))
        shipped = json.loads(copy.read_text(encoding="utf-8"))
        assert shipped["cells"] == source["cells"], f"lite/files/{path} differs from the lab"


def test_jupyterlite_link_only_on_labs(site_dir: Path, toc_page) -> None:
    """Chapters (MyST Markdown) are not in the JupyterLite contents; they link to their lab."""
    has_link = bool(_jupyterlite_links(site_dir, toc_page))
    assert has_link == toc_page.is_notebook, (
        f"{toc_page.html}: JupyterLite link {'present' if has_link else 'missing'}"
    )


def test_jupyterlite_ships_the_imlib_wheel(site_dir: Path) -> None:
    """The labs' first cell runs `%pip install imlib` under Pyodide: piplite finds it here."""
    pypi = site_dir / "lite" / "pypi"
    wheels = sorted(pypi.glob("imlib-*-py3-none-any.whl"))
    assert len(wheels) == 1, f"expected one imlib wheel in {pypi}, found {wheels}"
    with zipfile.ZipFile(wheels[0]) as whl:
        names = whl.namelist()
    assert "imlib/__init__.py" in names
    assert any(n.startswith("imlib/_data/") for n in names), "the wheel lacks the case data"
    index = json.loads((pypi / "all.json").read_text(encoding="utf-8"))
    files = [f["filename"] for r in index["imlib"]["releases"].values() for f in r]
    assert wheels[0].name in files, f"{pypi / 'all.json'} does not list {wheels[0].name}"
    config = json.loads((site_dir / "lite" / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"]
    urls = settings["@jupyterlite/pyodide-kernel-extension:kernel"]["pipliteUrls"]
    assert any(u.split("?")[0] == "./pypi/all.json" for u in urls), urls
