"""The exercise test: source labs reach a passing check on every exercise; student editions
run clean with every exercise not attempted. Plus the conventions every lab keeps."""

import json
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from imlib.student import strip_solutions

ROOT = Path(__file__).resolve().parent.parent
LABS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LABEL = re.compile(r"\{exercise-start\}\s*\n\s*:label:\s*(\S+)")
REPORT = "import json as _j, imlib.exercises as _e; print('RESULTS' + _j.dumps(_e.results()))"


def declared_labels(notebook) -> list[str]:
    return [m for c in notebook.cells if c.cell_type == "markdown" for m in LABEL.findall(c.source)]


def execute(notebook) -> dict[str, list[str]]:
    notebook = nbformat.from_dict(json.loads(json.dumps(notebook)))
    notebook.cells.append(nbformat.v4.new_code_cell(REPORT))
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    ).execute()
    out = "".join(o.get("text", "") for o in notebook.cells[-1].outputs)
    return json.loads(out.split("RESULTS", 1)[1])


@pytest.fixture(scope="module", params=LABS, ids=lambda p: p.name)
def lab(request):
    return nbformat.read(request.param, as_version=4)


def test_every_exercise_reaches_a_passing_check(lab):
    labels = declared_labels(lab)
    assert len(labels) >= 5 and len(set(labels)) == len(labels)
    reached = execute(lab)
    for label in labels:
        assert "correct" in reached.get(label, []), f"{label}: {reached.get(label)}"
    assert not [k for k, v in reached.items() if "error" in v]


def test_student_edition_runs_with_nothing_attempted(lab):
    student, removed = strip_solutions(lab)
    labels = declared_labels(nbformat.from_dict(student))
    model_answers = json.dumps(lab).count("A model answer")
    assert removed == len(labels) + model_answers  # every solution and every model answer
    reached = execute(student)
    assert reached == {label: ["not attempted"] for label in labels}


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
