"""Local Sphinx extension for the course site (listed in _config.yml, sphinx.config.extensions).

1. Back-port of sphinx-doc/sphinx#13402 (Sphinx 8.2) to Sphinx 7: an inline script that an
   extension registers after ``Builder.init()`` with ``app.add_js_file(None, body=...)`` reaches
   the HTML builder once as ``None`` and, in ``prepare_writing``, again as ``""``; the two do not
   compare equal, so the script is written into every page twice. With sphinx-thebe this was
   ``const THEBE_JS_URL = ...`` twice, i.e. the console error "Identifier 'THEBE_JS_URL' has
   already been declared". _config.yml no longer loads sphinx_thebe at all; this patch stops
   the same duplication for the other late inline scripts (sphinx-togglebutton's selector).

2. Launch buttons (Binder, Colab, JupyterHub) only on pages built from a .ipynb. A MyST
   Markdown chapter with code cells counts as a notebook for sphinx-book-theme, but Colab
   cannot open a .md file and Binder/JupyterHub would show it as plain text (jupytext is not
   part of the kit); each chapter links to its lab notebook instead.

3. An author-year bibliography style, ``kit_author_year`` (``bibtex_default_style``): entries
   sorted by author, year, title and labelled "Berry, 1981" / "Cronin and Taylor, 1992" /
   "Parasuraman et al., 1985", the same form as the in-text citations
   (``bibtex_reference_style: author_year``), instead of pybtex's alpha labels ("[Ber81]").

4. A "JupyterLite" entry in the launch buttons of each lab page, opening the lab in the
   JupyterLite site that jupyterlite-sphinx builds into ``_build/html/lite/``
   (``lite/lab/index.html?path=<lab>.ipynb``, relative to the page; the labs sit at the root of
   the lite file system, see ``jupyterlite_contents`` in _config.yml). jupyterlite-sphinx's own
   Google Fonts stylesheet (the "Vibur" font of its "Try it" buttons, which the kit does not
   use) is removed from every page: the published site makes no third-party request.

5. A build-time check that the vendored scripts referenced by ``nb_ipywidgets_js`` and
   ``mathjax_path`` exist in ``html_static_path`` and are local paths, so a missing or
   CDN-pointing entry fails the build instead of silently producing blank widgets offline.

6. The student site (``make student-book``): with ``kit_student_launch`` set (``branch:NAME``
   or ``folder:PATH``, written by ``imlib.classroom.site`` from the one ``STUDENT_LAUNCH``
   setting), every Binder, Colab and JupyterHub link of a lab page must open the student
   edition on that branch or in that folder; a link to anything else fails the build.
7. Alt text for the labs' figures: imlib's plotting layer writes what a figure shows (its title
   and the finding) into the PNG's ``Description`` text chunk (``imlib.plotting.describe``);
   ``_figure_alt_text`` copies it into the ``alt`` of the page's ``<img>``, so a screen reader
   reads the description instead of the file name. An image without one gets none (and
   tests/site/test_accessibility.py reports it).

8. Exercise numbers restart on every page: Sphinx numbers ``numfig`` types across the whole
   book when the toctree is not numbered (lab 3 started at "Exercise 12");
   ``_exercise_numbers_per_page`` renumbers sphinx-exercise's exercises 1, 2, ... on each page
   (solutions and references follow, they read the same table).

9. Never stale: a page with code (every lab, every chapter with code cells) is re-read, i.e.
   re-executed, when what its outputs depend on changed since the last build, even though its
   own source did not: imlib's source, the shipped datasets/, the folder named by
   ``IMLIB_DATA_DIR`` (a term's data variant) and every other ``IMLIB_*`` variable. A fingerprint
   of them (``kit_fingerprint``) is kept in the build environment; a prose edit alone leaves it
   unchanged, so only the edited page is rebuilt.

10. A quiet build: ``jupyter lite build`` runs silenced (``jupyterlite_silence: true``, about
   120 lines less); jupyterlite-sphinx 0.23.0 loses a failed silenced build's output (it
   refers to an unbound variable in its error handler), so ``_lite_output_on_failure`` prints
   it before that. ipykernel's one-line TCP warning per executed page is dropped by the
   Makefile (its IPC transport would need the kernels to share the build's working folder).

11. Explorers that work on the static site: the build sets ``IMLIB_STATIC_STATES`` (see
   ``imlib.widgets._live.STATIC_STATES_ENV``) for the kernels that execute the pages, so an
   explorer whose controls offer few states (at most ``STATIC_STATES_MAX``: a drop-down, a
   check box, a whole-number slider) draws each of them into its starting figure's metadata;
   ``book/_widgets/static-explorers.js`` swaps the figure when a control moves. Every other
   explorer is shown inactive, with links to a live kernel.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import sphinx
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError, ExtensionError


def _backport_inline_js_dedup() -> None:
    if sphinx.version_info >= (8, 2):
        return
    from sphinx.builders.html import StandaloneHTMLBuilder

    original = StandaloneHTMLBuilder.add_js_file
    if getattr(original, "_kit_site_patched", False):
        return

    def add_js_file(self, filename, **kwargs):
        return original(self, filename or "", **kwargs)

    add_js_file._kit_site_patched = True  # type: ignore[attr-defined]
    StandaloneHTMLBuilder.add_js_file = add_js_file  # type: ignore[method-assign]


def _launch_buttons_only_on_notebooks(app, pagename, templatename, context, doctree) -> None:
    if context.get("page_source_suffix") == ".ipynb":
        return
    buttons = context.get("header_buttons")
    if buttons:
        context["header_buttons"] = [b for b in buttons if b.get("label") != "launch-buttons"]


JUPYTERLITE_APP = "lite/lab/index.html"  # jupyterlite-sphinx's output folder is always lite/
JUPYTERLITE_CSS = "https://fonts.googleapis.com/css?family=Vibur"


def _jupyterlite_launch_button(app, pagename, templatename, context, doctree) -> None:
    if "jupyterlite_sphinx" not in app.extensions or context.get("page_source_suffix") != ".ipynb":
        return
    for group in context.get("header_buttons") or []:
        if group.get("label") == "launch-buttons":
            lab = quote(PurePosixPath(pagename).name + ".ipynb")
            group["buttons"].append(
                {
                    "type": "link",
                    "text": "JupyterLite",
                    "tooltip": "Run this lab in your browser (JupyterLite)",
                    "icon": "_static/images/logo_jupyterlite.svg",
                    "url": f"{context['pathto'](JUPYTERLITE_APP, 1)}?path={lab}",
                    "label": "jupyterlite-button",
                }
            )


def _drop_jupyterlite_web_font(app: Sphinx, config: Config) -> None:
    # Runs before the HTML builder copies the registry's stylesheets into its own list.
    app.registry.css_files = [
        (name, attrs) for name, attrs in app.registry.css_files if name != JUPYTERLITE_CSS
    ]


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels "Last, Year", "Last and Last, Year", "Last et al., Year" (a, b on clashes)."""

    def format_labels(self, sorted_entries):
        """Yield one label per entry, adding a, b, ... to labels that occur more than once."""
        labels = [self.format_label(entry) for entry in sorted_entries]
        totals = Counter(labels)
        seen: Counter[str] = Counter()
        for label in labels:
            if totals[label] == 1:
                yield label
            else:
                name, year = label.rsplit(", ", 1)
                yield f"{name}, {year}{chr(ord('a') + seen[label])}"
                seen[label] += 1

    @staticmethod
    def _last(person) -> str:
        name = " ".join(person.prelast_names + person.last_names)
        return Text.from_latex(name).render_as("text")

    def format_label(self, entry) -> str:
        """Return the author-year label of one entry (editors when there is no author)."""
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [self._last(p) for p in persons]
        if not names:
            who = entry.fields.get("organization") or entry.fields.get("title", entry.key)
        elif len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} and {names[1]}"
        else:
            who = f"{names[0]} et al."
        return f"{who}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearStyle(UnsrtStyle):
    """pybtex's unsrt formatting, sorted by author, year, title, with author-year labels."""

    default_sorting_style = "author_year_title"
    default_label_style = "kit_author_year"


