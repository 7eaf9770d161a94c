"""Shared helpers for the classroom tests: rosters and submissions of every kind."""

from __future__ import annotations

import json
from pathlib import Path

from imlib.classroom.assign import bind_notebook
from imlib.classroom.roster import variant_seed

ROOT = Path(__file__).resolve().parent.parent
KEY = "a course key for the tests"


def lab_path(stem_prefix: str) -> Path:
    return next((ROOT / "notebooks").glob(f"{stem_prefix}-*.ipynb"))


def write_roster(path: Path, ids: list[str]) -> Path:
    lines = ["student_id,name,email"] + [f"{i},Student {i},{i}@example.org" for i in ids]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def code(source: str) -> dict:
    return {
        "cell_type": "code",
        "metadata": {},
        "source": source,
        "outputs": [],
        "execution_count": None,
    }


def instructor(lab: Path) -> dict:
    return json.loads(lab.read_text(encoding="utf-8"))


def solved(lab: Path, student_id: str) -> dict:
    """A real solution: the instructor notebook bound to the student's own variant."""
    return bind_notebook(
        instructor(lab), seed=variant_seed(KEY, student_id), student_id=student_id, lab=lab.stem
    )


def with_cell(notebook: dict, source: str, *, after_imports: bool = True) -> dict:
    """The notebook with one code cell added after its imports (or at the end)."""
    cells = list(notebook["cells"])
    at = len(cells)
    if after_imports:
        at = next(i for i, c in enumerate(cells) if "from imlib import" in "".join(c["source"])) + 1
    cells.insert(at, code(source))
    return {**notebook, "cells": cells}


def hand_in(root: Path, student_id: str, lab: Path, content) -> Path:
    folder = root / student_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{lab.stem}.ipynb"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path
