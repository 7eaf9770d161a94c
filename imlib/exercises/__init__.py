"""Exercise feedback: ``check(label, answer)`` and one checker module per lab.

>>> from imlib.exercises import check, labels
>>> len(labels()) >= 6
True
"""

from imlib.exercises import (
    internal_market,  # noqa: F401
    knowledge_renewal,  # noqa: F401
    loyalty,  # noqa: F401
    process_control,  # noqa: F401
    programme_design,  # noqa: F401
    quality_gaps,  # noqa: F401  (registers the lab's checkers)
    service_reliability,  # noqa: F401
    six_markets,  # noqa: F401
    staff_diagnostics,  # noqa: F401
)
from imlib.exercises._core import Verdict, check, checker, labels, reset_results, results

__all__ = ["Verdict", "check", "checker", "labels", "reset_results", "results"]