def _register_bibtex_style() -> None:
    register_plugin("pybtex.style.labels", "kit_author_year", AuthorYearLabelStyle, force=True)
    register_plugin("pybtex.style.formatting", "kit_author_year", AuthorYearStyle, force=True)


def _check_vendored_assets(app: Sphinx, config: Config) -> None:
    static_dirs = [Path(app.confdir, p) for p in config.html_static_path]
    wanted = list(getattr(config, "nb_ipywidgets_js", {}) or {})
    if getattr(config, "mathjax_path", None):
        wanted.append(config.mathjax_path)
    for rel in wanted:
        if "://" in rel or rel.startswith("//"):
            raise ConfigError(
                f"kit_site: {rel!r} is loaded from another site; the published site must "
                "make no third-party request. Vendor the file into book/_widgets/ "
                "(see book/_widgets/README.md) and use a path relative to _static/."
            )
        if not any((d / rel).is_file() for d in static_dirs):
            raise ConfigError(
                f"kit_site: {rel!r} is not in html_static_path "
                f"({', '.join(str(d) for d in static_dirs)}); see book/_widgets/README.md "
                "for how to vendor it."
            )


def _student_launch_links(app, pagename, templatename, context, doctree) -> None:
    setting = getattr(app.config, "kit_student_launch", "") or ""
    if not setting or context.get("page_source_suffix") != ".ipynb":
        return
    kind, _, value = setting.partition(":")
    marks = {
        "branch": (f"/{value}?", f"/blob/{value}/", f"branch={quote(value, safe='')}"),
        "folder": (f"/{value}/notebooks/", f"%2F{value}%2Fnotebooks%2F", f"/{value}/notebooks/"),
    }[kind]
    for group in context.get("header_buttons") or []:
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            url = button.get("url", "")
            if button.get("label") == "jupyterlite-button" or not url.startswith("http"):
                continue  # the student site's own JupyterLite holds the student editions
            if not any(mark in url for mark in marks):
                raise ExtensionError(
                    f"kit_site: {pagename}: the {button.get('text')} button opens {url}, not the "
                    f"student edition ({setting}); check STUDENT_LAUNCH and _config.yml."
                )
            button["tooltip"] = f"{button.get('tooltip', '')} (student edition)".strip()


