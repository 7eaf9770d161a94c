"""Exercise feedback: ``check(label, answer)`` and one checker module per lab.

>>> from imlib.exercises import check, labels
>>> len(labels()) >= 6
True
"""

from imlib.exercises import quality_gaps  # noqa: F401  (registers the lab's checkers)
from imlib.exercises._core import Verdict, check, checker, labels, reset_results, results

__all__ = ["Verdict", "check", "checker", "labels", "reset_results", "results"]
