"""``python -m imlib assign``: each student's own student editions, bound to their variant.

For every roster row and every chosen lab, ``OUT/<student_id>/<lab>.ipynb`` is the lab's
student edition (no solution, no model answer) with one cell added after the install
cell: ``use_variant(<seed>)``, the student's personal seed derived from the course key
(:func:`imlib.classroom.roster.variant_seed`). The notebook holds no secret and no data
file: imlib generates the student's datasets in memory wherever the notebook is opened.
The same key, roster and labs always give byte-identical notebooks, so a lost file is
re-issued by running the same command again.
"""

from __future__ import annotations

import copy
import json
import secrets
from pathlib import Path

from imlib.classroom._io import write_text
from imlib.classroom.labs import resolve_labs
from imlib.classroom.roster import KEY_FILE, load_course_key, read_roster, variant_seed

__all__ = ["assign", "bind_notebook"]

BINDING_TAG = "imlib-variant"


def _binding_cell(seed: int) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": "imlib-variant",
        "metadata": {"tags": [BINDING_TAG]},
        "outputs": [],
        "source": [
            "# Your own data: every dataset this notebook loads is generated for you, and the\n",
            "# checks use the same data. Keep this cell and run it first.\n",
            "from imlib.datasets import use_variant\n",
            "\n",
            f"use_variant({seed})",
        ],
    }


def bind_notebook(student_edition: dict, *, seed: int, student_id: str, lab: str) -> dict:
    """Return a copy of a student edition bound to a variant (its cell after the install cell)."""
    notebook = copy.deepcopy(student_edition)
    cells = [
        c for c in notebook["cells"] if BINDING_TAG not in c.get("metadata", {}).get("tags", [])
    ]
    codes = [i for i, c in enumerate(cells) if c.get("cell_type") == "code"]
    first = codes[0] if codes else -1
    install = first >= 0 and "import imlib" in "".join(cells[first].get("source", ""))
    at = first + 1 if install else (first if first >= 0 else len(cells))
    cells.insert(at, _binding_cell(seed))
    notebook["cells"] = cells
    notebook.setdefault("metadata", {})["imlib"] = {
        "lab": lab,
        "student_id": student_id,
        "variant": seed,
        "note": "Informational only: the grader derives the variant from its roster.",
    }
    notebook.setdefault("nbformat", 4)
    notebook["nbformat_minor"] = max(int(notebook.get("nbformat_minor", 5)), 5)
    return notebook


def assign(
    roster: str | Path,
    out: str | Path,
    *,
    labs: list[str] | None = None,
    course_key: str | None = None,
    course_key_file: str | Path | None = None,
    force: bool = False,
) -> dict:
    """Write every student's bound student editions; return a summary.

    The roster and the lab names are checked before anything is written. Without
    ``course_key`` or ``course_key_file``, the key is read from ``OUT/course-key.txt``,
    or made and written there (mode 0600) on the first run.

    Returns
    -------
    dict
        ``written`` and ``unchanged`` (lists of paths), ``key_file`` (path or None).

    Raises
    ------
    RosterError, LabError
        For a bad roster or an unknown lab (nothing is written).
    FileExistsError
        If a target exists with other content (it may hold a student's work) and
        ``force`` is false (nothing is written).
    """
    from imlib.student import strip_solutions

    func = "assign"
    students = read_roster(roster, func=func)
    notebooks = resolve_labs(labs, func=func)
    out = Path(out)
    editions = {}
    for path in notebooks:
        source = json.loads(path.read_text(encoding="utf-8"))
        editions[path.stem], _ = strip_solutions(source, name=str(path.name))
    key_file = course_key_file if course_key_file is not None else out / KEY_FILE
    new_key = course_key is None and not Path(key_file).exists()
    if new_key:
        key, key_path = secrets.token_hex(32), Path(key_file)  # written with the notebooks
    else:
        key, key_path = load_course_key(course_key, key_file, create=False, func=func)
    planned = []
    for student in students:
        seed = variant_seed(key, student.student_id)
        for lab, edition in editions.items():
            bound = bind_notebook(edition, seed=seed, student_id=student.student_id, lab=lab)
            text = json.dumps(bound, indent=1, ensure_ascii=False) + "\n"
            planned.append((out / student.student_id / f"{lab}.ipynb", text))
    unchanged = [t for t, text in planned if t.is_file() and t.read_text("utf-8") == text]
    clashes = [t for t, _ in planned if t.exists() and t not in unchanged]
    if clashes and not force:
        raise FileExistsError(
            f"{func}(): {clashes[0]} already exists with other content and may hold a "
            f"student's work ({len(clashes)} such file(s)); choose another --out or pass --force."
        )
    if new_key:
        write_text(key_path, key + "\n", mode=0o600, func=func)
    written = []
    for target, text in planned:
        if target not in unchanged:
            write_text(target, text, func=func)
            written.append(target)
    return {"written": written, "unchanged": unchanged, "key_file": key_path}
