"""Keep the published site self-contained (a small local Sphinx extension, see _config.yml).

1. Back-port of sphinx-doc/sphinx#13402 (Sphinx 8.2) to Sphinx 7: an inline script that an
   extension registers after ``Builder.init()`` with ``app.add_js_file(None, body=...)`` reaches
   the HTML builder once as ``None`` and, in ``prepare_writing``, again as ``""``; the two do not
   compare equal, so the script is written into every page twice. With sphinx-thebe this was
   ``const THEBE_JS_URL = ...`` twice, i.e. the console error "Identifier 'THEBE_JS_URL' has
   already been declared". _config.yml no longer loads sphinx_thebe at all; this patch stops
   the same duplication for the other late inline scripts (sphinx-togglebutton's selector).

2. A build-time check that the vendored scripts referenced by ``nb_ipywidgets_js`` and
   ``mathjax_path`` exist in ``html_static_path`` and are local paths, so a missing or
   CDN-pointing entry fails the build instead of silently producing blank widgets offline.
"""

from __future__ import annotations

from pathlib import Path

import sphinx
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError


def _backport_inline_js_dedup() -> None:
    if sphinx.version_info >= (8, 2):
        return
    from sphinx.builders.html import StandaloneHTMLBuilder

    original = StandaloneHTMLBuilder.add_js_file
    if getattr(original, "_kit_offline_patched", False):
        return

    def add_js_file(self, filename, **kwargs):
        return original(self, filename or "", **kwargs)

    add_js_file._kit_offline_patched = True  # type: ignore[attr-defined]
    StandaloneHTMLBuilder.add_js_file = add_js_file  # type: ignore[method-assign]


def _check_vendored_assets(app: Sphinx, config: Config) -> None:
    static_dirs = [Path(app.confdir, p) for p in config.html_static_path]
    wanted = list(getattr(config, "nb_ipywidgets_js", {}) or {})
    if getattr(config, "mathjax_path", None):
        wanted.append(config.mathjax_path)
    for rel in wanted:
        if "://" in rel or rel.startswith("//"):
            raise ConfigError(
                f"kit_offline: {rel!r} is loaded from another site; the published site must "
                "make no third-party request. Vendor the file into book/_widgets/ "
                "(see book/_widgets/README.md) and use a path relative to _static/."
            )
        if not any((d / rel).is_file() for d in static_dirs):
            raise ConfigError(
                f"kit_offline: {rel!r} is not in html_static_path "
                f"({', '.join(str(d) for d in static_dirs)}); see book/_widgets/README.md "
                "for how to vendor it."
            )


def setup(app: Sphinx) -> dict:
    _backport_inline_js_dedup()
    app.connect("config-inited", _check_vendored_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
