"""The labs' install cell (scripts/first_cell.py): one repository setting, a clear failure."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def first_cell():
    spec = importlib.util.spec_from_file_location("first_cell", ROOT / "scripts" / "first_cell.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_lab_installs_from_the_configured_repository(first_cell):
    url, branch = first_cell.repository()
    assert first_cell.main(["--check"]) == 0
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        source = "".join(first_cell.install_cell(json.loads(path.read_text("utf-8")))["source"])
        assert f"git+{url}@{branch}" in source, path.name


def test_check_fails_when_a_lab_disagrees(first_cell, tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "_config.yml").write_text(
        "repository:\n  url: https://example.org/fork/kit\n  branch: term2\n", encoding="utf-8"
    )
    lab = json.loads((ROOT / "notebooks" / "03-quality-gaps.ipynb").read_text("utf-8"))
    (tmp_path / "notebooks" / "03-quality-gaps.ipynb").write_text(json.dumps(lab), "utf-8")
    monkeypatch.setattr(first_cell, "ROOT", tmp_path)
    assert first_cell.main(["--check"]) == 1  # still the kit's own URL
    assert first_cell.main([]) == 0  # rewrites it
    assert first_cell.main(["--check"]) == 0
    rewritten = json.loads((tmp_path / "notebooks" / "03-quality-gaps.ipynb").read_text("utf-8"))
    assert "git+https://example.org/fork/kit@term2" in "".join(
        first_cell.install_cell(rewritten)["source"]
    )
    # every other cell is untouched
    assert rewritten["cells"][2:] == lab["cells"][2:]


def _run_cell(source: str, monkeypatch, *, installs: bool):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    calls = []

    def fake_pip(line):  # no network: record the command, "install" only when asked to
        calls.append(line)
        if installs:
            monkeypatch.delitem(sys.modules, "imlib")

    shell.register_magic_function(fake_pip, "line", "pip")
    monkeypatch.setitem(sys.modules, "imlib", None)  # as if imlib were not installed
    result = shell.run_cell(source)
    return result, calls


def test_install_cell_stops_with_a_clear_message_when_the_install_fails(first_cell, monkeypatch):
    source = "".join(first_cell.cell_source())
    result, calls = _run_cell(source, monkeypatch, installs=False)
    assert calls and "git+" in calls[0]
    assert isinstance(result.error_in_exec, RuntimeError)
    assert "Installing imlib failed" in str(result.error_in_exec)


def test_install_cell_goes_on_when_the_install_works(first_cell, monkeypatch):
    result, calls = _run_cell("".join(first_cell.cell_source()), monkeypatch, installs=True)
    assert calls and result.error_in_exec is None
