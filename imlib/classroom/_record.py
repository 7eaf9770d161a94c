"""Inside a grading kernel: a ``check`` that records answers instead of judging them.

The grader runs ``install(path)`` in the kernel before the submission's first cell.
Every ``check(label, answer)`` then appends one JSON line ``{"label", "answer"}`` to
``path``; nothing is judged in the kernel, so nothing the submission does to ``check``,
to imlib or to its own output can change a verdict. The grader judges the recorded
answers in its own process.
"""

from __future__ import annotations

import json

__all__ = ["Recorded", "install"]


class Recorded:
    """What the recording ``check`` returns: no verdict, only a receipt."""

    status = "recorded"

    def __init__(self, label: str):
        self.label = label
        self.message = "Answer recorded for grading."

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"[{self.label}] answer recorded for grading"


def install(path: str) -> None:
    """Replace ``imlib.check`` (and ``imlib.exercises.check``) by a recorder writing to ``path``."""
    import imlib
    import imlib.exercises
    from imlib.classroom._wire import MAX_ANSWER_CHARS, encode

    def check(label, answer, *args, **kwargs):
        try:
            line = json.dumps({"label": str(label), "answer": encode(answer)}, allow_nan=False)
        except (TypeError, ValueError, RecursionError):
            line = json.dumps({"label": str(label), "answer": {"kind": "unsupported"}})
        if len(line) > MAX_ANSWER_CHARS:
            line = json.dumps({"label": str(label), "answer": {"kind": "unsupported"}})
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
        return Recorded(str(label))

    import imlib.exercises._core as core

    # Every public way to the checker: imlib.check, imlib.exercises.check and the module
    # that defines it. A submission that calls check another way records nothing.
    imlib.exercises.check = check
    imlib.check = check
    core.check = check
