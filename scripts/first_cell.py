"""Write (or check) the install cell of every lab from the ONE repository setting.

The first code cell of each notebooks/NN-*.ipynb installs imlib where it is missing (Colab,
JupyterLite, any Python without the kit). Its repository URL and branch come from
_config.yml (``repository.url`` and ``repository.branch``), the same setting the site's
launch buttons use, so forking the kit means changing _config.yml and running

    .venv/bin/python scripts/first_cell.py          # rewrite the cells
    .venv/bin/python scripts/first_cell.py --check  # exit 1 when a lab disagrees (tests do this)

If the install fails (no network, a wrong URL), the cell stops with a message that says so,
instead of the next cell failing with ModuleNotFoundError.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MARKER = "# Colab, JupyterLite or any Python without the kit: install imlib once"

TEMPLATE = """\
# Colab, JupyterLite or any Python without the kit: install imlib once, when it is missing.
# (Written by scripts/first_cell.py from _config.yml's repository setting.)
import importlib
import sys

try:
    import imlib  # noqa: F401
except ModuleNotFoundError:
    if sys.platform == "emscripten":  # JupyterLite (Pyodide): the wheel in this site's pypi/
        %pip install imlib
    else:  # Colab or another Python: from the kit's repository
        %pip install --quiet "imlib @ git+{url}@{branch}"
    importlib.invalidate_caches()
    try:
        import imlib  # noqa: F401
    except ModuleNotFoundError:
        raise RuntimeError(
            "Installing imlib failed (see pip's messages above), so this lab cannot run. "
            "Check the internet connection (in Colab: Runtime > Change runtime type, then "
            "run this cell again), or install the kit as its README says: {url}"
        ) from None"""


def repository() -> tuple[str, str]:
    """The repository URL and branch from _config.yml."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = config.get("repository") or {}
    url, branch = str(repo.get("url", "")).rstrip("/"), str(repo.get("branch") or "main")
    if not url.startswith("https://"):
        raise SystemExit(
            f"first_cell: _config.yml repository.url must be an https URL; got {url!r}"
        )
    return url, branch


def cell_source() -> list[str]:
    """The install cell's source, as the notebook's list of lines."""
    url, branch = repository()
    text = TEMPLATE.format(url=url, branch=branch)
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def install_cell(nb: dict) -> dict:
    """The notebook's install cell (its first code cell, which must start with MARKER)."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            if "".join(cell["source"]).startswith(MARKER):
                return cell
            break
    raise ValueError("the first code cell is not the install cell")


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or with --check, compare) every lab's install cell; 1 when one disagreed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report labs that disagree")
    args = parser.parse_args(argv)
    wanted = cell_source()
    bad = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        text = path.read_text(encoding="utf-8")
        nb = json.loads(text)
        try:
            cell = install_cell(nb)
        except ValueError as err:
            bad.append(f"{path.name}: {err}")
            continue
        if cell["source"] == wanted:
            continue
        if args.check:
            bad.append(f"{path.name}: install cell differs from scripts/first_cell.py's")
            continue
        cell["source"] = wanted
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"first_cell: rewrote the install cell of {path.name}")
    for line in bad:
        print(f"first_cell: {line}", file=sys.stderr)
    if bad:
        print("first_cell: run `.venv/bin/python scripts/first_cell.py` to fix", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
