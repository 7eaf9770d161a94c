"""The conventions every lab keeps, read from the notebooks without running them.

Running them is the builds' job: `make book` and `make student-book` execute every lab (a
cell error fails the build), and tests/site/test_lab_exercises.py then reads the feedback the
executed labs showed (every exercise passes in the instructor notebooks and shows "not
attempted" in the student editions).
"""

import json
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from imlib.student import strip_solutions

ROOT = Path(__file__).resolve().parent.parent
LABS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LABEL = re.compile(r"\{exercise-start\}\s*\n\s*:label:\s*(\S+)")


def declared_labels(notebook) -> list[str]:
    return [m for c in notebook.cells if c.cell_type == "markdown" for m in LABEL.findall(c.source)]


@pytest.fixture(scope="module", params=LABS, ids=lambda p: p.name)
def lab(request):
    return nbformat.read(request.param, as_version=4)


def test_every_lab_declares_its_exercises_once(lab):
    labels = declared_labels(lab)
    assert len(labels) >= 5 and len(set(labels)) == len(labels)


def test_student_edition_removes_every_solution_and_model_answer(lab):
    student, removed = strip_solutions(lab)
    labels = declared_labels(nbformat.from_dict(student))
    assert labels == declared_labels(lab)  # every exercise stays, without its solution
    model_answers = json.dumps(lab).count("A model answer")
    assert removed == len(labels) + model_answers
    assert "A model answer" not in json.dumps(student)


def test_labs_are_committed_without_outputs(lab):
    for cell in lab.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_colab_cell_installs_from_the_one_repository_setting(lab):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"]
    first_code = next(c for c in lab.cells if c.cell_type == "code")
    assert f"git+{url}" in first_code.source
    assert "except ModuleNotFoundError" in first_code.source
    assert "remove-cell" in first_code.metadata.get("tags", [])


def test_every_lab_is_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for path in LABS:
        assert f"notebooks/{path.stem}" in toc


def test_widget_cells_are_ignored_by_nbval_and_preceded_by_a_static_figure(lab):
    cells = [c for c in lab.cells if c.cell_type == "code"]
    for k, cell in enumerate(cells):
        if "_explorer(" in cell.source:
            assert "nbval-ignore-output" in cell.metadata.get("tags", [])
            assert "draw_" in cells[k - 1].source or "plot_" in cells[k - 1].source
