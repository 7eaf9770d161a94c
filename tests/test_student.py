"""Student editions: solutions removed, nothing else changed, nothing overwritten."""

import json
from pathlib import Path

import pytest

from imlib.student import (
    MODEL_ANSWER_NOTE,
    SolutionMarkupError,
    strip_model_answers,
    strip_solutions,
    write_student_editions,
)

ROOT = Path(__file__).resolve().parent.parent
LABS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code(text):
    return {
        "cell_type": "code",
        "metadata": {},
        "source": text,
        "outputs": [],
        "execution_count": None,
    }


def _model_answers(notebook):
    """The text of every model-answer block of a notebook (body lines, options dropped)."""
    bodies = []
    for cell in notebook["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for part in text.split("{admonition} A model answer")[1:]:
            body = part.split("\n```")[0]
            bodies += [ln for ln in body.splitlines() if ln.strip() and not ln.startswith(":")]
    return bodies


def _solution_region_cells(notebook):
    """How many cells lie in solution regions, fences included (counted independently)."""
    inside, count = False, 0
    for cell in notebook["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        starts = cell["cell_type"] == "markdown" and "{solution-start}" in text
        inside = inside or starts
        count += inside
        if inside and cell["cell_type"] == "markdown" and "{solution-end}" in text:
            inside = False
    return count


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_loses_its_solutions_and_model_answers_and_nothing_else(lab):
    notebook = json.loads(lab.read_text(encoding="utf-8"))
    student, removed = strip_solutions(notebook)
    text = json.dumps(student)
    solutions = text.count("exercise-start")
    models = json.dumps(notebook).count("A model answer")
    assert solutions >= 5
    assert removed == solutions + models
    assert "solution-start" not in text and "solution-end" not in text
    assert "A model answer" not in text
    for line in _model_answers(notebook):
        assert line not in text, line
    assert text.count(MODEL_ANSWER_NOTE.replace("*", "")) == models
    edited = [c for c in student["cells"] if c not in notebook["cells"]]
    assert len(edited) == models  # only the cells that held a model answer changed
    kept = [c for c in notebook["cells"] if c in student["cells"]]
    assert kept == [c for c in student["cells"] if c not in edited]  # unchanged, in order
    assert len(notebook["cells"]) - len(student["cells"]) == _solution_region_cells(notebook)
    assert student["metadata"] == notebook["metadata"]


@pytest.mark.parametrize(
    "text",
    [
        "Q.\n\n```{admonition} A model answer\n:class: dropdown\nSECRET\n```\nAfter.\n",
        "Q.\n\n:::{dropdown} Model answer\nSECRET\n:::\nAfter.\n",
        "Q.\n\n````{admonition} Our view\n:class: dropdown, model-answer\nSECRET\n"
        "```python\nx = 1\n```\n````\nAfter.\n",
    ],
)
def test_model_answers_in_every_markup_are_cut(text):
    cut, n = strip_model_answers(text)
    assert n == 1 and "SECRET" not in cut and "x = 1" not in cut
    assert cut.startswith("Q.") and cut.endswith("After.\n")


def test_other_admonitions_stay_and_tagged_cells_go():
    note = "```{admonition} A hint\n:class: dropdown\nTry the mean.\n```\n"
    assert strip_model_answers(note) == (note, 0)
    tagged = {**md("The answer is 42."), "metadata": {"tags": ["model-answer"]}}
    student, removed = strip_solutions({"cells": [md("Q"), tagged]})
    assert removed == 1 and [c["source"] for c in student["cells"]] == ["Q"]
    with pytest.raises(SolutionMarkupError, match="never closed"):
        strip_model_answers("```{admonition} A model answer\nno end\n")


@pytest.mark.parametrize(
    ("cells", "match"),
    [
        (
            [md("```{solution-start} a\n```"), code("x"), md("```{solution-start} b\n```")],
            "still open",
        ),
        ([md("```{solution-end}\n```")], "never opened"),
        ([md("```{solution-start} a\n```"), code("x")], "never closed"),
    ],
)
def test_broken_markup_is_refused(cells, match):
    with pytest.raises(SolutionMarkupError, match=match):
        strip_solutions({"cells": cells}, name="demo.ipynb")


def test_existing_student_work_is_never_overwritten(tmp_path):
    out = tmp_path / "student"
    out.mkdir()
    mine = out / LABS[0].name
    mine.write_text("my work", encoding="utf-8")
    with pytest.raises(FileExistsError, match="may hold a student's work"):
        write_student_editions(LABS, out)
    assert mine.read_text(encoding="utf-8") == "my work"
    written = write_student_editions(LABS, out, force=True)
    assert [p for p, _ in written] == [out / lab.name for lab in LABS]
    assert json.loads(mine.read_text(encoding="utf-8"))["cells"]
