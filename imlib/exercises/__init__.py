"""Exercise feedback: ``check(label, answer)`` and one checker module per lab.

Every public module of this package is a lab's checker module; importing the package
imports them all (found on disk, so a new lab's module needs no import list), which
registers their checkers.

>>> from imlib.exercises import check, labels
>>> len(labels()) >= 6
True
"""

import importlib
import pkgutil

from imlib.exercises._core import (
    Feedback,
    Lab,
    Mistake,
    Verdict,
    check,
    checker,
    judge_choice,
    judge_number,
    labels,
    labs,
    reset_results,
    results,
)

__all__ = [
    "Feedback",
    "Lab",
    "Mistake",
    "Verdict",
    "check",
    "checker",
    "checker_modules",
    "judge_choice",
    "judge_number",
    "labels",
    "labs",
    "reset_results",
    "results",
]


def checker_modules() -> list[str]:
    """Return the names of the labs' checker modules (every public module here), sorted."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


for _name in checker_modules():
    importlib.import_module(f"{__name__}.{_name}")
