"""The labs an instructor can assign and grade, and the exercise labels of each."""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["LabError", "exercise_labels", "lab_notebooks", "resolve_labs"]

_LABEL = re.compile(r"\{exercise-start\}[^\n]*\n(?:[ \t]*:[^\n]*\n)*?[ \t]*:label:[ \t]*(\S+)")


class LabError(ValueError):
    """An unknown lab was named."""


def lab_notebooks(folder: Path | None = None) -> list[Path]:
    """Return the instructor notebooks of the labs (``notebooks/NN-topic.ipynb``), in order."""
    folder = folder or Path(__file__).resolve().parent.parent.parent / "notebooks"
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def resolve_labs(names: list[str] | None, *, func: str, folder: Path | None = None) -> list[Path]:
    """Turn ``--labs`` names (``03``, ``3``, ``03-quality-gaps``) into lab notebooks.

    ``None`` or an empty list means every lab.

    Raises
    ------
    LabError
        For a name that matches no lab (the first such name is given, with the labs).
    """
    labs = lab_notebooks(folder)
    if not labs:
        raise LabError(f"{func}(): no lab notebooks found in notebooks/.")
    if not names:
        return labs
    chosen = []
    for name in names:
        text = str(name).strip().removesuffix(".ipynb")
        number = text.zfill(2) if text.isdigit() else None
        hits = [p for p in labs if p.stem == text or (number and p.stem.startswith(number + "-"))]
        if len(hits) != 1:
            raise LabError(
                f"{func}(): unknown lab {name!r}; the labs are "
                f"{', '.join(p.stem for p in labs)} (give the number, e.g. 03, or the full name)."
            )
        if hits[0] not in chosen:
            chosen.append(hits[0])
    return chosen


def exercise_labels(notebook: Path) -> list[str]:
    """Return the exercise labels a lab declares that have a checker, in notebook order."""
    from imlib.exercises import labels

    known = set(labels())
    data = json.loads(Path(notebook).read_text(encoding="utf-8"))
    found = []
    for cell in data.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        src = cell.get("source", "")
        text = "".join(src) if isinstance(src, list) else src
        for label in _LABEL.findall(text):
            if label in known and label not in found:
                found.append(label)
    return found