def _png_description(path: Path) -> str:
    """The PNG ``Description`` text chunk of `path` ("" when absent or not a PNG)."""
    try:
        from PIL import Image

        with Image.open(path) as image:
            return str(getattr(image, "text", {}).get("Description", "")).strip()
    except (OSError, ValueError, SyntaxError):
        return ""


def _figure_alt_text(app: Sphinx, doctree, docname: str) -> None:
    from docutils import nodes

    doc_dir = Path(app.srcdir, docname).parent
    for image in doctree.findall(nodes.image):
        if image.get("alt"):
            continue
        for candidate in [*(image.get("candidates") or {}).values(), image.get("uri", "")]:
            if not str(candidate).lower().endswith(".png"):
                continue
            path = Path(candidate)
            for place in [path] if path.is_absolute() else [Path(app.srcdir, path), doc_dir / path]:
                text = _png_description(place) if place.is_file() else ""
                if text:
                    image["alt"] = text
                    break
            if image.get("alt"):
                break


def _exercise_numbers_per_page(app: Sphinx, env) -> list[str]:
    for numbers in env.toc_fignumbers.values():
        exercises = numbers.get("exercise")
        if exercises:
            ordered = sorted(exercises, key=lambda ident: exercises[ident])
            numbers["exercise"] = {ident: (k,) for k, ident in enumerate(ordered, start=1)}
    return []


def _files_digest(digest, folder: Path, pattern: str) -> None:
    if not folder.is_dir():
        digest.update(f"missing:{folder}".encode())
        return
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())


