"""Nothing of the answers reaches students: build the student site and search every file.

Uses the student site that ``make test`` has just built (``make student-book``, run by its
``test-sites`` step, which sets ``KIT_STUDENT_SITE_BUILT=1``), or builds it once itself when run
alone (a few minutes: it executes every lab). It then searches every file it produced
(pages, ``_sources/``, the search index, downloads, the JupyterLite contents, inside zip
archives too) for each solution's code and each model answer's text, and checks that the
launch buttons open the student editions (``STUDENT_LAUNCH``).
"""

import html
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from imlib.student import strip_solutions

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "student-site" / "_build" / "html"
LABS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
_START = re.compile(r"\{solution-start\}")
_END = re.compile(r"\{solution-end\}")


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


_SMART = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})


def _normal(text: str) -> str:
    """Whitespace folded; Markdown emphasis, backticks and Sphinx's smart quotes undone."""
    text = text.translate(_SMART).replace("*", "").replace("`", "")
    return re.sub(r"\s+", " ", text).strip()


def _public_text() -> str:
    """What students may see anyway: every student edition, the chapters and imlib's code."""
    parts = []
    for lab in LABS:
        notebook = json.loads(lab.read_text(encoding="utf-8"))
        parts += [_source(c) for c in strip_solutions(notebook)[0]["cells"]]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "book").glob("*.md"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "imlib").rglob("*.py"))]
    return _normal(" ".join(parts))


def needles() -> dict[str, str]:
    """Every solution line and model-answer sentence that students cannot see otherwise.

    A line of a solution that also occurs in a student edition, a chapter or imlib's own
    code (a plotting call, a column name) is not a solution; every other one is.
    """
    found = {}
    public = _public_text()
    for lab in LABS:
        notebook = json.loads(lab.read_text(encoding="utf-8"))
        inside = False
        for cell in notebook["cells"]:
            text = _source(cell)
            if cell["cell_type"] == "markdown" and _START.search(text):
                inside = True
                continue
            if cell["cell_type"] == "markdown" and _END.search(text):
                inside = False
                continue
            lines = []
            if inside and cell["cell_type"] == "code":
                lines = [ln for ln in text.splitlines() if len(ln.strip()) >= 20]
            if cell["cell_type"] == "markdown" and "{admonition} A model answer" in text:
                body = text.split("{admonition} A model answer", 1)[1].split("\n```", 1)[0]
                sentences = re.split(r"(?<=[.;:])\s+", _normal(body.split("\n", 2)[-1]))
                lines = [s for s in sentences if len(s) >= 40]
            for line in lines:
                key = _normal(line)
                if key and key not in public:
                    found[key] = f"{lab.name}: {line.strip()[:60]}"
    return found


def _texts(path: Path, data: bytes):
    """The searchable text(s) of one file: tags stripped, entities and JSON decoded."""
    suffix = path.suffix.lower()
    if suffix in {".zip", ".whl"}:
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                yield from _texts(Path(member), archive.read(member))
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # images, fonts, WebAssembly
    if suffix in {".html", ".htm", ".xml", ".svg"}:
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    elif suffix in {".ipynb", ".json"}:
        try:
            text = " ".join(_strings(json.loads(text)))
        except json.JSONDecodeError:
            pass
    yield _normal(text)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        text = "".join(v for v in value if isinstance(v, str))
        if text:
            yield text
        for item in value:
            if not isinstance(item, str):
                yield from _strings(item)


STUDENT_CONFIG = ROOT / "_build" / "student-src" / "_config.yml"


def _built_launch_setting() -> str:
    import yaml

    config = yaml.safe_load(STUDENT_CONFIG.read_text(encoding="utf-8"))
    return config["sphinx"]["config"]["kit_student_launch"]


