"""Student editions: the labs with every solution and every model answer removed.

A solution region is the gated sphinx-exercise pattern: a Markdown cell that opens with
a ``{solution-start}`` directive, the cells after it, and the Markdown cell with the
matching ``{solution-end}`` directive. Everything in between, both ends included, is
removed. A model answer is a directive block inside a Markdown cell (an admonition or a
dropdown whose title starts with "A model answer" or "Model answer", or that carries the
class ``model-answer``); the block is cut out of the cell and the rest of the cell kept.
A cell tagged ``solution`` or ``model-answer`` is removed whole. Every other cell is kept
as it is, except that outputs are cleared.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from imlib._files import write_file

__all__ = [
    "SolutionMarkupError",
    "write_answer_editions",
    "strip_model_answers",
    "strip_solutions",
    "write_student_editions",
]

_START = re.compile(r"^\s*(```+|:::+)\s*\{solution-start\}", re.MULTILINE)
_END = re.compile(r"^\s*(```+|:::+)\s*\{solution-end\}", re.MULTILINE)
_OPEN = re.compile(r"^[ \t]*(`{3,}|:{3,})[ \t]*\{([a-z-]+)\}[ \t]*(.*?)[ \t]*$")
_MODEL_TITLE = re.compile(r"^(an?\s+)?model\s+answers?\b", re.IGNORECASE)
_ANSWER_TAGS = {"solution", "model-answer", "answer"}
#: What a student edition shows where a model answer was.
MODEL_ANSWER_NOTE = "*(Your instructor hands out the model answer after the deadline.)*"


class SolutionMarkupError(ValueError):
    """A notebook's solution regions are not properly opened and closed."""


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def strip_model_answers(text: str, *, name: str = "notebook") -> tuple[str, int]:
    r"""Return Markdown ``text`` without its model-answer blocks, and how many were cut.

    Examples
    --------
    >>> text = (
    ...     "Write a paragraph.\n\n```{admonition} A model answer\n:class: dropdown\nSecret.\n```\n"
    ... )
    >>> cut, n = strip_model_answers(text)
    >>> n, "Secret" in cut, cut.splitlines()[0]
    (1, False, 'Write a paragraph.')
    """
    lines = text.splitlines(keepends=True)
    out, removed, i = [], 0, 0
    while i < len(lines):
        match = _OPEN.match(lines[i].rstrip("\n"))
        if not match:
            out.append(lines[i])
            i += 1
            continue
        fence, directive, title = match.groups()
        close = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
        end = next(
            (j for j in range(i + 1, len(lines)) if close.match(lines[j].rstrip("\n"))), None
        )
        block = lines[i : (end if end is not None else len(lines)) + 1]
        options = [ln.strip() for ln in block[1:] if ln.strip().startswith(":")]
        is_model = bool(_MODEL_TITLE.match(title)) or any(
            opt.startswith(":class:") and "model-answer" in opt for opt in options
        )
        if not is_model:
            out.append(lines[i])
            i += 1
            continue
        if end is None:
            raise SolutionMarkupError(
                f"strip_model_answers(): {name}: the model answer opened by {lines[i].strip()!r} "
                f"is never closed with {fence}."
            )
        out.append(MODEL_ANSWER_NOTE + "\n")
        removed += 1
        i = end + 1
    return "".join(out), removed