def kit_fingerprint(root: Path) -> str:
    """A digest of what the executed pages' outputs depend on besides their own source."""
    digest = hashlib.sha256()
    _files_digest(digest, root / "imlib", "*.py")
    _files_digest(digest, root / "datasets", "*")
    for name in sorted(k for k in os.environ if k.startswith("IMLIB_")):
        digest.update(f"{name}={os.environ[name]}".encode())
    if os.environ.get("IMLIB_DATA_DIR"):
        _files_digest(digest, Path(os.environ["IMLIB_DATA_DIR"]).expanduser(), "*")
    return digest.hexdigest()


def _kit_root(app: Sphinx) -> Path:
    """The checkout whose imlib the kernels import.

    The student site's source is a copy of the book without imlib/ and datasets/, so the book's
    own folder is not enough.
    """
    try:
        import imlib

        return Path(imlib.__file__).resolve().parents[1]
    except ImportError:
        return Path(app.srcdir)


def _has_code(path: Path) -> bool:
    if path.suffix == ".ipynb":
        return True
    try:
        return "{code-cell}" in path.read_text(encoding="utf-8")
    except OSError:
        return False


def _outdated_when_inputs_change(app: Sphinx, env, added, changed, removed) -> list[str]:
    fingerprint = kit_fingerprint(_kit_root(app))
    previous = getattr(env, "kit_fingerprint", None)
    env.kit_fingerprint = fingerprint
    if previous == fingerprint or not env.all_docs:
        return []  # unchanged, or a first build (which reads everything anyway)
    stale = [d for d in env.found_docs if d not in added and _has_code(Path(env.doc2path(d)))]
    if stale:
        from sphinx.util import logging

        logging.getLogger(__name__).info(
            f"kit_site: imlib, the datasets or the data variant changed; re-executing "
            f"{len(stale)} page(s) with code"
        )
    return stale


def _lite_output_on_failure() -> None:
    try:
        import jupyterlite_sphinx.jupyterlite_sphinx as lite
    except ImportError:
        return
    import subprocess
    import sys
    import types

    if getattr(lite.subprocess, "_kit_site_shim", False):
        return

    def run(command, *args, check=False, **kwargs):
        result = subprocess.run(command, *args, check=False, **kwargs)
        if result.returncode:
            for captured, stream in ((result.stdout, sys.stdout), (result.stderr, sys.stderr)):
                if isinstance(captured, bytes):
                    stream.write(captured.decode(errors="replace"))
            if check:
                raise subprocess.CalledProcessError(
                    result.returncode, command, result.stdout, result.stderr
                )
        return result

    lite.subprocess = types.SimpleNamespace(
        run=run,
        PIPE=subprocess.PIPE,
        CalledProcessError=subprocess.CalledProcessError,
        _kit_site_shim=True,
    )


def setup(app: Sphinx) -> dict:
    """Register the extension's fixes with Sphinx."""
    # Inherited by the kernels that execute the pages (item 11); part of the fingerprint.
    os.environ.setdefault("IMLIB_STATIC_STATES", "1")
    _backport_inline_js_dedup()
    _register_bibtex_style()
    _lite_output_on_failure()
    app.connect("config-inited", _check_vendored_assets)
    # sphinx-book-theme adds its launch buttons at priority 501; run after it.
    app.connect("html-page-context", _launch_buttons_only_on_notebooks, priority=600)
    app.connect("html-page-context", _jupyterlite_launch_button, priority=601)
    app.connect("config-inited", _drop_jupyterlite_web_font)
    app.add_config_value("kit_student_launch", "", "html", types=[str])
    app.connect("html-page-context", _student_launch_links, priority=602)
    app.connect("doctree-resolved", _figure_alt_text)
    app.connect("env-get-outdated", _outdated_when_inputs_change)
    # after Sphinx's TocTreeCollector has assigned the figure numbers (priority 500)
    app.connect("env-get-updated", _exercise_numbers_per_page, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