@pytest.fixture(scope="module")
def student_site():
    if os.environ.get("KIT_STUDENT_SITE_BUILT") != "1":
        done = subprocess.run(
            ["make", "student-book", "STUDENT_LAUNCH=branch:student-editions"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (SITE / "index.html").is_file(), "no student site: run `make student-book`"
    return SITE


def test_the_needles_are_real():
    found = needles()
    assert len(found) >= 2 * len(LABS)  # solutions and model answers of every lab
    for lab in LABS:  # the search finds every needle in the instructor notebooks
        assert any(lab.name in where for where in found.values())
    instructor = " ".join(t for p in LABS for t in _texts(p, p.read_bytes()))
    missed = [where for n, where in found.items() if n not in instructor]
    assert not missed, missed[:5]
    page = "<p>Bringing the promise in line with <em>what</em> the operation&#8217;s</p>"
    assert "Bringing the promise in line with what the operation's" in next(
        _texts(Path("x.html"), page.encode())
    )


def test_no_solution_and_no_model_answer_in_any_file_of_the_student_site(student_site):
    found = needles()
    root = student_site.parent.parent  # _build/student-site: html and the executed notebooks
    files = [p for p in root.rglob("*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".html", ".ipynb", ".js", ".txt"} <= kinds  # pages, sources, search index
    assert any("lite" in p.parts for p in files)  # the JupyterLite copy was searched too
    hits = []
    for path in files:
        for text in _texts(path, path.read_bytes()):
            hits += [
                (str(path.relative_to(root)), where) for n, where in found.items() if n in text
            ]
    assert not hits, hits[:10]


def _words(text: str, shortest: int = 1) -> set[str]:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    return {w.lower() for w in words if len(w) >= shortest}


def test_the_search_index_holds_no_word_found_only_in_model_answers(student_site):
    """The index stores stemmed words, not sentences: check it word by word.

    A word that occurs in a model answer and nowhere students may look (the student
    editions, the chapters, imlib's code) may be in the search index only if a page of the
    student site shows it too (and the pages are searched for the answers' sentences).
    """
    from sphinx.search.en import SearchEnglish

    stem = SearchEnglish({}).stem
    answers = set()
    for lab in LABS:
        for cell in json.loads(lab.read_text(encoding="utf-8"))["cells"]:
            text = _source(cell)
            if "{admonition} A model answer" in text:
                body = text.split("{admonition} A model answer", 1)[1].split("\n```")[0]
                answers |= _words(body, shortest=5)
    public = {stem(w) for w in _words(_public_text())}
    only_in_answers = {stem(w) for w in answers} - public
    assert only_in_answers  # the answers do have words of their own
    index = (student_site / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    indexed = set(data["terms"]) | set(data.get("titleterms", {}))
    shown = set()
    for page in student_site.rglob("*.html"):
        for text in _texts(page, page.read_bytes()):
            shown |= {stem(w) for w in _words(text)}
    leaked = sorted(t for t in only_in_answers & indexed if t not in shown)
    assert not leaked, leaked


def test_launch_buttons_open_the_student_editions(student_site):
    page = (student_site / "notebooks" / "03-quality-gaps.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(https://(?:mybinder|colab)[^"]+)"', page)
    assert len(links) >= 2
    kind, _, where = _built_launch_setting().partition(":")
    assert kind in {"branch", "folder"} and where
    assert all(where in html.unescape(link) for link in links), links
    assert not any("/main" in html.unescape(link) for link in links), links


# --- the one launch setting (fast: no build) -----------------------------------------------


def _kit_site():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "kit_site", ROOT / "book" / "_ext" / "kit_site.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _context(url):
    return {
        "page_source_suffix": ".ipynb",
        "header_buttons": [
            {"label": "launch-buttons", "buttons": [{"text": "Binder", "url": url, "tooltip": "x"}]}
        ],
    }


@pytest.mark.parametrize(
    ("setting", "good", "bad"),
    [
        (
            "branch:student",
            "https://mybinder.org/v2/gh/o/r/student?urlpath=lab/tree/notebooks/03-x.ipynb",
            "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/notebooks/03-x.ipynb",
        ),
        (
            "folder:student",
            "https://colab.research.google.com/github/o/r/blob/main/student/notebooks/03-x.ipynb",
            "https://colab.research.google.com/github/o/r/blob/main/notebooks/03-x.ipynb",
        ),
    ],
)
def test_the_student_site_refuses_a_launch_link_to_the_instructor_notebooks(setting, good, bad):
    from types import SimpleNamespace

    from sphinx.errors import ExtensionError

    kit_site = _kit_site()
    app = SimpleNamespace(config=SimpleNamespace(kit_student_launch=setting))
    context = _context(good)
    kit_site._student_launch_links(app, "notebooks/03-x", "page.html", context, None)
    assert "student edition" in context["header_buttons"][0]["buttons"][0]["tooltip"]
    with pytest.raises(ExtensionError, match="not the student edition"):
        kit_site._student_launch_links(app, "notebooks/03-x", "page.html", _context(bad), None)
    unset = SimpleNamespace(config=SimpleNamespace(kit_student_launch=""))
    kit_site._student_launch_links(unset, "notebooks/03-x", "page.html", _context(bad), None)


def test_student_config_sets_branch_or_folder(tmp_path):
    import yaml

    from imlib.classroom.site import student_config

    target = tmp_path / "_config.yml"
    student_config(ROOT / "_config.yml", target, "branch:term-2")
    config = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert config["repository"]["branch"] == "term-2"
    assert config["sphinx"]["config"]["kit_student_launch"] == "branch:term-2"
    student_config(ROOT / "_config.yml", target, "folder:student/")
    config = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert config["repository"]["path_to_book"] == "student"
    for bad in ("main", "branch:", "folder:../up", "tag:v1"):
        with pytest.raises(ValueError, match="STUDENT_LAUNCH must be"):
            student_config(ROOT / "_config.yml", target, bad)