def strip_solutions(notebook: dict, *, name: str = "notebook") -> tuple[dict, int]:
    """Return a copy of a notebook (as JSON data) without its solution regions.

    Parameters
    ----------
    notebook : dict
        The notebook as read by ``json.load``.
    name : str
        Used in error messages.

    Returns
    -------
    (dict, int)
        The student notebook and the number of regions removed (solution regions,
        model answers and cells tagged ``solution`` or ``model-answer``).

    Raises
    ------
    SolutionMarkupError
        If a region is opened twice, closed without being opened, or never closed.

    Examples
    --------
    >>> def md(text):
    ...     return {"cell_type": "markdown", "metadata": {}, "source": text}
    >>> nb = {
    ...     "cells": [
    ...         md("Question"),
    ...         md("```{solution-start} q1\\n```"),
    ...         {
    ...             "cell_type": "code",
    ...             "metadata": {},
    ...             "source": "answer = 42",
    ...             "outputs": [],
    ...             "execution_count": None,
    ...         },
    ...         md("```{solution-end}\\n```"),
    ...         md("Next"),
    ...     ]
    ... }
    >>> student, removed = strip_solutions(nb)
    >>> removed, [c["source"] for c in student["cells"]]
    (1, ['Question', 'Next'])
    """
    cells = notebook.get("cells", [])
    kept, inside, opened_at, removed = [], False, None, 0
    for position, cell in enumerate(cells):
        text = _source(cell) if cell.get("cell_type") == "markdown" else ""
        starts, ends = bool(_START.search(text)), bool(_END.search(text))
        if starts and ends:
            removed += 1  # a region within one cell
            continue
        if starts:
            if inside:
                raise SolutionMarkupError(
                    f"strip_solutions(): {name}: cell {position} opens a solution while the one "
                    f"opened in cell {opened_at} is still open; add its {{solution-end}}."
                )
            inside, opened_at = True, position
            continue
        if ends:
            if not inside:
                raise SolutionMarkupError(
                    f"strip_solutions(): {name}: cell {position} closes a solution that was "
                    "never opened with {solution-start}."
                )
            inside, removed = False, removed + 1
            continue
        if inside:
            continue
        if _ANSWER_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            removed += 1
            continue
        if cell.get("cell_type") == "markdown":
            cut, models = strip_model_answers(text, name=f"{name} cell {position}")
            if models:
                cell = {**cell, "source": cut}
                removed += models
        kept.append(_clear_outputs(cell))
    if inside:
        raise SolutionMarkupError(
            f"strip_solutions(): {name}: the solution opened in cell {opened_at} is never "
            "closed with {solution-end}."
        )
    student = dict(notebook)
    student["cells"] = kept
    return student, removed


def _clear_outputs(cell: dict) -> dict:
    if cell.get("cell_type") != "code":
        return cell
    return {**cell, "outputs": [], "execution_count": None}


def write_student_editions(
    notebooks: list[Path], out: Path, *, force: bool = False
) -> list[tuple[Path, int]]:
    """Write a student edition of each notebook into ``out``.

    An existing file in ``out`` is replaced only with ``force``: it may hold a student's
    work. Files are written atomically.

    Returns
    -------
    list of (Path, int)
        Each written file and the number of solution regions removed.

    Raises
    ------
    FileExistsError
        If a target exists and ``force`` is false (nothing is written then).
    SolutionMarkupError
        If a notebook's solution markup is broken (nothing is written then).
    """
    out = Path(out)
    planned = []
    for path in notebooks:
        path = Path(path)
        with path.open(encoding="utf-8") as fh:
            notebook = json.load(fh)
        student, removed = strip_solutions(notebook, name=str(path))
        planned.append((out / path.name, student, removed))
    clashes = [target for target, _, _ in planned if target.exists()]
    if clashes and not force:
        raise FileExistsError(
            f"write_student_editions(): {clashes[0]} already exists and may hold a student's "
            "work; choose another --out folder or pass --force to replace it."
        )
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for target, student, removed in planned:
        text = json.dumps(student, indent=1, ensure_ascii=False) + "\n"
        write_file(target, text, overwrite=True, func="write_student_editions")
        written.append((target, removed))
    return written


def write_answer_editions(notebooks: list[Path], out: Path, *, force: bool = False) -> list[Path]:
    """Write the answers edition of each lab (solutions and model answers kept, outputs cleared).

    For an instructor to hand out after a deadline; the student editions never hold them.
    """
    out = Path(out)
    planned = []
    for path in notebooks:
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
        strip_solutions(notebook, name=str(path))  # refuse broken markup here too
        cells = [_clear_outputs(c) for c in notebook.get("cells", [])]
        planned.append((out / f"{Path(path).stem}-answers.ipynb", {**notebook, "cells": cells}))
    clashes = [target for target, _ in planned if target.exists()]
    if clashes and not force:
        raise FileExistsError(
            f"write_answer_editions(): {clashes[0]} already exists; choose another --out "
            "folder or pass --force to replace it."
        )
    out.mkdir(parents=True, exist_ok=True)
    for target, notebook in planned:
        text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
        write_file(target, text, overwrite=True, func="write_answer_editions")
    return [target for target, _ in planned]
