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

from imlib.exercises import _core
from imlib.exercises._core import *  # noqa: F403 (its __all__ is the one list)

__all__ = [*_core.__all__, "checker_modules"]


def checker_modules() -> list[str]:
    """Return the names of the labs' checker modules (every public module here), sorted."""
    found = pkgutil.iter_modules(__path__)  # noqa: F405 (a package's own __path__)
    return sorted(m.name for m in found if not m.name.startswith("_"))


for _name in checker_modules():
    importlib.import_module(f"{__name__}.{_name}")
