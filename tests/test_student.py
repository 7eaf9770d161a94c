"""Student editions: solutions removed, nothing else changed, nothing overwritten."""

import json
from pathlib import Path

import pytest

from imlib.student import SolutionMarkupError, strip_solutions, write_student_editions

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


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_loses_only_its_solution_regions(lab):
    notebook = json.loads(lab.read_text(encoding="utf-8"))
    student, removed = strip_solutions(notebook)
    text = json.dumps(student)
    assert removed >= 5
    assert "solution-start" not in text and "solution-end" not in text
    assert text.count("exercise-start") == removed
    kept = [c for c in notebook["cells"] if c in student["cells"]]
    assert kept == student["cells"]  # every remaining cell is unchanged, in order
    assert len(notebook["cells"]) - len(student["cells"]) == 3 * removed
    assert student["metadata"] == notebook["metadata"]


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
